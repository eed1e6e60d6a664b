package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.Loaded;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.server.internal.caching.ResponseKeys;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Serves a read through the response cache: an in-process hit is written on the IO thread without
 * serialization; otherwise a worker thread loads it through {@link ResponseCache#load}, the
 * single-flight miss path: one request per key at a time asks the shared tier (which may wait on
 * Redis, bounded by its lookup timeout) and on a miss computes the response, while identical
 * requests arriving meanwhile wait for that answer instead of computing it again (a miss storm of
 * 64 connections on one key costs one computation). The answer is stored unless the inventory
 * changed meanwhile (so an answer from an older snapshot is not kept after its invalidation); a
 * computation that fails is shared with its waiters, stored nowhere, and retried by the next
 * request. Until the source has synced (its readiness) and the notification producer has its first
 * baseline (what {@code /readyz} waits for), every read is answered 503 with {@code Retry-After}
 * instead: an empty or partial list would tell a client that the O-Cloud is empty, and a read older
 * than the baseline would miss the changes folded into it. A large answer goes out gzip-compressed
 * to a client that accepts it ({@link Compression}); its gzip bytes are made on a worker the first
 * time a client asks, kept with the cached response, and then written on the IO thread like the
 * identity bytes. Thread-safe.
 */
final class CachedReads {
  /** Computes a response on a worker thread. */
  @FunctionalInterface
  interface Compute {
    CachedResponse compute();
  }

  private final ResponseCache cache;
  private final Dispatcher dispatcher;
  private final LongSupplier revision;
  private final BooleanSupplier complete;
  private final Compression compression;
  private final String view;

  /**
   * @param revision the inventory revision now (cache entries are only stored if unchanged)
   * @param complete whether the source serves a complete view; until it does reads are answered
   *     503, and an answer computed while it stopped doing so is not stored (a source does not
   *     publish its initial sync as changes, so nothing would invalidate it)
   * @param compression which responses go out gzip-compressed
   * @param view the view part of the keys ({@link ResponseKeys#view} of the paging-marker key)
   */
  CachedReads(
      ResponseCache cache,
      Dispatcher dispatcher,
      LongSupplier revision,
      BooleanSupplier complete,
      Compression compression,
      String view) {
    this.cache = cache;
    this.view = view;
    this.compression = compression;
    this.dispatcher = dispatcher;
    this.revision = revision;
    this.complete = complete;
  }

  void serve(
      HttpServerExchange exchange, CacheRegion region, String canonicalQuery, Compute compute) {
    serve(exchange, key(region, exchange.getRequestPath(), canonicalQuery), compute);
  }

  /**
   * The key of a read of {@code requestPath} with {@code canonicalQuery} ({@link ResponseKeys}).
   */
  CacheKey key(CacheRegion region, String requestPath, String canonicalQuery) {
    return ResponseKeys.key(view, region, requestPath, canonicalQuery);
  }

  /**
   * Serves the read whose key is {@code key}: {@link ResponseKeys#key} of the region, the request's
   * path and its canonical query (a route may make the key of its most common request once).
   */
  void serve(HttpServerExchange exchange, CacheKey key, Compute compute) {
    if (!complete.getAsBoolean()) {
      throw new HttpProblem(
          503,
          "Service Unavailable",
          "not ready yet (see /readyz): the inventory source has not synced, or the notification"
              + " producer has no first baseline yet; retry later",
          java.util.Map.of("Retry-After", "5"));
    }
    Optional<CachedResponse> local = cache.peek(key);
    if (local.isPresent()) {
      CachedResponse hit = local.get();
      Compression.Coding coding = compression.coding(exchange, hit);
      if (!Compression.mustCompress(hit, coding)) {
        Compression.write(exchange, hit, coding);
        return;
      }
      dispatcher.dispatch(exchange, () -> writeCompressed(exchange, key, hit));
      return;
    }
    dispatcher.dispatch(
        exchange,
        () -> {
          CachedResponse response =
              cache.load(
                  key,
                  k -> {
                    long before = revision.getAsLong();
                    boolean storable = complete.getAsBoolean();
                    CachedResponse computed = compute.compute();
                    return new Loaded(
                        computed,
                        storable && computed.status() == 200 && revision.getAsLong() == before);
                  });
          Compression.Coding coding = compression.coding(exchange, response);
          if (Compression.mustCompress(response, coding)) {
            writeCompressed(exchange, key, response);
          } else {
            Compression.write(exchange, response, coding);
          }
        });
  }

  /**
   * On a worker thread: makes the response's gzip body (once per response, whoever asks first),
   * lets the cache weigh the grown entry, and writes it.
   */
  private void writeCompressed(HttpServerExchange exchange, CacheKey key, CachedResponse response) {
    compression.gzipBody(response);
    cache.reweigh(key, response);
    Compression.write(exchange, response, Compression.Coding.GZIP);
  }
}
