package io.netweave.o2ims.cache;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the response cache, the {@code cache.*} configuration keys: one TTL per region
 * ({@code cache.resource_pools_ttl} 5m, {@code resources_ttl} 1m, {@code resource_types_ttl} 30m,
 * {@code deployment_managers_ttl} 10m, {@code subscriptions_ttl} 30s, {@code ocloud_ttl} 10m), the
 * byte bound of the in-process tier ({@code cache.max_size_mb}, 256), {@code warm_on_startup}
 * (false) and {@code warm_resources} (resource_pools, resource_types, deployment_managers).
 *
 * <p>A TTL of zero disables caching of that region. Immutable and thread-safe; build with {@link
 * #builder()}.
 *
 * @param ttls the TTL of every region
 * @param maxBytes the bound of the in-process tier, in bytes as weighed by {@link
 *     CachedResponse#weight()}
 * @param warmOnStartup whether the server renders {@code warmResources} at startup
 * @param warmResources the regions to warm
 */
public record CacheSettings(
    Map<CacheRegion, Duration> ttls,
    long maxBytes,
    boolean warmOnStartup,
    List<CacheRegion> warmResources) {

  /** Default bound of the in-process tier: 256 MiB. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  /**
   * @throws IllegalArgumentException if a region's TTL is missing or negative, or {@code maxBytes}
   *     is not positive
   */
  public CacheSettings {
    EnumMap<CacheRegion, Duration> copy = new EnumMap<>(CacheRegion.class);
    copy.putAll(ttls);
    for (CacheRegion region : CacheRegion.values()) {
      Duration ttl = copy.get(region);
      if (ttl == null) {
        throw new IllegalArgumentException("cache." + region.configName() + "_ttl missing");
      }
      if (ttl.isNegative()) {
        throw new IllegalArgumentException(
            "cache." + region.configName() + "_ttl must not be negative: " + ttl);
      }
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("cache max size must be positive: " + maxBytes);
    }
    ttls = Map.copyOf(copy);
    warmResources = List.copyOf(warmResources);
  }

  /** The defaults of the performance guide. */
  public static CacheSettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The TTL of a region; zero means the region is not cached. */
  public Duration ttl(CacheRegion region) {
    return ttls.get(region);
  }

  /** The guide's default TTL of a region. */
  public static Duration defaultTtl(CacheRegion region) {
    return switch (region) {
      case OCLOUD -> Duration.ofMinutes(10);
      case RESOURCE_TYPES -> Duration.ofMinutes(30);
      case RESOURCE_POOLS -> Duration.ofMinutes(5);
      case RESOURCES -> Duration.ofMinutes(1);
      case DEPLOYMENT_MANAGERS -> Duration.ofMinutes(10);
      case SUBSCRIPTIONS -> Duration.ofSeconds(30);
    };
  }

  /**
   * Builds {@link CacheSettings}. Not thread-safe. Every option may be set once; setting one twice
   * throws {@link IllegalStateException}.
   */
  public static final class Builder {
    private final EnumMap<CacheRegion, Duration> ttls = new EnumMap<>(CacheRegion.class);
    private long maxBytes = -1;
    private Boolean warmOnStartup;
    private List<CacheRegion> warmResources;

    private Builder() {}

    /** The TTL of one region (zero disables caching of it). */
    public Builder ttl(CacheRegion region, Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttls.containsKey(region)) {
        throw new IllegalStateException(
            "cache." + region.configName() + "_ttl set twice: " + ttls.get(region) + ", " + ttl);
      }
      ttls.put(region, ttl);
      return this;
    }

    /** The byte bound of the in-process tier. */
    public Builder maxBytes(long maxBytes) {
      if (this.maxBytes != -1) {
        throw new IllegalStateException("cache max size set twice");
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Whether the server warms the cache at startup. */
    public Builder warmOnStartup(boolean warmOnStartup) {
      if (this.warmOnStartup != null) {
        throw new IllegalStateException("cache.warm_on_startup set twice");
      }
      this.warmOnStartup = warmOnStartup;
      return this;
    }

    /** The regions warmed at startup. */
    public Builder warmResources(List<CacheRegion> warmResources) {
      if (this.warmResources != null) {
        throw new IllegalStateException("cache.warm_resources set twice");
      }
      this.warmResources = List.copyOf(warmResources);
      return this;
    }

    /**
     * @throws IllegalArgumentException as the record's constructor
     */
    public CacheSettings build() {
      EnumMap<CacheRegion, Duration> all = new EnumMap<>(CacheRegion.class);
      for (CacheRegion region : CacheRegion.values()) {
        all.put(region, ttls.getOrDefault(region, defaultTtl(region)));
      }
      return new CacheSettings(
          all,
          maxBytes == -1 ? DEFAULT_MAX_BYTES : maxBytes,
          warmOnStartup != null && warmOnStartup,
          warmResources != null
              ? warmResources
              : List.of(
                  CacheRegion.RESOURCE_POOLS,
                  CacheRegion.RESOURCE_TYPES,
                  CacheRegion.DEPLOYMENT_MANAGERS));
    }
  }
}
