package io.netweave.o2ims.server.internal.caching;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.ResponseCache;
import java.util.Optional;

/**
 * A {@link ResponseCache} that stores nothing: every lookup misses. Used when caching is disabled
 * (and until the cache module's implementation is wired in). Stateless; thread-safe.
 */
public final class NoResponseCache implements ResponseCache {
  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return Optional.empty();
  }

  @Override
  public Optional<CachedResponse> peek(CacheKey key) {
    return Optional.empty();
  }

  @Override
  public CachedResponse get(
      CacheKey key, java.util.function.Function<? super CacheKey, CachedResponse> loader) {
    return java.util.Objects.requireNonNull(loader.apply(key), "loader returned null");
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    // Nothing is stored: this cache is the "caching disabled" choice.
  }

  @Override
  public void invalidate(CacheRegion region) {
    // Nothing is stored, so nothing to drop.
  }

  @Override
  public void invalidateAll() {
    // Nothing is stored, so nothing to drop.
  }

  @Override
  public io.netweave.o2ims.cache.CacheStats stats() {
    java.util.Map<CacheRegion, io.netweave.o2ims.cache.RegionStats> regions =
        new java.util.EnumMap<>(CacheRegion.class);
    for (CacheRegion region : CacheRegion.values()) {
      regions.put(region, io.netweave.o2ims.cache.RegionStats.empty());
    }
    return new io.netweave.o2ims.cache.CacheStats(
        regions, io.netweave.o2ims.cache.SharedTierStats.disabled());
  }

  @Override
  public void close() {
    // Holds no resources.
  }
}
