package io.netweave.o2ims.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LineEncoder} writes exactly what logback's pattern encoder writes. */
class LineEncoderTest {
  private final LoggerContext context = new LoggerContext();

  private PatternLayoutEncoder started(PatternLayoutEncoder encoder, String pattern) {
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }

  /** {@code encoder} with the jar's pattern in the charset named. */
  private <E extends PatternLayoutEncoder> E startedIn(String charsetName, E encoder) {
    encoder.setCharset(Charset.forName(charsetName));
    started(encoder, LineEncoder.PATTERN);
    return encoder;
  }

  private LoggingEvent event(
      String logger, Level level, String thread, long millis, String message, Object... args) {
    Logger l = context.getLogger(logger);
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, level, message, null, args);
    e.setThreadName(thread);
    e.setTimeStamp(millis);
    return e;
  }

  private List<LoggingEvent> events() {
    List<LoggingEvent> events = new ArrayList<>();
    String[] loggers = {
      "netweave.access",
      "netweave.audit",
      "io.netweave.o2ims.server.Main",
      "io.netweave.o2ims.server.internal.notify.delivery.CallbackClient",
      "a",
      "ROOT"
    };
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    String[] threads = {"XNIO-1 I/O-1", "main", "", "notify-worker-12"};
    // Across seconds, minutes, days, each millisecond digit, and before 1970.
    long[] times = {
      1_796_000_000_000L,
      1_796_000_000_001L,
      1_796_000_000_010L,
      1_796_000_000_099L,
      1_796_000_000_100L,
      1_796_000_000_999L,
      1_796_000_001_000L,
      1_796_000_059_999L,
      1_796_000_060_000L,
      1_796_086_399_999L,
      0L,
      -1L,
      -999L,
      -1_000L,
      -1_001L
    };
    String[] messages = {
      "3f2a-1 GET /o2ims-infrastructureInventory/v1/resourcePools 200 303B 0ms",
      "",
      "ünïcödé ✓ and \u2028 a line separator",
      "{} connections still open after {}; closing them",
      null
    };
    int i = 0;
    for (String logger : loggers) {
      for (Level level : levels) {
        for (String thread : threads) {
          for (long t : times) {
            String m = messages[i++ % messages.length];
            events.add(event(logger, level, thread, t, m, 3, "PT20S"));
          }
        }
      }
    }
    return events;
  }

  @Test
  void theJarsPatternGivesTheSameBytesAsLogbacksEncoder() {
    PatternLayoutEncoder logback = started(new PatternLayoutEncoder(), LineEncoder.PATTERN);
    PatternLayoutEncoder direct = started(new LineEncoder(), LineEncoder.PATTERN);
    List<LoggingEvent> events = events();
    assertThat(events).hasSizeGreaterThan(1000);
    for (LoggingEvent e : events) {
      assertThat(new String(direct.encode(e), StandardCharsets.UTF_8))
          .isEqualTo(new String(logback.encode(e), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ISO-8859-1", "US-ASCII", "UTF-8", "UTF-16", "UTF-16LE", "windows-1252"})
  void aGivenCharsetIsUsedAsLogbackUsesIt(String charsetName) {
    // The direct path joins separately encoded pieces for the charsets where that is the line's
    // encoding (ASCII as itself, no byte-order mark), and encodes the whole line otherwise.
    java.nio.charset.Charset charset = java.nio.charset.Charset.forName(charsetName);
    PatternLayoutEncoder logback = new PatternLayoutEncoder();
    logback.setCharset(charset);
    PatternLayoutEncoder direct = new LineEncoder();
    direct.setCharset(charset);
    started(logback, LineEncoder.PATTERN);
    started(direct, LineEncoder.PATTERN);
    for (String thread : List.of("main", "XNIO-1 I/O-1", "wörker-✓")) {
      LoggingEvent e =
          event("netweave.access", Level.INFO, thread, 1_796_000_000_123L, "é ✓ {}", "x");
      assertThat(direct.encode(e)).as(thread).isEqualTo(logback.encode(e));
      assertThat(direct.encode(e)).as("%s, names kept", thread).isEqualTo(logback.encode(e));
    }
  }

  @Test
  void anEventWithAThrowableKeepsItsStackTrace() {
    PatternLayoutEncoder logback = started(new PatternLayoutEncoder(), LineEncoder.PATTERN);
    PatternLayoutEncoder direct = started(new LineEncoder(), LineEncoder.PATTERN);
    Logger l = context.getLogger("io.netweave.o2ims.server.Main");
    LoggingEvent e =
        new LoggingEvent(
            Logger.class.getName(),
            l,
            Level.ERROR,
            "failed",
            new IllegalStateException("boom"),
            null);
    String line = new String(direct.encode(e), StandardCharsets.UTF_8);
    assertThat(line).isEqualTo(new String(logback.encode(e), StandardCharsets.UTF_8));
    assertThat(line).contains("java.lang.IllegalStateException: boom").contains("\tat ");
  }

  @Test
  void anotherPatternIsLeftToTheLayout() {
    String pattern = "%level %logger{0} %msg%n";
    PatternLayoutEncoder logback = started(new PatternLayoutEncoder(), pattern);
    PatternLayoutEncoder direct = started(new LineEncoder(), pattern);
    LoggingEvent e = event("netweave.access", Level.INFO, "main", 1_796_000_000_000L, "hi");
    assertThat(new String(direct.encode(e), StandardCharsets.UTF_8))
        .isEqualTo(new String(logback.encode(e), StandardCharsets.UTF_8))
        .isEqualTo("INFO access hi" + System.lineSeparator());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ISO-8859-1", "US-ASCII", "UTF-8"})
  void aLineEncodedIntoABufferHasTheSameBytesAsLogbacksEncoder(String charsetName) {
    PatternLayoutEncoder logback = startedIn(charsetName, new PatternLayoutEncoder());
    LineEncoder direct = startedIn(charsetName, new LineEncoder());
    List<LoggingEvent> events = events();
    // Characters past ASCII where the copy stops: first, last, a pair of surrogates, a lone one;
    // characters whose low byte is an ASCII letter ("Ł" is U+0141), which a copy of each
    // character's low byte would turn into that letter; and an empty message.
    for (String m :
        List.of(
            "é first",
            "last é",
            "a \uD83D\uDE00 b",
            "lone \uD800 x",
            "\u00FF",
            "\u0141",
            "Ła \u0141 b",
            "ascii then \u0141",
            "")) {
      events.add(event("netweave.access", Level.INFO, "wörker-✓", 1_796_000_000_123L, m));
    }
    byte[] buffer = new byte[4096];
    for (LoggingEvent e : events) {
      Arrays.fill(buffer, (byte) '#');
      byte[] expected = logback.encode(e);
      int end = direct.encodeInto(e, buffer, 7);
      assertThat(end).as(e.getFormattedMessage()).isEqualTo(7 + expected.length);
      assertThat(Arrays.copyOfRange(buffer, 7, end)).isEqualTo(expected);
      assertThat(buffer[6]).isEqualTo((byte) '#');
      assertThat(buffer[end]).isEqualTo((byte) '#');
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ISO-8859-1", "US-ASCII", "UTF-8"})
  void anAsciiMessageIsWrittenAsLogbackFormatsIt(String charsetName) {
    PatternLayoutEncoder logback = startedIn(charsetName, new PatternLayoutEncoder());
    LineEncoder direct = startedIn(charsetName, new LineEncoder());
    byte[] buffer = new byte[4096];
    // Written directly; past ASCII (written partly, then encoded as text over it); empty; and
    // another pattern of the same argument, which is logback's to format.
    for (LoggingEvent e :
        List.of(
            event(
                "netweave.access",
                Level.INFO,
                "XNIO-1 I/O-1",
                1_796_000_000_123L,
                "{}",
                new TextMessage(
                    "id GET /o2ims-infrastructureInventory/v1/resourcePools 200 303B 0ms")),
            event(
                "netweave.access",
                Level.INFO,
                "main",
                1_796_000_000_123L,
                "{}",
                new TextMessage("id GET /caf\u00e9 200 3B 0ms")),
            event(
                "netweave.access",
                Level.INFO,
                "main",
                1_796_000_000_123L,
                "{}",
                new TextMessage("ascii first, then \u0141")),
            event(
                "netweave.access",
                Level.INFO,
                "main",
                1_796_000_000_123L,
                "{}",
                new TextMessage("")),
            event(
                "netweave.access",
                Level.INFO,
                "main",
                1_796_000_000_123L,
                "line {} here",
                new TextMessage("x")))) {
      Arrays.fill(buffer, (byte) '#');
      byte[] expected = logback.encode(e);
      int end = direct.encodeInto(e, buffer, 5);
      assertThat(end).as(e.getFormattedMessage()).isEqualTo(5 + expected.length);
      assertThat(Arrays.copyOfRange(buffer, 5, end)).isEqualTo(expected);
      assertThat(buffer[4]).isEqualTo((byte) '#');
      assertThat(direct.encode(e)).isEqualTo(expected);
    }
  }

  /** Either way, the room asked for is the text's in UTF-8, in case it is not ASCII after all. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aLineThatMightNotFitIsNotWrittenIntoTheBuffer(boolean asAsciiMessage) {
    LineEncoder direct = startedIn("UTF-8", new LineEncoder());
    long t = 1_796_000_000_000L;
    LoggingEvent e =
        asAsciiMessage
            ? event("netweave.access", Level.INFO, "main", t, "{}", new TextMessage("abc"))
            : event("netweave.access", Level.INFO, "main", t, "abc");
    byte[] line = direct.encode(e);
    // In UTF-8 a character takes up to three bytes: room for "abc" is nine bytes, not three.
    byte[] roomy = new byte[line.length + 6];
    assertThat(direct.encodeInto(e, roomy, 0)).isEqualTo(line.length);
    assertThat(Arrays.copyOf(roomy, line.length)).isEqualTo(line);
    byte[] tight = new byte[line.length + 5];
    Arrays.fill(tight, (byte) '#');
    assertThat(direct.encodeInto(e, tight, 0)).isEqualTo(-1);
    assertThat(direct.encodeInto(e, roomy, 1)).isEqualTo(-1);
    assertThat(tight).containsOnly((byte) '#');
  }

  @Test
  void linesTheEncoderDoesNotWriteDirectlyAreLeftToItsArray() {
    byte[] buffer = new byte[4096];
    LoggingEvent plain = event("netweave.access", Level.INFO, "main", 1_796_000_000_000L, "hi");
    LineEncoder otherPattern = new LineEncoder();
    started(otherPattern, "%level %msg%n");
    assertThat(otherPattern.encodeInto(plain, buffer, 0)).isEqualTo(-1);
    LineEncoder utf16 = new LineEncoder();
    utf16.setCharset(StandardCharsets.UTF_16);
    started(utf16, LineEncoder.PATTERN);
    assertThat(utf16.encodeInto(plain, buffer, 0)).isEqualTo(-1);
    LineEncoder direct = new LineEncoder();
    started(direct, LineEncoder.PATTERN);
    LoggingEvent failed =
        new LoggingEvent(
            Logger.class.getName(),
            context.getLogger("x"),
            Level.ERROR,
            "failed",
            new IllegalStateException("boom"),
            null);
    assertThat(direct.encodeInto(failed, buffer, 0)).isEqualTo(-1);
    assertThat(buffer).containsOnly((byte) 0);
  }
}
