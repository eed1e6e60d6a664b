package io.netweave.o2ims.cache;

/**
 * Counters of the shared (Redis) tier. Immutable.
 *
 * @param enabled whether the cache has a shared tier at all; when false every other member is zero
 *     or false
 * @param connected whether the tier is in use: its data and pub/sub connections are open and the
 *     region generations have been read
 * @param degraded whether the tier is being skipped now after repeated failures (circuit open)
 * @param hits lookups answered by the shared tier
 * @param misses lookups the shared tier answered with nothing
 * @param errors failed or timed-out commands (lookups, writes, invalidations)
 * @param skipped operations not sent because the tier was degraded or a region's generation was
 *     unknown or being changed
 */
public record SharedTierStats(
    boolean enabled,
    boolean connected,
    boolean degraded,
    long hits,
    long misses,
    long errors,
    long skipped) {

  /** The stats of a cache without a shared tier. */
  public static SharedTierStats disabled() {
    return new SharedTierStats(false, false, false, 0, 0, 0, 0);
  }

  /** hits / (hits + misses), or 1.0 when there was no lookup yet. */
  public double hitRatio() {
    long requests = hits + misses;
    return requests == 0 ? 1.0 : (double) hits / requests;
  }
}
