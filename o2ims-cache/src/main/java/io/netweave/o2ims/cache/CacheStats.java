package io.netweave.o2ims.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a cache's counters: one {@link RegionStats} per region of the in-process tier
 * (every region present, zero when the cache has no in-process tier) and the shared tier's {@link
 * SharedTierStats}. Immutable; the server publishes it as Prometheus metrics, e.g. {@code
 * netweave_cache_hits_total{tier="memory",region="resources"}}.
 */
public record CacheStats(Map<CacheRegion, RegionStats> regions, SharedTierStats shared) {

  /**
   * @throws IllegalArgumentException if a region is missing
   */
  public CacheStats {
    EnumMap<CacheRegion, RegionStats> copy = new EnumMap<>(CacheRegion.class);
    copy.putAll(regions);
    for (CacheRegion region : CacheRegion.values()) {
      if (!copy.containsKey(region)) {
        throw new IllegalArgumentException("stats for region " + region + " missing");
      }
    }
    regions = Map.copyOf(copy);
    Objects.requireNonNull(shared, "shared");
  }

  /** The stats of one region. */
  public RegionStats region(CacheRegion region) {
    return regions.get(region);
  }

  /** The in-process hit ratio over all regions (1.0 when there was no lookup). */
  public double hitRatio() {
    long hits = 0;
    long misses = 0;
    for (RegionStats stats : regions.values()) {
      hits += stats.hits();
      misses += stats.misses();
    }
    return hits + misses == 0 ? 1.0 : (double) hits / (hits + misses);
  }
}
