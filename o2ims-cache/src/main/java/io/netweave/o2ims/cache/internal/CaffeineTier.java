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
import io.netweave.o2ims.cache.RegionStats;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.SharedTierStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * runs on the calling thread and is amortized); loads of the same key are collapsed by Caffeine.
 */
public final class CaffeineTier implements ResponseCache {

  record LocalKey(CacheKey key, long generation) {}

  /** A response and how long the in-process tier may keep it. */
  public record Timed(CachedResponse response, Duration ttl) {
    public Timed {
      Objects.requireNonNull(response, "loader returned null");
      Objects.requireNonNull(ttl, "ttl");
    }
  }

  private record Entry(CachedResponse response, long ttlNanos) {}

  private static final class Counters {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder expirations = new LongAdder();
  }

  private final CacheSettings settings;
  private final Ticker ticker;
  private final Cache<LocalKey, Entry> cache;
  private final AtomicLongArray generations = new AtomicLongArray(CacheRegion.values().length);
  private final EnumMap<CacheRegion, Counters> counters = new EnumMap<>(CacheRegion.class);

  /** A tier with the settings' byte bound and TTLs, reading time from {@code ticker}. */
  public CaffeineTier(CacheSettings settings, Ticker ticker) {
    this.settings = settings;
    this.ticker = ticker;
    for (CacheRegion region : CacheRegion.values()) {
      counters.put(region, new Counters());
    }
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(settings.maxBytes())
            .weigher((LocalKey key, Entry entry) -> entry.response().weight())
            .expireAfter(new EntryExpiry())
            .ticker(ticker)
            .executor(Runnable::run)
            .evictionListener(this::onEviction)
            .recordStats()
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
    return !settings.ttl(region).isZero();
  }

  @Override
  public Optional<CachedResponse> peek(CacheKey key) {
    if (!cached(key.region())) {
      counters.get(key.region()).misses.increment();
      return Optional.empty();
    }
    Entry entry = cache.getIfPresent(localKey(key));
    Counters c = counters.get(key.region());
    if (entry == null) {
      c.misses.increment();
      return Optional.empty();
    }
    c.hits.increment();
    return Optional.of(entry.response());
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    return peek(key);
  }

  @Override
  public CachedResponse get(CacheKey key, Function<? super CacheKey, CachedResponse> loader) {
    Duration ttl = settings.ttl(key.region());
    return getTimed(key, k -> new Timed(loader.apply(k), ttl));
  }

  /**
   * Like {@link #get(CacheKey, Function)}, with a loader that also says how long to keep its
   * result.
   */
  public CachedResponse getTimed(CacheKey key, Function<? super CacheKey, Timed> loader) {
    Counters c = counters.get(key.region());
    if (!cached(key.region())) {
      c.misses.increment();
      return timedLoad(c, key, loader).response();
    }
    boolean[] loaded = {false};
    Entry entry =
        cache.get(
            localKey(key),
            k -> {
              loaded[0] = true;
              Timed timed = timedLoad(c, key, loader);
              return new Entry(timed.response(), Math.max(1, timed.ttl().toNanos()));
            });
    if (loaded[0]) {
      c.misses.increment();
    } else {
      c.hits.increment();
    }
    return entry.response();
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
    Objects.requireNonNull(response, "response");
    if (!cached(key.region()) || ttl.isNegative() || ttl.isZero()) {
      return;
    }
    Duration bounded =
        ttl.compareTo(settings.ttl(key.region())) < 0 ? ttl : settings.ttl(key.region());
    cache.put(localKey(key), new Entry(response, bounded.toNanos()));
  }

  @Override
  public void invalidate(CacheRegion region) {
    generations.incrementAndGet(region.ordinal());
    cache.asMap().keySet().removeIf(k -> k.key().region() == region);
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
              c.hits.sum(),
              c.misses.sum(),
              c.loads.sum(),
              c.loadFailures.sum(),
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
      return value.ttlNanos();
    }

    @Override
    public long expireAfterRead(LocalKey key, Entry value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
