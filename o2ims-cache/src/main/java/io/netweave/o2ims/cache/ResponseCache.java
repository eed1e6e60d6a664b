package io.netweave.o2ims.cache;

import java.util.Optional;

/**
 * A cache of ready-to-write responses. Thread-safe. {@link #get} never blocks on a remote tier
 * longer than that tier's configured timeout, and never throws because a remote tier failed.
 */
public interface ResponseCache extends AutoCloseable {

  /** The cached response, if any tier holds a fresh one. */
  Optional<CachedResponse> get(CacheKey key);

  /** Stores a response in every tier. */
  void put(CacheKey key, CachedResponse response);

  /** Drops every entry of a region, in this replica and (when shared) in the others. */
  void invalidate(CacheRegion region);

  /** Drops everything. */
  void invalidateAll();

  @Override
  void close();
}
