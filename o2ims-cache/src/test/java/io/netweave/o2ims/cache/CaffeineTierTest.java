package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.cache.internal.CaffeineTier;
import io.netweave.o2ims.cache.testing.FakeTicker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaffeineTierTest extends ResponseCacheContract {

  private final FakeTicker ticker = new FakeTicker();
  private CaffeineTier tier;

  @Override
  protected ResponseCache newCache(CacheSettings settings) {
    tier = new CaffeineTier(settings, ticker);
    return tier;
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
  void readingAnEntryDoesNotExtendItsTtl() {
    CacheKey key = key(CacheRegion.RESOURCES, "/resources");
    tier.put(key, response("r"));

    ticker.advance(Duration.ofSeconds(40));
    assertThat(tier.get(key)).isPresent();
    ticker.advance(Duration.ofSeconds(21));

    assertThat(tier.get(key)).isEmpty();
  }

  @Test
  void eachRegionKeepsItsOwnTtl() {
    CacheKey resource = key(CacheRegion.RESOURCES, "/resources");
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    tier.put(resource, response("r"));
    tier.put(pool, response("p"));

    ticker.advance(Duration.ofMinutes(2));

    assertThat(tier.get(resource)).isEmpty();
    assertThat(tier.get(pool)).isPresent();
    ticker.advance(Duration.ofMinutes(4));
    assertThat(tier.get(pool)).isEmpty();
  }

  @Test
  void shorterTtlGivenWithAnEntryWins() {
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    tier.put(pool, response("p"), Duration.ofSeconds(10));

    ticker.advance(Duration.ofSeconds(11));

    assertThat(tier.get(pool)).isEmpty();
  }

  @Test
  void statsCountHitsMissesAndLoadsPerRegion() {
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    tier.get(
        pool,
        k -> {
          ticker.advance(Duration.ofMillis(7));
          return response("p");
        });
    tier.get(pool);
    tier.peek(pool);
    tier.get(key(CacheRegion.RESOURCES, "/resources"));

    RegionStats pools = tier.stats().region(CacheRegion.RESOURCE_POOLS);
    assertThat(pools.hits()).isEqualTo(2);
    assertThat(pools.misses()).isEqualTo(1);
    assertThat(pools.loadCount()).isEqualTo(1);
    assertThat(pools.totalLoadTimeNanos()).isEqualTo(Duration.ofMillis(7).toNanos());
    assertThat(pools.entryCount()).isEqualTo(1);
    assertThat(pools.weightedSize()).isEqualTo(response("p").weight());
    assertThat(pools.hitRatio()).isEqualTo(2.0 / 3);
    assertThat(tier.stats().region(CacheRegion.RESOURCES).misses()).isEqualTo(1);
    assertThat(tier.stats().shared().enabled()).isFalse();
  }

  @Test
  void expiredEntriesAreCountedAsExpirations() {
    tier.put(key(CacheRegion.SUBSCRIPTIONS, "/subscriptions"), response("s"));

    ticker.advance(Duration.ofMinutes(1));
    tier.cleanUp();

    RegionStats stats = tier.stats().region(CacheRegion.SUBSCRIPTIONS);
    assertThat(stats.expirationCount()).isEqualTo(1);
    assertThat(stats.entryCount()).isZero();
  }

  @Test
  void byteBoundEvictsAndCountsEvictions() {
    tier.close();
    tier = new CaffeineTier(CacheSettings.builder().maxBytes(100 * 1024).build(), ticker);
    cache = tier;
    for (int i = 0; i < 40; i++) {
      tier.put(
          key(CacheRegion.RESOURCES, "/resources/" + i),
          new CachedResponse(200, Map.of(), new byte[10 * 1024]));
    }
    tier.cleanUp();

    RegionStats stats = tier.stats().region(CacheRegion.RESOURCES);
    assertThat(stats.weightedSize()).isLessThanOrEqualTo(100 * 1024);
    assertThat(stats.evictionCount()).isPositive();
    assertThat(stats.entryCount() + stats.evictionCount()).isEqualTo(40);
  }

  @Test
  void responseRenderedBeforeAnInvalidationIsNotServedAfterIt() {
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");

    CachedResponse rendered =
        tier.get(
            pool,
            k -> {
              tier.invalidate(CacheRegion.RESOURCE_POOLS);
              return response("rendered before the change");
            });

    assertThat(rendered.body()).isNotEmpty();
    assertThat(tier.get(pool)).isEmpty();
  }
}
