package io.netweave.o2ims.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class SentinelLineFilterTest {
  private static final String S0 = "redis://10.0.0.7:26379";
  private static final String S1 = "redis://10.0.0.8:26379";

  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-12-07T11:00:00Z"), ZoneOffset.UTC);
  private final SentinelLineFilter filter = new SentinelLineFilter(clock);
  private final LoggerContext context = new LoggerContext();

  private LoggingEvent line(String logger, String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(context);
    event.setLoggerName(logger);
    event.setLevel(Level.WARN);
    event.setMessage(message);
    return event;
  }

  private FilterReply sentinelDown(String uri) {
    return filter.decide(
        line(
            SentinelLineFilter.LOGGER,
            SentinelLineFilter.PREFIX
                + uri
                + ": io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection"
                + " refused: /10.0.0.7:26379"));
  }

  @Test
  void theFirstLinePerSentinelPassesAndRepeatsWithinAMinuteAreDropped() {
    assertThat(sentinelDown(S0)).isEqualTo(FilterReply.NEUTRAL);
    clock.add(Duration.ofSeconds(2));
    assertThat(sentinelDown(S0)).isEqualTo(FilterReply.DENY);
    assertThat(sentinelDown(S1)).as("another Sentinel's first line").isEqualTo(FilterReply.NEUTRAL);
    clock.add(Duration.ofSeconds(57));
    assertThat(sentinelDown(S0)).isEqualTo(FilterReply.DENY);
    assertThat(sentinelDown(S1)).isEqualTo(FilterReply.DENY);
  }

  @Test
  void oneLineAMinutePassesWhileTheSentinelStaysDown() {
    int passed = 0;
    for (int second = 0; second < 300; second += 2) {
      if (sentinelDown(S0) == FilterReply.NEUTRAL) {
        passed++;
      }
      clock.add(Duration.ofSeconds(2));
    }
    assertThat(passed).isEqualTo(5);
  }

  @Test
  void otherLinesAndLoggersPassUnchanged() {
    for (int i = 0; i < 3; i++) {
      assertThat(filter.decide(line("netweave.access", "GET /o2ims 200")))
          .isEqualTo(FilterReply.NEUTRAL);
      assertThat(
              filter.decide(line(SentinelLineFilter.LOGGER, "Cannot connect to a Redis Sentinel")))
          .isEqualTo(FilterReply.NEUTRAL);
      assertThat(
              filter.decide(
                  line(
                      "io.netweave.o2ims.cache.internal.RedisConnectionLog",
                      SentinelLineFilter.PREFIX + S0 + ": x")))
          .isEqualTo(FilterReply.NEUTRAL);
    }
  }

  @Test
  void theRepeatIsConfigurable() {
    filter.setRepeatSeconds(10);
    assertThat(sentinelDown(S0)).isEqualTo(FilterReply.NEUTRAL);
    clock.add(Duration.ofSeconds(9));
    assertThat(sentinelDown(S0)).isEqualTo(FilterReply.DENY);
    clock.add(Duration.ofSeconds(1));
    assertThat(sentinelDown(S0)).isEqualTo(FilterReply.NEUTRAL);
    assertThatThrownBy(() -> filter.setRepeatSeconds(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeatSeconds");
  }
}
