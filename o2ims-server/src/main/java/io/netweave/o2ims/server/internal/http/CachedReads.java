package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.server.internal.caching.ResponseKeys;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Serves a read through the response cache: an in-process hit is written on the IO thread without
 * serialization; otherwise a worker thread asks the shared tier (which may wait on Redis, bounded
 * by its lookup timeout), and on a miss computes the response, writes it, and stores it unless the
 * inventory changed meanwhile (so an answer from an older snapshot is not kept after its
 * invalidation). Until the source has synced (its readiness), every read is answered 503 with
 * {@code Retry-After} instead: an empty or partial list would tell a client that the O-Cloud is
 * empty. Thread-safe.
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
  private final BooleanSupplier complete;

  /**
   * @param revision the inventory revision now (cache entries are only stored if unchanged)
   * @param complete whether the source serves a complete view; until it does reads are answered
   *     503, and an answer computed while it stopped doing so is not stored (a source does not
   *     publish its initial sync as changes, so nothing would invalidate it)
   */
  CachedReads(
      ResponseCache cache, Dispatcher dispatcher, LongSupplier revision, BooleanSupplier complete) {
    this.cache = cache;
    this.dispatcher = dispatcher;
    this.revision = revision;
    this.complete = complete;
  }

  void serve(
      HttpServerExchange exchange, CacheRegion region, String canonicalQuery, Compute compute) {
    if (!complete.getAsBoolean()) {
      throw new HttpProblem(
          503,
          "Service Unavailable",
          "the inventory source has not synced yet (see /readyz); retry later",
          java.util.Map.of("Retry-After", "5"));
    }
    CacheKey key = ResponseKeys.key(region, exchange.getRequestPath(), canonicalQuery);
    Optional<CachedResponse> local = cache.peek(key);
    if (local.isPresent()) {
      Responses.write(exchange, local.get());
      return;
    }
    dispatcher.dispatch(
        exchange,
        () -> {
          Optional<CachedResponse> shared = cache.get(key);
          if (shared.isPresent()) {
            Responses.write(exchange, shared.get());
            return;
          }
          long before = revision.getAsLong();
          boolean storable = complete.getAsBoolean();
          CachedResponse response = compute.compute();
          if (storable && response.status() == 200 && revision.getAsLong() == before) {
            cache.put(key, response);
          }
          Responses.write(exchange, response);
        });
  }
}
