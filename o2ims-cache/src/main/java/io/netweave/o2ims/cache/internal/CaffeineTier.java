package io.netweave.o2ims.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheSettings;
import io.netweave.o2ims.cache.CacheStats;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.Loaded;
import io.netweave.o2ims.cache.RegionStats;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.SharedTierStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The in-process tier: one Caffeine cache bounded by bytes, with a TTL per entry.
 *
 * <p><b>Design.</b> Entries are keyed by the request's {@link CacheKey} plus the region's local
 * generation, read when a lookup or load starts. {@link #invalidate} first bumps the generation and
 * then removes the region's entries, so a response rendered before the invalidation but stored
 * after it lands under the old generation, where no lookup finds it (it ages out by TTL or size).
 * The TTL is carried by the entry (the region's TTL, or what is left of a shared-tier entry's TTL)
 * and applied through Caffeine's {@link Expiry}; reads do not extend it. Per-region hit, miss and
 * load counters are kept here, because Caffeine's own statistics are per cache; per-region entry
 * counts and sizes are computed by walking the entries when {@link #stats()} is called.
 *
 * <p>Thread-safe. {@link #peek}, {@link #get(CacheKey)} and {@link #put} never block (maintenance
 * runs on the calling thread and is amortized); concurrent loads of the same key are collapsed into
 * one (see {@link #getTimed}).
 */
public final class CaffeineTier implements ResponseCache {

  /** A key and its region's generation; equals and hashCode written out, as {@link CacheKey}'s. */
  record LocalKey(CacheKey key, long generation) {
    @Override
    public boolean equals(Object o) {
      return this == o
          || o instanceof LocalKey k && generation == k.generation && key.equals(k.key);
    }

    @Override
    public int hashCode() {
      return 31 * key.hashCode() + Long.hashCode(generation);
    }
  }

  /**
   * A response, how long the in-process tier may keep it, and whether it may keep it at all (a
   * loader that learnt its answer may be stale says no).
   */
  public record Timed(CachedResponse response, Duration ttl, boolean storable) {
    public Timed {
      Objects.requireNonNull(response, "loader returned null");
      Objects.requireNonNull(ttl, "ttl");
    }

    public Timed(CachedResponse response, Duration ttl) {
      this(response, ttl, true);
    }
  }

  /**
   * A stored response and its TTL; {@code reweighed} marks the copy {@link #reweigh} puts back,
   * which keeps the expiry the entry had.
   */
  private record Entry(CachedResponse response, long ttlNanos, boolean reweighed) {
    Entry(CachedResponse response, long ttlNanos) {
      this(response, ttlNanos, false);
    }
  }

  private static final class Counters {
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadWaits = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder expirations = new LongAdder();
  }

  private final CacheSettings settings;
  private final Ticker ticker;
  private final Cache<LocalKey, Entry> cache;
  private final AtomicLongArray generations = new AtomicLongArray(CacheRegion.values().length);
  private final ConcurrentHashMap<LocalKey, CompletableFuture<CachedResponse>> inFlight =
      new ConcurrentHashMap<>();
  private final EnumMap<CacheRegion, Counters> counters = new EnumMap<>(CacheRegion.class);

  /**
   * The region's counters and whether it is cached at all (a TTL above zero), by ordinal: a lookup
   * reads both on every request, so they are an array element away instead of a map lookup of the
   * settings' TTL and one of the counters.
   */
  private record RegionState(boolean cached, Counters counters, int hit, int miss) {}

  /** Every region's hits and misses, counted per thread ({@link RegionState#hit} and miss). */
  private final ThreadCounts lookups = new ThreadCounts(2 * CacheRegion.values().length);

  private final RegionState[] regions = new RegionState[CacheRegion.values().length];

  /** A tier with the settings' byte bound and TTLs, reading time from {@code ticker}. */
  public CaffeineTier(CacheSettings settings, Ticker ticker) {
    this.settings = settings;
    this.ticker = ticker;
    for (CacheRegion region : CacheRegion.values()) {
      Counters c = new Counters();
      counters.put(region, c);
      int i = region.ordinal();
      regions[i] = new RegionState(!settings.ttl(region).isZero(), c, 2 * i, 2 * i + 1);
    }
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(settings.maxBytes())
            .weigher((LocalKey key, Entry entry) -> entry.response().weight())
            .expireAfter(new EntryExpiry())
            .ticker(ticker)
            .executor(Runnable::run)
            .evictionListener(this::onEviction)
            .build();
  }

  private void onEviction(LocalKey key, Entry entry, RemovalCause cause) {
    if (key == null) {
      return;
    }
    Counters c = counters.get(key.key().region());
    if (cause == RemovalCause.EXPIRED) {
      c.expirations.increment();
    } else if (cause == RemovalCause.SIZE) {
      c.evictions.increment();
    }
  }

  private LocalKey localKey(CacheKey key) {
    return new LocalKey(key, generations.get(key.region().ordinal()));
  }

  private boolean cached(CacheRegion region) {
    return regions[region.ordinal()].cached();
  }

  /**
   * Counts a hit, not a miss: a caller that peeks answers a miss with {@link #get(CacheKey)} or
   * {@link #load}, which counts that lookup, so one request is one lookup (a peek miss counted too
   * made every missed request two misses, or a miss and a hit, and the hit ratio read low).
   */
  @Override
  public Optional<CachedResponse> peek(CacheKey key) {
    RegionState region = regions[key.region().ordinal()];
    if (!region.cached()) {
      return Optional.empty();
    }
    Entry entry = cache.getIfPresent(localKey(key));
    if (entry == null) {
      return Optional.empty();
    }
    lookups.increment(region.hit());
    return Optional.of(entry.response());
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    Optional<CachedResponse> hit = peek(key);
    if (hit.isEmpty()) {
      lookups.increment(regions[key.region().ordinal()].miss());
    }
    return hit;
  }

  @Override
  public CachedResponse get(CacheKey key, Function<? super CacheKey, CachedResponse> loader) {
    Duration ttl = settings.ttl(key.region());
    return getTimed(key, k -> new Timed(loader.apply(k), ttl));
  }

  @Override
  public CachedResponse load(CacheKey key, Function<? super CacheKey, Loaded> loader) {
    Duration ttl = settings.ttl(key.region());
    return getTimed(
        key,
        k -> {
          Loaded loaded = Objects.requireNonNull(loader.apply(k), "loader returned null");
          return new Timed(loaded.response(), ttl, loaded.storable());
        });
  }

  /**
   * Like {@link #load}, with a loader that also says how long to keep its result: the single-flight
   * load. The first caller to miss a key (at the region's current generation) registers a future in
   * {@code inFlight} and runs the loader on its own thread, outside Caffeine's locks; callers
   * missing the same key meanwhile wait for that future. The leader stores a storable result before
   * it removes its future, so a caller arriving after the removal finds the entry (or, for a result
   * not storable, loads again). A failure completes the future exceptionally (waiters get the same
   * exception), stores nothing and removes the future, so the next call loads again.
   */
  public CachedResponse getTimed(CacheKey key, Function<? super CacheKey, Timed> loader) {
    RegionState region = regions[key.region().ordinal()];
    Counters c = region.counters();
    if (!region.cached()) {
      lookups.increment(region.miss());
      return timedLoad(c, key, loader).response();
    }
    LocalKey local = localKey(key);
    Entry hit = cache.getIfPresent(local);
    if (hit != null) {
      lookups.increment(region.hit());
      return hit.response();
    }
    CompletableFuture<CachedResponse> mine = new CompletableFuture<>();
    CompletableFuture<CachedResponse> running = inFlight.putIfAbsent(local, mine);
    if (running != null) {
      lookups.increment(region.miss());
      c.loadWaits.increment();
      return await(running);
    }
    try {
      Entry stored = cache.getIfPresent(local);
      if (stored != null) {
        lookups.increment(region.hit());
        mine.complete(stored.response());
        return stored.response();
      }
      lookups.increment(region.miss());
      Timed timed = timedLoad(c, key, loader);
      if (timed.storable()) {
        put(key, timed.response(), timed.ttl(), local.generation());
      }
      mine.complete(timed.response());
      return timed.response();
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(local, mine);
    }
  }

  private static CachedResponse await(CompletableFuture<CachedResponse> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private Timed timedLoad(Counters c, CacheKey key, Function<? super CacheKey, Timed> loader) {
    long start = ticker.read();
    try {
      Timed timed = loader.apply(key);
      Objects.requireNonNull(timed, "loader returned null");
      c.loads.increment();
      return timed;
    } catch (RuntimeException e) {
      c.loadFailures.increment();
      throw e;
    } finally {
      c.loadNanos.add(ticker.read() - start);
    }
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    put(key, response, settings.ttl(key.region()));
  }

  /** Stores a response for at most {@code ttl} (e.g. what is left of a shared-tier entry's TTL). */
  public void put(CacheKey key, CachedResponse response, Duration ttl) {
    put(key, response, ttl, generations.get(key.region().ordinal()));
  }

  /** The region's current local generation, to be passed to a later {@link #put}. */
  public long generation(CacheRegion region) {
    return generations.get(region.ordinal());
  }

  /**
   * Stores a response fetched while the region was at {@code generation}; does nothing if the
   * region was invalidated since.
   */
  public void put(CacheKey key, CachedResponse response, Duration ttl, long generation) {
    Objects.requireNonNull(response, "response");
    if (!cached(key.region()) || ttl.isNegative() || ttl.isZero()) {
      return;
    }
    if (generations.get(key.region().ordinal()) != generation) {
      return;
    }
    Duration bounded =
        ttl.compareTo(settings.ttl(key.region())) < 0 ? ttl : settings.ttl(key.region());
    cache.put(new LocalKey(key, generation), new Entry(response, bounded.toNanos()));
  }

  /**
   * Replaces the entry of {@code key} at the current generation by a copy when it holds {@code
   * response}, so Caffeine weighs it again (its gzip body was added); the expiry stays. A lookup
   * here counts as neither hit nor miss.
   */
  @Override
  public void reweigh(CacheKey key, CachedResponse response) {
    LocalKey local = localKey(key);
    Entry entry = cache.getIfPresent(local);
    if (entry != null && entry.response() == response) {
      cache.asMap().replace(local, entry, new Entry(response, entry.ttlNanos(), true));
    }
  }

  @Override
  public void invalidate(CacheRegion region) {
    retire(region);
    purge(region);
  }

  /**
   * Makes the region's entries unreachable at once (one atomic increment, never blocks); {@link
   * #purge} then frees them.
   */
  public void retire(CacheRegion region) {
    generations.incrementAndGet(region.ordinal());
  }

  /**
   * Removes the region's entries of older generations. Walks the cache and may wait for a load
   * running in the same hash bin, so callers on an event loop dispatch it.
   */
  public void purge(CacheRegion region) {
    long current = generations.get(region.ordinal());
    cache.asMap().keySet().removeIf(k -> k.key().region() == region && k.generation() < current);
  }

  @Override
  public void invalidateAll() {
    for (CacheRegion region : CacheRegion.values()) {
      generations.incrementAndGet(region.ordinal());
    }
    cache.invalidateAll();
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(regionStats(), SharedTierStats.disabled());
  }

  /** The per-region counters of this tier. */
  public Map<CacheRegion, RegionStats> regionStats() {
    long[] entries = new long[CacheRegion.values().length];
    long[] weights = new long[CacheRegion.values().length];
    cache
        .asMap()
        .forEach(
            (k, v) -> {
              int i = k.key().region().ordinal();
              entries[i]++;
              weights[i] += v.response().weight();
            });
    EnumMap<CacheRegion, RegionStats> stats = new EnumMap<>(CacheRegion.class);
    for (CacheRegion region : CacheRegion.values()) {
      Counters c = counters.get(region);
      int i = region.ordinal();
      stats.put(
          region,
          new RegionStats(
              lookups.sum(regions[i].hit()),
              lookups.sum(regions[i].miss()),
              c.loads.sum(),
              c.loadFailures.sum(),
              c.loadWaits.sum(),
              c.loadNanos.sum(),
              c.evictions.sum(),
              c.expirations.sum(),
              entries[i],
              weights[i]));
    }
    return stats;
  }

  /** The settings this tier was built with. */
  public CacheSettings settings() {
    return settings;
  }

  /** Runs pending maintenance (expiry, eviction) now; for tests and shutdown. */
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  private static final class EntryExpiry implements Expiry<LocalKey, Entry> {
    @Override
    public long expireAfterCreate(LocalKey key, Entry value, long currentTime) {
      return value.ttlNanos();
    }

    @Override
    public long expireAfterUpdate(
        LocalKey key, Entry value, long currentTime, long currentDuration) {
      return value.reweighed() ? currentDuration : value.ttlNanos();
    }

    @Override
    public long expireAfterRead(LocalKey key, Entry value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
