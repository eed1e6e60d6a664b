package io.netweave.o2ims.cache;

/**
 * Counters of one region of the in-process tier, accumulated since the cache was built (entry count
 * and weighted size are current values). Immutable.
 *
 * @param hits lookups answered by the in-process tier
 * @param misses lookups the in-process tier could not answer
 * @param loadCount in-process misses filled by a loader call (from the shared tier or by rendering)
 * @param loadFailureCount loads that threw
 * @param loadWaitCount misses answered by waiting for a load of the same key already in flight
 *     (each is a render saved during a miss storm)
 * @param totalLoadTimeNanos time spent in loads, successful or not
 * @param evictionCount entries dropped because the byte bound was reached
 * @param expirationCount entries dropped because their TTL elapsed
 * @param entryCount entries held now
 * @param weightedSize bytes held now, as weighed by {@link CachedResponse#weight()}
 */
public record RegionStats(
    long hits,
    long misses,
    long loadCount,
    long loadFailureCount,
    long loadWaitCount,
    long totalLoadTimeNanos,
    long evictionCount,
    long expirationCount,
    long entryCount,
    long weightedSize) {

  /** Zero counters. */
  public static RegionStats empty() {
    return new RegionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** hits / (hits + misses), or 1.0 when there was no lookup yet (Caffeine's convention). */
  public double hitRatio() {
    long requests = hits + misses;
    return requests == 0 ? 1.0 : (double) hits / requests;
  }
}
