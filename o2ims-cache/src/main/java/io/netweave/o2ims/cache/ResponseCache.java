package io.netweave.o2ims.cache;

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
   * Function)}. A cache without an in-process tier always answers empty.
   */
  Optional<CachedResponse> peek(CacheKey key);

  /** The cached response, if any tier holds a fresh one. */
  Optional<CachedResponse> get(CacheKey key);

  /**
   * The cached response, or the loader's result, which is then stored in every tier. Concurrent
   * calls for the same key in this process run the loader once and share its result. The load time
   * is recorded in {@link #stats()}.
   *
   * @throws RuntimeException whatever the loader throws (nothing is cached then)
   * @throws NullPointerException if the loader returns null
   */
  CachedResponse get(CacheKey key, Function<? super CacheKey, CachedResponse> loader);

  /** Stores a response in every tier. */
  void put(CacheKey key, CachedResponse response);

  /** Drops every entry of a region, in this replica and (when shared) in the others. */
  void invalidate(CacheRegion region);

  /** Drops everything. */
  void invalidateAll();

  /** A snapshot of the counters, per region; cheap enough for every metrics scrape. */
  CacheStats stats();

  @Override
  void close();
}
