package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.FakeTicker;
import io.netweave.o2ims.cache.testing.PerClass;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Caffeine in front of a real redis-server; in-process time is a fake ticker. */
class TieredResponseCacheIT extends ResponseCacheContract {

  @RegisterExtension
  static final PerClass<RedisServerProcess> redis = RedisServerProcess.perClass();

  private final FakeTicker ticker = new FakeTicker();
  private RedisConnector connector;

  @Override
  protected ResponseCache newCache(CacheSettings settings) {
    connector = TestConnectors.connector(redis.get().uri());
    return TestConnectors.awaitConnected(
        TieredResponseCache.builder().settings(settings).ticker(ticker).redis(connector).build());
  }

  @AfterEach
  void closeConnector() {
    cache.close();
    connector.close();
  }

  @Override
  protected void elapse(Duration duration) {
    ticker.advance(duration);
  }

  @Override
  protected boolean holdsEntriesInProcess() {
    return true;
  }

  @Test
  void sharedHitIsCopiedIntoTheProcess() {
    CacheKey key = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    try (TieredResponseCache other =
        TestConnectors.awaitConnected(
            TieredResponseCache.builder().settings(SETTINGS).redis(connector).build())) {
      other.put(key, response("from the other replica"));
      await().atMost(Duration.ofSeconds(30)).until(() -> cache.get(key).isPresent());
    }

    assertThat(cache.peek(key)).isPresent();
    assertThat(cache.stats().shared().hits()).isPositive();
    assertThat(cache.stats().region(CacheRegion.RESOURCE_POOLS).entryCount()).isEqualTo(1);
  }

  @Test
  void loaderIsNotCalledWhenTheSharedTierHasTheResponse() {
    CacheKey key = key(CacheRegion.RESOURCE_TYPES, "/resourceTypes");
    try (TieredResponseCache other =
        TestConnectors.awaitConnected(
            TieredResponseCache.builder().settings(SETTINGS).redis(connector).build())) {
      other.put(key, response("shared"));
      try (TieredResponseCache probe =
          TestConnectors.awaitConnected(
              TieredResponseCache.builder().settings(SETTINGS).redis(connector).build())) {
        await().atMost(Duration.ofSeconds(30)).until(() -> probe.get(key).isPresent());
      }
    }
    AtomicInteger renders = new AtomicInteger();

    CachedResponse read =
        cache.get(
            key,
            k -> {
              renders.incrementAndGet();
              return response("rendered");
            });

    assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("shared");
    assertThat(renders).hasValue(0);
    assertThat(cache.peek(key)).isPresent();
  }
}
