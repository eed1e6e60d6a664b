package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis is SIGKILLed under a running cache, then restarted on the same port. */
class RedisOutageIT {

  private RedisServerProcess redis;
  private RedisConnector connector;
  private TieredResponseCache cache;

  @BeforeEach
  void start() {
    redis = RedisServerProcess.start();
    connector = TestConnectors.connector(redis.uri());
    cache = TestConnectors.awaitConnected(TieredResponseCache.builder().redis(connector).build());
  }

  @AfterEach
  void stop() {
    cache.close();
    connector.close();
    redis.close();
  }

  private static CachedResponse response(String body) {
    return new CachedResponse(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  private static CacheKey key(String path) {
    return new CacheKey(CacheRegion.RESOURCE_POOLS, "v1", path, "");
  }

  @Test
  void cacheKeepsAnsweringFromProcessMemoryWhileRedisIsDownAndUsesRedisAgainWhenItIsBack() {
    CacheKey before = key("/resourcePools/before");
    cache.put(before, response("before"));

    redis.kill();

    for (int i = 0; i < 50; i++) {
      CacheKey during = key("/resourcePools/during/" + i);
      cache.put(during, response("during " + i));
      assertThat(cache.get(during)).isPresent();
      assertThat(cache.get(before)).isPresent();
      assertThat(cache.get(key("/resourcePools/missing/" + i))).isEmpty();
      assertThat(cache.get(key("/resourcePools/loaded/" + i), k -> response("loaded")).body())
          .isNotEmpty();
    }
    assertThat(cache.stats().shared().errors()).isPositive();
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.stats().shared().degraded());

    redis.restart();

    CacheKey after = key("/resourcePools/after");
    try (RedisConnector otherConnector = RedisConnector.create(connector.settings());
        TieredResponseCache otherReplica =
            TestConnectors.awaitConnected(
                TieredResponseCache.builder().redis(otherConnector).build())) {
      // The breaker closes when the write's reply is handled on this cache's event loop, and the
      // pub/sub connection reconnects on its own back-off: neither is ordered with the other
      // replica's read, so the test waits for all three.
      await("shared tier used again")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                cache.put(after, response("after"));
                cache.get(key("/resourcePools/probe"));
                Optional<CachedResponse> seen = otherReplica.get(after);
                return seen.isPresent()
                    && !cache.stats().shared().degraded()
                    && cache.stats().shared().connected();
              });
    }
  }

  @Test
  void aCacheBuiltWhileRedisIsDownConnectsWhenRedisComesUpWithoutBeingAskedAnything() {
    redis.kill();
    try (RedisConnector lateConnector = TestConnectors.connector(redis.uri());
        TieredResponseCache late = TieredResponseCache.builder().redis(lateConnector).build()) {
      redis.restart();
      // No request reaches the cache: it opens its connections and reads the generations itself.
      TestConnectors.awaitConnected(late);
      CacheKey pools = key("/resourcePools");
      late.put(pools, response("shared"));
      await().atMost(Duration.ofSeconds(30)).until(() -> redisHolds(lateConnector, pools));
    }
  }

  @Test
  void generationReadsThatTimeOutAreReadAgainUntilRedisAnswers() {
    // Scripts wait while writes are paused, so the new cache's generation reads time out, as they
    // may on a loaded machine; pings and SUBSCRIBE still go through.
    assertThat(redis.call("CLIENT", "PAUSE", "120000", "WRITE")).isEqualTo("+OK");
    try (RedisConnector lateConnector = TestConnectors.connector(redis.uri());
        TieredResponseCache late = TieredResponseCache.builder().redis(lateConnector).build()) {
      await("a generation read timed out")
          .atMost(Duration.ofSeconds(60))
          .until(() -> late.stats().shared().errors() > 0);
      assertThat(late.stats().shared().connected()).isFalse();

      assertThat(redis.call("CLIENT", "UNPAUSE")).isEqualTo("+OK");
      TestConnectors.awaitConnected(late);
      CacheKey pools = key("/resourcePools");
      late.put(pools, response("shared"));
      await().atMost(Duration.ofSeconds(30)).until(() -> redisHolds(lateConnector, pools));
    } finally {
      redis.call("CLIENT", "UNPAUSE");
    }
  }

  @Test
  void invalidationWhileRedisIsDownIsAppliedWhenRedisIsBack() {
    CacheKey pools = key("/resourcePools");
    cache.put(pools, response("old"));
    await().atMost(Duration.ofSeconds(30)).until(() -> redisHolds(pools));

    redis.kill();
    cache.invalidate(CacheRegion.RESOURCE_POOLS);
    assertThat(cache.get(pools)).isEmpty();
    redis.restart();

    await("shared tier used again")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              cache.get(key("/resourcePools/probe"));
              return !cache.stats().shared().degraded() && cache.stats().shared().connected();
            });
    assertThat(cache.get(pools)).isEmpty();
  }

  private boolean redisHolds(CacheKey key) {
    return redisHolds(connector, key);
  }

  /** Whether another replica on {@code owner}'s key prefix finds {@code key} in Redis. */
  private static boolean redisHolds(RedisConnector owner, CacheKey key) {
    try (RedisConnector probeConnector = RedisConnector.create(owner.settings());
        TieredResponseCache probe =
            TestConnectors.awaitConnected(
                TieredResponseCache.builder().redis(probeConnector).build())) {
      return probe.get(key).isPresent();
    }
  }
}
