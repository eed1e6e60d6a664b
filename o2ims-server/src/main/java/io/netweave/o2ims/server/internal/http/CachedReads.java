package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.ResponseCache;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Serves a read through the response cache: a hit is written on the IO thread; a miss is computed
 * on a worker thread, written, and stored unless the inventory changed meanwhile (so an answer from
 * an older snapshot is not kept after its invalidation). Thread-safe.
 */
final class CachedReads {
  /** Computes a response on a worker thread. */
  @FunctionalInterface
  interface Compute {
    CachedResponse compute() throws Exception;
  }

  private final ResponseCache cache;
  private final Dispatcher dispatcher;
  private final LongSupplier revision;

  /**
   * @param revision the inventory revision now (cache entries are only stored if unchanged)
   */
  CachedReads(ResponseCache cache, Dispatcher dispatcher, LongSupplier revision) {
    this.cache = cache;
    this.dispatcher = dispatcher;
    this.revision = revision;
  }

  void serve(
      HttpServerExchange exchange, CacheRegion region, String canonicalQuery, Compute compute) {
    CacheKey key = new CacheKey(region, "v1", Requests.normalizedPath(exchange), canonicalQuery);
    Optional<CachedResponse> hit = cache.get(key);
    if (hit.isPresent()) {
      Responses.write(exchange, hit.get());
      return;
    }
    dispatcher.dispatch(
        exchange,
        () -> {
          long before = revision.getAsLong();
          CachedResponse response = compute.compute();
          if (response.status() == 200 && revision.getAsLong() == before) {
            cache.put(key, response);
          }
          Responses.write(exchange, response);
        });
  }
}
