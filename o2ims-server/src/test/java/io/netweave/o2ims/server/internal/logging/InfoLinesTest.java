package io.netweave.o2ims.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;

/** {@link InfoLines} against a real logback context: what operators configure still applies. */
class InfoLinesTest {
  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> root = new ListAppender<>();
  private final ListAppender<ILoggingEvent> routed = new ListAppender<>();
  private final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
  private Logger access;

  @BeforeEach
  void configure() {
    context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's SLF4J binding sets it up
    root.setContext(context);
    root.start();
    routed.setContext(context);
    routed.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(root);
    access = context.getLogger("netweave.access");
    encoder.setContext(context);
    encoder.setPattern("%-5level [%thread] %logger{24} - %msg%n");
    encoder.start();
  }

  private String encoded(ILoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void theLineReachesTheAppendersAsLoggerInfoWouldWriteIt() {
    long before = System.currentTimeMillis();
    InfoLines.info(access, "id GET /x 200 3B 0ms");
    access.info("id GET /x 200 3B 0ms");
    assertThat(root.list).hasSize(2);
    ILoggingEvent direct = root.list.get(0);
    assertThat(encoded(direct)).isEqualTo(encoded(root.list.get(1)));
    assertThat(direct.getLevel()).isEqualTo(Level.INFO);
    assertThat(direct.getLoggerName()).isEqualTo("netweave.access");
    assertThat(direct.getThreadName()).isEqualTo(Thread.currentThread().getName());
    assertThat(direct.getTimeStamp()).isBetween(before, System.currentTimeMillis());
    assertThat(direct.getInstant().toEpochMilli()).isEqualTo(direct.getTimeStamp());
    assertThat(direct.getNanoseconds() % 1_000_000).isZero();
    assertThat(direct.getLoggerContextVO().getName()).isEqualTo(context.getName());
    assertThat(direct.getMDCPropertyMap()).isEqualTo(root.list.get(1).getMDCPropertyMap());
  }

  @Test
  void theLoggersLevelAppendersAndAdditivityApply() {
    access.setLevel(Level.WARN);
    InfoLines.info(access, "dropped");
    assertThat(root.list).isEmpty();

    access.setLevel(Level.INFO);
    access.addAppender(routed);
    access.setAdditive(false);
    InfoLines.info(access, "routed");
    assertThat(root.list).isEmpty();
    assertThat(routed.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("routed");

    context.getLogger("netweave").setLevel(Level.OFF);
    access.setLevel(null); // inherits OFF
    InfoLines.info(access, "off");
    assertThat(routed.list).hasSize(1);
  }

  @Test
  void anAppendersFilterApplies() {
    root.addFilter(
        new Filter<>() {
          @Override
          public FilterReply decide(ILoggingEvent event) {
            return event.getFormattedMessage().contains("/healthz")
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
          }
        });
    InfoLines.info(access, "id GET /healthz 200 2B 0ms");
    InfoLines.info(access, "id GET /x 200 3B 0ms");
    assertThat(root.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("id GET /x 200 3B 0ms");
  }

  @Test
  void turboFiltersSeeTheLineAsWithLoggerInfo() {
    TurboFilter denyProbes =
        new TurboFilter() {
          @Override
          public FilterReply decide(
              Marker marker,
              Logger logger,
              Level level,
              String format,
              Object[] params,
              Throwable t) {
            return format != null && format.contains("/healthz")
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
          }
        };
    denyProbes.start();
    context.addTurboFilter(denyProbes);
    InfoLines.info(access, "id GET /healthz 200 2B 0ms");
    InfoLines.info(access, "id GET /x 200 3B 0ms");
    assertThat(root.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("id GET /x 200 3B 0ms");
  }

  @Test
  void anAsciiMessageReachesTheAppendersAsItsTextWould() {
    access.addAppender(routed);
    InfoLines.info(access, new TextMessage("id GET /x?a={} 200 3B 0ms"));
    access.info("id GET /x?a={} 200 3B 0ms");
    assertThat(routed.list).hasSize(2);
    assertThat(encoded(routed.list.get(0))).isEqualTo(encoded(routed.list.get(1)));
    assertThat(routed.list.get(0).getFormattedMessage()).isEqualTo("id GET /x?a={} 200 3B 0ms");
  }

  @Test
  void turboFiltersSeeAnAsciiMessagesTextAsTheFormat() {
    java.util.List<String> formats = new java.util.ArrayList<>();
    TurboFilter recording =
        new TurboFilter() {
          @Override
          public FilterReply decide(
              Marker marker,
              Logger logger,
              Level level,
              String format,
              Object[] params,
              Throwable t) {
            formats.add(format);
            return FilterReply.NEUTRAL;
          }
        };
    recording.start();
    context.addTurboFilter(recording);
    InfoLines.info(access, new TextMessage("id GET /a 200 3B 0ms"));
    InfoLines.info(access, new TextMessage("id GET /b 200 3B 0ms"));
    // Each line its own format, as before: logback's DuplicateMessageFilter keys on the format,
    // and would take "{}" for one message repeated.
    assertThat(formats).contains("id GET /a 200 3B 0ms", "id GET /b 200 3B 0ms");
    assertThat(root.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("id GET /a 200 3B 0ms", "id GET /b 200 3B 0ms");
  }

  @Test
  void linesOfOneMillisecondShareTheirInstantAndAnotherMillisecondGetsItsOwn() {
    java.time.Instant first = InfoLines.time(1_796_000_000_123L);
    assertThat(first).isEqualTo(java.time.Instant.ofEpochMilli(1_796_000_000_123L));
    assertThat(InfoLines.time(1_796_000_000_123L)).isSameAs(first);
    assertThat(InfoLines.time(1_796_000_000_124L))
        .isEqualTo(java.time.Instant.ofEpochMilli(1_796_000_000_124L));
    assertThat(InfoLines.time(1_796_000_000_123L))
        .isEqualTo(first)
        .isNotSameAs(first); // only the last millisecond is kept
    assertThat(InfoLines.time(-1L)).isEqualTo(java.time.Instant.ofEpochMilli(-1L));
  }
}
