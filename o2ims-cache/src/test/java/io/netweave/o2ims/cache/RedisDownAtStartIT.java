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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

/**
 * A Redis that is down when the cache starts: Lettuce has no connection to reconnect and so
 * publishes no event, yet the connection log names the address and the cause in one WARN, then at
 * most one a minute (the connector's clock is moved by the test), and one INFO once a real
 * redis-server, started later on that port, accepts the cache's connections.
 */
class RedisDownAtStartIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Logger logger = (Logger) LoggerFactory.getLogger(RedisConnectionLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
  private final RedisServerProcess redis = RedisServerProcess.notStarted();

  @BeforeEach
  void capture() {
    // Every failed attempt that is not a WARN is a DEBUG line: the test counts attempts by them.
    logger.setLevel(Level.DEBUG);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(null);
    redis.close();
  }

  @Test
  void aRedisDownAtStartIsOneWarningNamingItsAddressThenOneAMinuteThenOneLineOnceConnected() {
    String address = "Redis connection to 127.0.0.1:" + redis.port();
    CacheKey key = new CacheKey(CacheRegion.RESOURCE_POOLS, "v1", "/resourcePools", "");
    try (RedisConnector connector =
            RedisConnector.create(TestConnectors.settings(redis.uri(), "down-at-start:"), clock);
        TieredResponseCache cache = TieredResponseCache.builder().redis(connector).build()) {
      await().atMost(WAIT).until(() -> at(Level.WARN, address + " failed").size() == 1);
      ILoggingEvent first = at(Level.WARN, address + " failed").get(0);
      assertThat(first.getFormattedMessage())
          .contains("retrying every 200ms")
          .contains("Connection refused");
      assertThat(first.getThrowableProxy())
          .as("an unreachable Redis needs no stack trace")
          .isNull();
      // Tried again every redis.retry_after (200 ms here): DEBUG lines, no second WARN.
      await().atMost(WAIT).until(() -> at(Level.DEBUG, address + " failed again").size() >= 3);
      assertThat(at(Level.WARN, "")).hasSize(1);
      // Meanwhile the cache answers from process memory.
      cache.put(key, new CachedResponse(200, Map.of(), "pools".getBytes(StandardCharsets.UTF_8)));
      assertThat(cache.get(key)).isPresent();
      assertThat(cache.stats().shared().connected()).isFalse();

      clock.add(Duration.ofSeconds(61));
      await().atMost(WAIT).until(() -> at(Level.WARN, address + " still failing").size() == 1);
      assertThat(at(Level.WARN, address + " still failing").get(0).getFormattedMessage())
          .contains("failures since the last warning")
          .contains("Connection refused");

      redis.restart();

      TestConnectors.awaitConnected(cache);
      await().atMost(WAIT).until(() -> at(Level.INFO, address + " recovered after").size() == 1);
      assertThat(at(Level.INFO, address + " recovered after").get(0).getFormattedMessage())
          .startsWith(address + " recovered after 1m 1s (");
      assertThat(at(Level.WARN, "")).hasSize(2);
    }
    // Closing is no outage.
    assertThat(at(Level.WARN, "")).hasSize(2);
    assertThat(at(Level.INFO, "")).hasSize(1);
  }

  /**
   * Through Sentinel, a first connection asks the Sentinels for the master: with them down, the
   * line names the master and the Sentinels as configured, and why.
   */
  @Test
  void aSentinelDownAtStartIsOneWarningNamingTheSentinelsAndWhy() {
    int sentinelPort = RedisServerProcess.freePort();
    String target =
        "Redis connection to master "
            + RedisServerProcess.SENTINEL_MASTER
            + " via Sentinel 127.0.0.1:"
            + sentinelPort;
    String uri =
        "redis-sentinel://127.0.0.1:" + sentinelPort + "#" + RedisServerProcess.SENTINEL_MASTER;
    try (RedisConnector connector =
            RedisConnector.create(TestConnectors.settings(uri, "sentinel-down-at-start:"), clock);
        TieredResponseCache cache = TieredResponseCache.builder().redis(connector).build()) {
      await().atMost(WAIT).until(() -> at(Level.WARN, target + " failed").size() == 1);
      assertThat(at(Level.WARN, target + " failed").get(0).getFormattedMessage())
          .contains("Sentinel");
      assertThat(at(Level.WARN, target + " failed").get(0).getThrowableProxy()).isNull();
      await().atMost(WAIT).until(() -> at(Level.DEBUG, target + " failed again").size() >= 2);
      assertThat(at(Level.WARN, "")).hasSize(1);
    }
  }

  /** Redis Cluster seeds all down at start: one WARN naming the seeds, and why. */
  @Test
  void clusterSeedsDownAtStartAreOneWarningNamingThemAndWhy() {
    int a = RedisServerProcess.freePort();
    int b = RedisServerProcess.freePort();
    String target = "Redis connection to 127.0.0.1:" + a + ",127.0.0.1:" + b;
    RedisSettings settings =
        RedisSettings.builder()
            .clusterUris(List.of("redis://127.0.0.1:" + a, "redis://127.0.0.1:" + b))
            .keyPrefix("cluster-down-at-start:")
            .retryAfter(Duration.ofMillis(200))
            .build();
    try (RedisConnector connector = RedisConnector.create(settings, clock);
        TieredResponseCache cache = TieredResponseCache.builder().redis(connector).build()) {
      await().atMost(WAIT).until(() -> at(Level.WARN, target + " failed").size() == 1);
      assertThat(at(Level.WARN, target + " failed").get(0).getFormattedMessage())
          .contains("Connection refused");
      assertThat(at(Level.WARN, target + " failed").get(0).getThrowableProxy()).isNull();
      await().atMost(WAIT).until(() -> at(Level.DEBUG, target + " failed again").size() >= 2);
      assertThat(at(Level.WARN, "")).hasSize(1);
    }
  }

  private List<ILoggingEvent> at(Level level, String prefix) {
    synchronized (lines) {
      return lines.list.stream()
          .filter(e -> e.getLevel() == level && e.getFormattedMessage().startsWith(prefix))
          .toList();
    }
  }
}
