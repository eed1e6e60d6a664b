package io.netweave.o2ims.cache;

import java.util.EnumMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A cache of ready-to-write responses.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe and meant to be shared by all request
 * threads. <b>Blocking:</b> {@link #peek} never blocks and never touches the network, so it may be
 * called on an Undertow IO thread; {@link #get(CacheKey)} may wait on a remote tier, but never
 * longer than that tier's lookup timeout; {@link #put}, {@link #invalidate} and {@link
 * #invalidateAll} never wait on a remote tier (remote writes are sent asynchronously). <b>Failures
 * of a remote tier</b> are never thrown: they are counted in {@link #stats()} and the call behaves
 * as a miss. <b>Lifecycle:</b> {@link #close()} releases what the cache itself opened (e.g. its
 * Redis connections), never resources it borrowed.
 */
public interface ResponseCache extends AutoCloseable {

  /**
   * The response held by the in-process tier, if any. Never blocks: this is the call for an IO
   * thread; on empty, dispatch to a worker and use {@link #get(CacheKey)} or {@link #get(CacheKey,
   * Function)}. A cache without an in-process tier always answers empty (the default). In {@link
   * #stats()} a hit counts as a lookup and a miss does not: the {@code get} or {@code load} that
   * follows it counts that lookup, so a request is one lookup whichever call answers it.
   */
  default Optional<CachedResponse> peek(CacheKey key) {
    return Optional.empty();
  }

  /** The cached response, if any tier holds a fresh one. */
  Optional<CachedResponse> get(CacheKey key);

  /**
   * The cached response, or the loader's result, which is then stored in every tier. In the
   * module's caches, concurrent calls for the same key in this process run the loader once and
   * share its result (see {@link #load}), a result rendered before an invalidation of its region is
   * returned but not stored, and the load time is recorded in {@link #stats()} (the default
   * implementation does none of this: it is {@link #get(CacheKey)}, then the loader and {@link
   * #put}). Call from a worker thread.
   *
   * @throws RuntimeException whatever the loader throws (nothing is cached then)
   * @throws NullPointerException if the loader returns null
   */
  default CachedResponse get(CacheKey key, Function<? super CacheKey, CachedResponse> loader) {
    Objects.requireNonNull(loader, "loader");
    return load(key, k -> Loaded.storable(loader.apply(k)));
  }

  /**
   * Like {@link #get(CacheKey, Function)}, for a loader that may say its result must not be stored.
   * In the module's caches this is the single-flight load of a miss: while one call runs the loader
   * for a key, concurrent calls for that key in this process wait for its result instead of
   * computing it again (a call arriving after an invalidation of the key's region starts a new
   * load); a loader that throws caches nothing, every waiting caller gets its exception, and the
   * next call runs the loader again. The loader runs on the calling thread, outside any lock of the
   * in-process tier. The default implementation is {@link #get(CacheKey)}, then the loader and
   * {@link #put} when storable: no collapsing. Call from a worker thread.
   *
   * @throws RuntimeException whatever the loader throws (nothing is cached then)
   * @throws NullPointerException if the loader returns null
   */
  default CachedResponse load(CacheKey key, Function<? super CacheKey, Loaded> loader) {
    Optional<CachedResponse> hit = get(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    Loaded loaded = Objects.requireNonNull(loader.apply(key), "loader returned null");
    if (loaded.storable()) {
      put(key, loaded.response());
    }
    return loaded.response();
  }

  /** Stores a response in every tier. */
  void put(CacheKey key, CachedResponse response);

  /**
   * Tells the cache that a response it may hold grew (its gzip body was made, see {@link
   * CachedResponse#gzipBody(java.util.function.UnaryOperator)}), so its in-process entry is weighed
   * again against the byte bound. Does nothing unless the in-process entry of {@code key} is that
   * very response; keeps the entry's expiry. Never blocks on a remote tier. The default does
   * nothing.
   */
  default void reweigh(CacheKey key, CachedResponse response) {}

  /** Drops every entry of a region, in this replica and (when shared) in the others. */
  void invalidate(CacheRegion region);

  /** Drops everything. */
  void invalidateAll();

  /**
   * A snapshot of the counters, per region; cheap enough for every metrics scrape (it walks the
   * in-process entries once). The default reports zeros and no shared tier.
   */
  default CacheStats stats() {
    EnumMap<CacheRegion, RegionStats> none = new EnumMap<>(CacheRegion.class);
    for (CacheRegion region : CacheRegion.values()) {
      none.put(region, RegionStats.empty());
    }
    return new CacheStats(none, SharedTierStats.disabled());
  }

  @Override
  void close();
}
