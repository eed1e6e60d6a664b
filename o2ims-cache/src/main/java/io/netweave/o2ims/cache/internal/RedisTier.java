package io.netweave.o2ims.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheSettings;
import io.netweave.o2ims.cache.CacheStats;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.OutageLog;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.SharedTierStats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier: responses in Redis, shared by every replica.
 *
 * <p><b>Design.</b> Each region has a generation counter in Redis that is part of every entry's
 * key; invalidating a region is one INCR (old entries become unreachable and expire by their PX),
 * never a scan. A missing counter (new or restarted Redis) starts at the current time in
 * microseconds rather than at 0, so generations never go backwards across a Redis data loss and
 * replicas can always adopt the highest generation they have seen. Each replica keeps the
 * generations locally, so a lookup is one GET. The local copy is refreshed when the data connection
 * opens, when the pub/sub connection reconnects (messages may have been lost) and when Redis comes
 * back after failures; a replica that invalidates publishes the new generation, and the others
 * adopt it and tell their in-process tier to drop the region. A refresh that fails (Redis gone
 * again, or slower than the command timeout) is tried again {@code retry_after} later until it
 * succeeds, so a region never stays unknown, and so unused, once Redis answers; the connections
 * themselves are opened again the same way. A region is not read or written while its generation is
 * unknown or while this replica's own INCR is in flight or failed (it is retried on recovery), so a
 * stale entry is never served after an invalidation returned. Values carry their expiry time, so
 * the in-process tier keeps a copy no longer than Redis does.
 *
 * <p><b>Failures.</b> Lookups wait at most {@code lookup_timeout}; writes and invalidations are
 * asynchronous. Failures are counted, never thrown, and feed a {@link CircuitBreaker}: while it is
 * open Redis is skipped and every call answers at once from what the caller has. Its opening is a
 * WARN only when Redis is connected (errors or slow answers, which nothing else reports); when the
 * connection is down it is an INFO, the connection's outage log ({@link RedisConnectionLog}) having
 * the WARN, so that one outage is one warning. Its closing is one INFO ("recovered").
 *
 * <p>Thread-safe. {@link #close()} closes the connections this tier opened; the borrowed {@link
 * RedisConnector} stays open.
 */
public final class RedisTier implements ResponseCache {

  /** A shared-tier hit and how long Redis will still keep it. */
  public record Hit(CachedResponse response, Duration remaining) {}

  private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);

  private final CacheSettings cacheSettings;
  private final Clock clock;
  private final RedisKeyspace keyspace;
  private final CircuitBreaker breaker;
  private final int threshold;
  private final RedisConnections connections;
  private final long lookupTimeoutNanos;
  private final String instanceId = UUID.randomUUID().toString();
  private final Consumer<CacheRegion> remoteInvalidations;
  private final int regions = CacheRegion.values().length;
  private final AtomicLongArray generations = new AtomicLongArray(regions);
  private final AtomicIntegerArray inFlight = new AtomicIntegerArray(regions);
  private final AtomicIntegerArray stale = new AtomicIntegerArray(regions);
  private final AtomicIntegerArray rereadScheduled = new AtomicIntegerArray(regions);
  private final Duration retryAfter;
  private volatile boolean closed;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final ConcurrentHashMap<CacheKey, CompletableFuture<CachedResponse>> loads =
      new ConcurrentHashMap<>();

  /**
   * Opens the tier's connections on the borrowed connector (asynchronously: an unreachable Redis
   * does not fail this constructor).
   *
   * @param ticker drives the circuit breaker's back-off
   * @param clock wall clock for entry expiry times (shared by replicas)
   * @param remoteInvalidations told (on a Lettuce thread) when another replica invalidated a region
   */
  public RedisTier(
      RedisConnector connector,
      CacheSettings cacheSettings,
      Ticker ticker,
      Clock clock,
      Consumer<CacheRegion> remoteInvalidations) {
    RedisSettings settings = connector.settings();
    this.cacheSettings = cacheSettings;
    this.clock = clock;
    this.remoteInvalidations = remoteInvalidations;
    this.keyspace = new RedisKeyspace(settings.keyPrefix());
    this.threshold = settings.failureThreshold();
    this.breaker = new CircuitBreaker(ticker, threshold, settings.retryAfter());
    this.retryAfter = settings.retryAfter();
    Duration lookup = settings.lookupTimeout();
    this.lookupTimeoutNanos =
        (lookup.compareTo(settings.commandTimeout()) < 0 ? lookup : settings.commandTimeout())
            .toNanos();
    for (int i = 0; i < regions; i++) {
      generations.set(i, -1);
    }
    this.connections =
        new RedisConnections(
            connector, keyspace.channel(), this::onMessage, this::recover, retryAfter);
    connections.start();
  }

  private void onMessage(byte[] message) {
    keyspace
        .parse(message)
        .filter(m -> !m.sender().equals(instanceId))
        .ifPresent(
            m -> {
              generations.accumulateAndGet(m.region().ordinal(), m.generation(), Math::max);
              remoteInvalidations.accept(m.region());
            });
  }

  /** Re-reads every generation and retries failed invalidations; never blocks. */
  private void recover() {
    for (CacheRegion region : CacheRegion.values()) {
      reread(region);
    }
  }

  /**
   * Re-reads one region's generation (and retries its failed invalidation); if that fails, it is
   * tried again {@code retry_after} later (one retry pending per region at most).
   */
  private void reread(CacheRegion region) {
    int i = region.ordinal();
    connections
        .commands()
        .thenCompose(c -> generationScript(c, RedisKeyspace.READ_GENERATION, region))
        .whenComplete(
            (remote, error) -> {
              if (error != null) {
                errors.increment();
                if (!closed && rereadScheduled.compareAndSet(i, 0, 1)) {
                  CompletableFuture.delayedExecutor(retryAfter.toNanos(), TimeUnit.NANOSECONDS)
                      .execute(
                          () -> {
                            rereadScheduled.set(i, 0);
                            if (!closed) {
                              reread(region);
                            }
                          });
                }
                return;
              }
              long old = generations.getAndAccumulate(i, remote, Math::max);
              if (old >= 0 && remote > old) {
                remoteInvalidations.accept(region);
              }
              if (stale.get(i) == 1) {
                increment(region);
              }
            });
  }

  private boolean usable(CacheRegion region) {
    int i = region.ordinal();
    return generations.get(i) >= 0 && inFlight.get(i) == 0 && stale.get(i) == 0;
  }

  /** The region's generation if the region may be used now. */
  public OptionalLong generation(CacheRegion region) {
    long generation = generations.get(region.ordinal());
    return usable(region) ? OptionalLong.of(generation) : OptionalLong.empty();
  }

  private void succeeded() {
    if (breaker.onSuccess()) {
      LOG.info("Redis cache tier recovered; using the shared tier again");
      recover();
    }
  }

  private void failed() {
    errors.increment();
    boolean wasClosed = breaker.state() == CircuitBreaker.State.CLOSED;
    breaker.onFailure();
    if (wasClosed && breaker.state() == CircuitBreaker.State.OPEN) {
      if (connections.connected()) {
        // Redis is connected but its answers fail or come too late: nothing else says so.
        LOG.warn(
            "Redis cache tier failed {} times in a row while connected (errors, or answers slower"
                + " than redis.lookup_timeout); answering from the in-process tier, trying Redis"
                + " again every {} until it recovers",
            threshold,
            OutageLog.text(retryAfter));
      } else {
        // The connection's own outage log (RedisConnectionLog) has the WARN for this outage.
        LOG.info(
            "Redis cache tier failed {} times in a row, Redis not connected; answering from the"
                + " in-process tier, trying Redis again every {} until it recovers",
            threshold,
            OutageLog.text(retryAfter));
      }
    }
  }

  /** Looks a key up in Redis, waiting at most the lookup timeout. */
  public Optional<Hit> lookup(CacheKey key) {
    CacheRegion region = key.region();
    if (cacheSettings.ttl(region).isZero()) {
      return Optional.empty();
    }
    OptionalLong generation = generation(region);
    if (generation.isEmpty() || !breaker.allowRequest()) {
      skipped.increment();
      return Optional.empty();
    }
    byte[] value;
    try {
      value =
          connections
              .commands()
              .thenCompose(c -> c.get(keyspace.entryKey(key, generation.getAsLong())))
              .get(lookupTimeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      failed();
      return Optional.empty();
    }
    succeeded();
    if (value == null || generation(region).orElse(-1) != generation.getAsLong()) {
      misses.increment();
      return Optional.empty();
    }
    ResponseCodec.Decoded decoded;
    try {
      decoded = ResponseCodec.decode(value);
    } catch (IllegalArgumentException e) {
      errors.increment();
      misses.increment();
      return Optional.empty();
    }
    long remaining = decoded.expiresAtMillis() - clock.millis();
    if (remaining <= 0) {
      misses.increment();
      return Optional.empty();
    }
    hits.increment();
    return Optional.of(new Hit(decoded.response(), Duration.ofMillis(remaining)));
  }

  @Override
  public Optional<CachedResponse> peek(CacheKey key) {
    return Optional.empty();
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return lookup(key).map(Hit::response);
  }

  @Override
  public CachedResponse get(CacheKey key, Function<? super CacheKey, CachedResponse> loader) {
    Optional<Hit> hit = lookup(key);
    if (hit.isPresent()) {
      return hit.get().response();
    }
    OptionalLong generation = generation(key.region());
    CompletableFuture<CachedResponse> mine = new CompletableFuture<>();
    CompletableFuture<CachedResponse> running = loads.putIfAbsent(key, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      CachedResponse response = Objects.requireNonNull(loader.apply(key), "loader returned null");
      if (generation.isPresent()) {
        put(key, response, generation.getAsLong());
      }
      mine.complete(response);
      return response;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loads.remove(key, mine);
    }
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    OptionalLong generation = generation(key.region());
    if (generation.isEmpty()) {
      skipped.increment();
      return;
    }
    put(key, response, generation.getAsLong());
  }

  /**
   * Stores a response rendered while the region was at {@code generation}; does nothing if the
   * region was invalidated since (the response may predate the change).
   */
  public void put(CacheKey key, CachedResponse response, long generation) {
    Objects.requireNonNull(response, "response");
    Duration ttl = cacheSettings.ttl(key.region());
    if (ttl.isZero()) {
      return;
    }
    if (generation(key.region()).orElse(-1) != generation || !breaker.allowRequest()) {
      skipped.increment();
      return;
    }
    byte[] value = ResponseCodec.encode(response, clock.millis() + ttl.toMillis());
    connections
        .commands()
        .thenCompose(
            c ->
                c.set(
                    keyspace.entryKey(key, generation), value, SetArgs.Builder.px(ttl.toMillis())))
        .whenComplete((ok, error) -> report(error));
  }

  private void report(Throwable error) {
    if (error == null) {
      succeeded();
    } else {
      failed();
    }
  }

  @Override
  public void invalidate(CacheRegion region) {
    increment(region);
  }

  private void increment(CacheRegion region) {
    int i = region.ordinal();
    inFlight.incrementAndGet(i);
    connections
        .commands()
        .thenCompose(c -> generationScript(c, RedisKeyspace.BUMP_GENERATION, region))
        .whenComplete(
            (generation, error) -> {
              if (error == null) {
                generations.accumulateAndGet(i, generation, Math::max);
                stale.set(i, 0);
                publish(region, generation);
              } else {
                stale.set(i, 1);
                failed();
              }
              inFlight.decrementAndGet(i);
            });
  }

  private CompletionStage<Long> generationScript(
      RedisClusterAsyncCommands<byte[], byte[]> commands, String script, CacheRegion region) {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    return commands.eval(
        script,
        ScriptOutputType.INTEGER,
        new byte[][] {keyspace.generationKey(region)},
        Long.toString(micros).getBytes(StandardCharsets.US_ASCII));
  }

  private void publish(CacheRegion region, long generation) {
    connections
        .commands()
        .thenCompose(
            c -> c.publish(keyspace.channel(), keyspace.message(instanceId, region, generation)))
        .whenComplete((receivers, error) -> report(error));
  }

  @Override
  public void invalidateAll() {
    for (CacheRegion region : CacheRegion.values()) {
      increment(region);
    }
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(ResponseCache.super.stats().regions(), sharedStats());
  }

  /** The counters of this tier. */
  public SharedTierStats sharedStats() {
    boolean generationsKnown = true;
    for (int i = 0; i < regions; i++) {
      generationsKnown &= generations.get(i) >= 0;
    }
    return new SharedTierStats(
        true,
        generationsKnown && connections.connected(),
        breaker.state() != CircuitBreaker.State.CLOSED,
        hits.sum(),
        misses.sum(),
        errors.sum(),
        skipped.sum());
  }

  @Override
  public void close() {
    closed = true;
    connections.close();
  }
}
