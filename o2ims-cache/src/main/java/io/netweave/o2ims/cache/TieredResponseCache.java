package io.netweave.o2ims.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netweave.o2ims.cache.internal.CaffeineTier;
import io.netweave.o2ims.cache.internal.RedisTier;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * The response cache the server uses: an in-process Caffeine tier in front of an optional shared
 * Redis tier.
 *
 * <p><b>Reads</b> go to the in-process tier, then to Redis; a Redis hit is copied into the
 * in-process tier for what is left of its Redis TTL. <b>Writes</b> go to both (the Redis write is
 * asynchronous). <b>Invalidation</b> drops the region in-process at once, bumps the region's
 * generation in Redis and announces it on pub/sub, so other replicas drop their in-process copies.
 * {@link #load} is the loader-style call for misses and warming: concurrent calls for one key in
 * this process render once (single flight), and a response rendered before an invalidation is not
 * stored.
 *
 * <p><b>Without Redis</b> (no {@link Builder#redis}) it is the in-process tier alone. <b>When Redis
 * fails</b>, lookups wait at most {@code redis.lookup_timeout}, and after {@code
 * redis.failure_threshold} consecutive failures Redis is skipped for {@code redis.retry_after}; the
 * in-process tier keeps answering, and the shared tier is used again once a probe succeeds.
 *
 * <p>Thread-safe; share one instance. {@link #close()} closes the Redis connections this cache
 * opened and empties the in-process tier; it does not close the borrowed {@link RedisConnector}.
 */
public final class TieredResponseCache implements ResponseCache {

  private final CaffeineTier local;
  private final Optional<RedisTier> shared;

  private TieredResponseCache(Builder builder) {
    this.local = new CaffeineTier(builder.settings, builder.ticker);
    this.shared =
        builder.redis == null
            ? Optional.empty()
            : Optional.of(
                new RedisTier(
                    builder.redis,
                    builder.settings,
                    builder.ticker,
                    builder.clock,
                    this::onRemoteInvalidation));
  }

  /**
   * Called on a Lettuce event loop: retiring the region is one atomic increment; the walk that
   * frees its entries runs on the common pool so the event loop never waits on the cache.
   */
  private void onRemoteInvalidation(CacheRegion region) {
    local.retire(region);
    ForkJoinPool.commonPool().execute(() -> local.purge(region));
  }

  /** A builder: defaults are {@link CacheSettings#defaults()}, the system ticker, no Redis. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<CachedResponse> peek(CacheKey key) {
    return local.peek(key);
  }

  @Override
  public Optional<CachedResponse> get(CacheKey key) {
    Optional<CachedResponse> hit = local.get(key);
    if (hit.isPresent() || shared.isEmpty()) {
      return hit;
    }
    long generation = local.generation(key.region());
    return shared
        .get()
        .lookup(key)
        .map(
            h -> {
              local.put(key, h.response(), h.remaining(), generation);
              return h.response();
            });
  }

  /**
   * The single-flight load of the in-process tier; with Redis, the one caller loading a key asks
   * Redis first and renders only on a Redis miss, storing a storable result in both tiers. Loads
   * are not coordinated across replicas: each replica renders a key at most once at a time (see
   * {@link ResponseCache#load}), and a replica that misses after another one stored the key in
   * Redis takes it from there.
   */
  @Override
  public CachedResponse load(CacheKey key, Function<? super CacheKey, Loaded> loader) {
    Objects.requireNonNull(loader, "loader");
    if (shared.isEmpty()) {
      return local.load(key, loader);
    }
    RedisTier redis = shared.get();
    return local.getTimed(
        key,
        k -> {
          Optional<RedisTier.Hit> hit = redis.lookup(k);
          if (hit.isPresent()) {
            return new CaffeineTier.Timed(hit.get().response(), hit.get().remaining());
          }
          OptionalLong generation = redis.generation(k.region());
          Loaded rendered = Objects.requireNonNull(loader.apply(k), "loader returned null");
          if (rendered.storable() && generation.isPresent()) {
            redis.put(k, rendered.response(), generation.getAsLong());
          }
          return new CaffeineTier.Timed(
              rendered.response(), local.settings().ttl(k.region()), rendered.storable());
        });
  }

  @Override
  public void put(CacheKey key, CachedResponse response) {
    local.put(key, response);
    shared.ifPresent(redis -> redis.put(key, response));
  }

  /** Re-weighs the in-process entry; the shared tier keeps identity bytes only. */
  @Override
  public void reweigh(CacheKey key, CachedResponse response) {
    local.reweigh(key, response);
  }

  @Override
  public void invalidate(CacheRegion region) {
    local.invalidate(region);
    shared.ifPresent(redis -> redis.invalidate(region));
  }

  @Override
  public void invalidateAll() {
    local.invalidateAll();
    shared.ifPresent(RedisTier::invalidateAll);
  }

  @Override
  public CacheStats stats() {
    return new CacheStats(
        local.regionStats(),
        shared.map(RedisTier::sharedStats).orElseGet(SharedTierStats::disabled));
  }

  @Override
  public void close() {
    shared.ifPresent(RedisTier::close);
    local.close();
  }

  /**
   * Builds a {@link TieredResponseCache}. Not thread-safe. Each option may be set once; an option
   * set twice, or an option that only makes sense with another one missing, is refused with {@link
   * IllegalStateException} saying what to change.
   */
  public static final class Builder {
    private CacheSettings settings;
    private Ticker ticker;
    private Clock clock;
    private RedisConnector redis;
    private boolean settingsSet;

    private Builder() {}

    /** TTLs, byte bound and warming settings (default {@link CacheSettings#defaults()}). */
    public Builder settings(CacheSettings settings) {
      if (settingsSet) {
        throw new IllegalStateException("settings set twice");
      }
      this.settings = Objects.requireNonNull(settings, "settings");
      settingsSet = true;
      return this;
    }

    /**
     * The time source of the in-process TTLs, load timing and the Redis circuit breaker (default
     * {@link Ticker#systemTicker()}); tests pass a fake ticker and advance it.
     */
    public Builder ticker(Ticker ticker) {
      if (this.ticker != null) {
        throw new IllegalStateException("ticker set twice");
      }
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The wall clock for the expiry times stored with Redis entries (default {@link
     * Clock#systemUTC()}); needs {@link #redis}.
     */
    public Builder clock(Clock clock) {
      if (this.clock != null) {
        throw new IllegalStateException("clock set twice");
      }
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adds the shared tier on a borrowed connector (the caller keeps owning and closes it). */
    public Builder redis(RedisConnector connector) {
      if (this.redis != null) {
        throw new IllegalStateException("redis set twice");
      }
      this.redis = Objects.requireNonNull(connector, "connector");
      return this;
    }

    /**
     * @throws IllegalStateException if {@link #clock} was set without {@link #redis}
     */
    public TieredResponseCache build() {
      if (clock != null && redis == null) {
        throw new IllegalStateException(
            "clock(...) only dates Redis entries: add redis(...) or drop clock(...)");
      }
      if (settings == null) {
        settings = CacheSettings.defaults();
      }
      if (ticker == null) {
        ticker = Ticker.systemTicker();
      }
      if (clock == null) {
        clock = Clock.systemUTC();
      }
      return new TieredResponseCache(this);
    }
  }
}
