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
      await("shared tier used again")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                cache.put(after, response("after"));
                cache.get(key("/resourcePools/probe"));
                Optional<CachedResponse> seen = otherReplica.get(after);
                return seen.isPresent();
              });
    }
    assertThat(cache.stats().shared().degraded()).isFalse();
    assertThat(cache.stats().shared().connected()).isTrue();
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
    try (RedisConnector probeConnector = RedisConnector.create(connector.settings());
        TieredResponseCache probe =
            TestConnectors.awaitConnected(
                TieredResponseCache.builder().redis(probeConnector).build())) {
      return probe.get(key).isPresent();
    }
  }
}
