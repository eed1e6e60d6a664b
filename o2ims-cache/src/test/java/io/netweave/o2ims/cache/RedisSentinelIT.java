package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netweave.o2ims.cache.internal.RedisConnectionLog;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The shared tier through a real Redis Sentinel that points at a real master. */
class RedisSentinelIT {

  @Test
  void cacheReachesTheMasterThroughSentinel() {
    try (RedisServerProcess master = RedisServerProcess.start();
        RedisServerProcess sentinel = RedisServerProcess.startSentinel(master)) {
      RedisSettings settings = TestConnectors.settings(sentinel.sentinelUri(), "sentinel:");
      assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
      CacheKey key = new CacheKey(CacheRegion.RESOURCES, "v1", "/resources", "");
      try (RedisConnector writerConnector = RedisConnector.create(settings);
          RedisConnector readerConnector = RedisConnector.create(settings);
          TieredResponseCache writer =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(writerConnector).build());
          TieredResponseCache reader =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(readerConnector).build())) {
        writer.put(
            key, new CachedResponse(200, Map.of(), "nodes".getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(30)).until(() -> reader.get(key).isPresent());
        writer.invalidate(CacheRegion.RESOURCES);
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.peek(key).isEmpty());
      }
    }
  }

  /**
   * Through Sentinel, the connections reconnect to the master Sentinel names: its outage is one
   * WARN of the connection log naming the master's address and the cause, then one INFO once it is
   * back (a real master killed and restarted; the Sentinel stays up).
   */
  @Test
  void aMasterOutageThroughSentinelIsOneWarningThenOneRecoveryLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(RedisConnectionLog.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (RedisServerProcess master = RedisServerProcess.start();
        RedisServerProcess sentinel = RedisServerProcess.startSentinel(master)) {
      RedisSettings settings = TestConnectors.settings(sentinel.sentinelUri(), "sentinel:");
      try (RedisConnector connector = RedisConnector.create(settings);
          TieredResponseCache cache =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(connector).build())) {
        String address = "Redis connection to 127.0.0.1:" + master.port();

        master.kill();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lines, Level.WARN, address + " failed").size() == 1);
        assertThat(at(lines, Level.WARN, address + " failed").get(0).getFormattedMessage())
            .contains("Connection refused");
        master.restart();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lines, Level.INFO, address + " recovered after").size() == 1);
        assertThat(at(lines, Level.WARN, "")).hasSize(1);
      }
      // Closing cancels reconnections in progress: that is no outage.
      assertThat(at(lines, Level.WARN, "")).hasSize(1);
    } finally {
      logger.detachAppender(lines);
    }
  }

  /**
   * With the Sentinel down, a reconnection cannot ask where the master is: Lettuce reuses the
   * address it had (its "reusing cached address" WARN, which the shipped logback.xml hides). The
   * master's own outage is still one WARN of the connection log naming it and the cause, and one
   * INFO once it is back; nothing in the connection log says that the Sentinel is down, but
   * Lettuce's {@code RedisClient} logger does, at WARN, at every reconnection attempt ("Cannot
   * connect Redis Sentinel at redis://host:port: ..."; the shipped logback.xml leaves it on).
   */
  @Test
  void aMasterOutageWhileTheSentinelIsDownStillNamesTheMasterInOneWarningThenOneRecoveryLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(RedisConnectionLog.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    Logger watchdog =
        (Logger) LoggerFactory.getLogger("io.lettuce.core.protocol.ConnectionWatchdog");
    ListAppender<ILoggingEvent> lettuce = new ListAppender<>();
    lettuce.start();
    watchdog.addAppender(lettuce);
    Logger client = (Logger) LoggerFactory.getLogger("io.lettuce.core.RedisClient");
    client.addAppender(lettuce);
    try (RedisServerProcess master = RedisServerProcess.start();
        RedisServerProcess sentinel = RedisServerProcess.startSentinel(master)) {
      RedisSettings settings = TestConnectors.settings(sentinel.sentinelUri(), "sentinel-down:");
      try (RedisConnector connector = RedisConnector.create(settings);
          TieredResponseCache cache =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(connector).build())) {
        String address = "Redis connection to 127.0.0.1:" + master.port();

        sentinel.kill();
        master.kill();

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lines, Level.WARN, address + " failed").size() == 1);
        assertThat(at(lines, Level.WARN, address + " failed").get(0).getFormattedMessage())
            .contains("Connection refused");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lettuce, Level.WARN, "Cannot retrieve current address").size() >= 1);
        assertThat(
                at(lettuce, Level.WARN, "Cannot retrieve current address")
                    .get(0)
                    .getFormattedMessage())
            .contains("reusing cached address");
        assertThat(
                at(lettuce, Level.WARN, "Cannot connect Redis Sentinel at")
                    .get(0)
                    .getFormattedMessage())
            .contains("127.0.0.1:" + sentinel.port())
            .contains("Connection refused");
        master.restart();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lines, Level.INFO, address + " recovered after").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().shared().connected());
        assertThat(at(lines, Level.WARN, "")).hasSize(1);
      }
    } finally {
      logger.detachAppender(lines);
      watchdog.detachAppender(lettuce);
      client.detachAppender(lettuce);
    }
  }

  private static List<ILoggingEvent> at(
      ListAppender<ILoggingEvent> lines, Level level, String prefix) {
    synchronized (lines) {
      return lines.list.stream()
          .filter(e -> e.getLevel() == level && e.getFormattedMessage().startsWith(prefix))
          .toList();
    }
  }
}
