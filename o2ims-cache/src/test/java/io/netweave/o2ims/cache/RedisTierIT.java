package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.internal.RedisTier;
import io.netweave.o2ims.cache.testing.FakeTicker;
import io.netweave.o2ims.cache.testing.PerClass;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis tier alone against a real redis-server; TTLs are Redis' own PX expiry. */
class RedisTierIT extends ResponseCacheContract {

  @RegisterExtension
  static final PerClass<RedisServerProcess> redis = RedisServerProcess.perClass();

  private RedisConnector connector;

  @Override
  protected ResponseCache newCache(CacheSettings settings) {
    connector = TestConnectors.connector(redis.get().uri());
    return TestConnectors.awaitConnected(
        new RedisTier(connector, settings, new FakeTicker(), Clock.systemUTC(), region -> {}));
  }

  @AfterEach
  void closeConnector() {
    cache.close();
    connector.close();
  }

  @Override
  protected void elapse(Duration duration) {
    // Redis expires entries in real time; the contract polls.
  }

  @Override
  protected boolean holdsEntriesInProcess() {
    return false;
  }

  @Test
  void statsCountSharedHitsAndMisses() {
    CacheKey key = key(CacheRegion.RESOURCES, "/resources");
    cache.put(key, response("r"));
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.get(key).isPresent());
    cache.get(key(CacheRegion.RESOURCES, "/resources/none"));

    SharedTierStats stats = cache.stats().shared();
    assertThat(stats.enabled()).isTrue();
    assertThat(stats.connected()).isTrue();
    assertThat(stats.degraded()).isFalse();
    assertThat(stats.hits()).isPositive();
    assertThat(stats.misses()).isPositive();
    assertThat(stats.errors()).isZero();
  }
}
