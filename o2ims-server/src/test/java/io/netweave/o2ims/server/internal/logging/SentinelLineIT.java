package io.netweave.o2ims.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

/**
 * Lettuce's own "Cannot connect Redis Sentinel at ..." lines, from a real connection through a real
 * Sentinel, both killed: Lettuce writes one at every reconnection attempt; an appender with {@link
 * SentinelLineFilter} receives only the first (its clock does not move, so the minute never ends).
 */
class SentinelLineIT {
  @Test
  void lettucesRepeatedSentinelLinesReachAFilteredAppenderOnce() {
    Logger lettuce = (Logger) LoggerFactory.getLogger(SentinelLineFilter.LOGGER);
    ListAppender<ILoggingEvent> all = new ListAppender<>();
    ListAppender<ILoggingEvent> filtered = new ListAppender<>();
    SentinelLineFilter filter =
        new SentinelLineFilter(
            MutableClock.of(Instant.parse("2026-12-07T11:00:00Z"), ZoneOffset.UTC));
    filter.start();
    filtered.addFilter(filter);
    all.start();
    filtered.start();
    lettuce.addAppender(all);
    lettuce.addAppender(filtered);
    try (RedisServerProcess master = RedisServerProcess.start();
        RedisServerProcess sentinel = RedisServerProcess.startSentinel(master);
        RedisConnector connector =
            RedisConnector.create(RedisSettings.builder().uri(sentinel.sentinelUri()).build());
        StatefulRedisConnection<String, String> connection = connector.connect(StringCodec.UTF8)) {
      assertThat(connection.sync().ping()).isEqualTo("PONG");
      String line = SentinelLineFilter.PREFIX + "redis://127.0.0.1:" + sentinel.port();

      sentinel.kill();
      master.kill();

      await("three reconnection attempts that could not ask the Sentinel")
          .atMost(Duration.ofSeconds(60))
          .until(() -> at(all, line).size() >= 3);
      List<ILoggingEvent> passed = at(filtered, line);
      assertThat(passed).hasSize(1);
      assertThat(passed.get(0).getFormattedMessage())
          .isEqualTo(at(all, line).get(0).getFormattedMessage())
          .contains("Connection refused");
    } finally {
      lettuce.detachAppender(all);
      lettuce.detachAppender(filtered);
    }
  }

  private static List<ILoggingEvent> at(ListAppender<ILoggingEvent> lines, String prefix) {
    synchronized (lines) {
      return lines.list.stream()
          .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith(prefix))
          .toList();
    }
  }
}
