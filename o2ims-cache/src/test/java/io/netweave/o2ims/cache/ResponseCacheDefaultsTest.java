package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A cache that implements only the abstract methods (like the server's "no cache") still works. */
class ResponseCacheDefaultsTest {

  private static final class MapCache implements ResponseCache {
    final Map<CacheKey, CachedResponse> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
      return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void put(CacheKey key, CachedResponse response) {
      entries.put(key, response);
    }

    @Override
    public void invalidate(CacheRegion region) {
      entries.keySet().removeIf(k -> k.region() == region);
    }

    @Override
    public void invalidateAll() {
      entries.clear();
    }

    @Override
    public void close() {
      entries.clear();
    }
  }

  @Test
  void defaultLoaderCallLoadsOnceThenHits() {
    MapCache cache = new MapCache();
    CacheKey key = new CacheKey(CacheRegion.RESOURCES, "v1", "/resources", "");
    AtomicInteger loads = new AtomicInteger();

    for (int i = 0; i < 3; i++) {
      cache.get(
          key,
          k -> {
            loads.incrementAndGet();
            return new CachedResponse(200, Map.of(), "r".getBytes(StandardCharsets.UTF_8));
          });
    }

    assertThat(loads).hasValue(1);
    assertThat(cache.peek(key)).isEmpty();
    assertThat(cache.stats().region(CacheRegion.RESOURCES)).isEqualTo(RegionStats.empty());
    assertThat(cache.stats().shared().enabled()).isFalse();
  }
}
