package io.netweave.o2ims.cache;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the shared Redis tier, the {@code redis.*} configuration keys. Immutable and
 * thread-safe; build with {@link #builder()}.
 *
 * <p><b>Topology.</b> {@code uris} ({@code redis.url}, comma-separated for cluster seeds) holds one
 * {@code redis://} or {@code rediss://} URI (standalone), one {@code
 * redis-sentinel://host:26379,host2:26379/0#mymaster} URI (Sentinel), or, with {@code cluster}
 * ({@code redis.cluster}) set, one or more seed URIs of a Redis Cluster.
 *
 * <p><b>How the guide's keys map onto Lettuce.</b> Lettuce connections are thread-safe and
 * multiplexed: many threads pipeline commands over one TCP connection. The cache tier only issues
 * single-key, non-blocking commands (GET, SET PX, INCR, PUBLISH) and never transactions or blocking
 * commands, so it uses one multiplexed data connection plus one pub/sub connection per replica; a
 * pool would add acquire/release latency on the hot path without adding throughput (Redis executes
 * commands one at a time anyway). Therefore:
 *
 * <ul>
 *   <li>{@code dial_timeout} (5s) → {@code SocketOptions.connectTimeout};
 *   <li>{@code read_timeout} (3s) + {@code write_timeout} (3s) → the Lettuce command timeout
 *       ({@link #commandTimeout()}), since Lettuce has one timeout covering writing a command and
 *       reading its reply;
 *   <li>{@code lookup_timeout} (100ms, our key) bounds how long a cache lookup waits for Redis
 *       before answering "miss"; {@code failure_threshold} (5) consecutive failures open the
 *       circuit and Redis is skipped for {@code retry_after} (5s) before one probe is let through;
 *       the cache tier also opens a connection again, or reads a region's generation again, {@code
 *       retry_after} after a failed attempt;
 *   <li>{@code pool_size} (100), {@code min_idle_conns} (10), {@code pool_timeout} (4s) and {@code
 *       idle_timeout} (5m) are validated and kept for Redis users that pool connections (blocking
 *       or transactional work), but the cache tier opens no pool, so they do not affect it;
 *   <li>{@code max_conn_age}: only 0 (no limit, the guide's recommendation) is accepted, because
 *       Lettuce does not recycle connections by age; another value is refused rather than ignored.
 * </ul>
 *
 * @param uris {@code redis.url}: the Redis URI(s), see above
 * @param cluster {@code redis.cluster}: whether {@code uris} are Redis Cluster seeds
 * @param poolSize {@code redis.pool_size}
 * @param minIdleConns {@code redis.min_idle_conns}
 * @param dialTimeout {@code redis.dial_timeout}
 * @param readTimeout {@code redis.read_timeout}
 * @param writeTimeout {@code redis.write_timeout}
 * @param maxConnAge {@code redis.max_conn_age}, must be zero
 * @param poolTimeout {@code redis.pool_timeout}
 * @param idleTimeout {@code redis.idle_timeout}
 * @param keyPrefix {@code redis.key_prefix}, prepended to every key and channel
 * @param lookupTimeout {@code redis.lookup_timeout}
 * @param failureThreshold {@code redis.failure_threshold}
 * @param retryAfter {@code redis.retry_after}
 */
public record RedisSettings(
    List<String> uris,
    boolean cluster,
    int poolSize,
    int minIdleConns,
    Duration dialTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration maxConnAge,
    Duration poolTimeout,
    Duration idleTimeout,
    String keyPrefix,
    Duration lookupTimeout,
    int failureThreshold,
    Duration retryAfter) {

  /** How the gateway reaches Redis. */
  public enum Mode {
    STANDALONE,
    SENTINEL,
    CLUSTER
  }

  /**
   * @throws IllegalArgumentException naming the key to change when a value is invalid
   */
  public RedisSettings {
    uris = List.copyOf(uris);
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("redis.url missing");
    }
    if (!cluster && uris.size() > 1) {
      throw new IllegalArgumentException(
          "redis: several URIs given but cluster mode is off; set redis.cluster=true for cluster"
              + " seeds, or list several Sentinels inside one redis-sentinel:// URI");
    }
    for (String uri : uris) {
      String scheme = scheme(uri);
      if (!List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel").contains(scheme)) {
        throw new IllegalArgumentException(
            "redis.url '" + uri + "': scheme must be redis, rediss or redis-sentinel");
      }
      if (cluster && scheme.endsWith("sentinel")) {
        throw new IllegalArgumentException(
            "redis.url '" + uri + "': Redis Cluster seeds use redis:// or rediss://, not Sentinel");
      }
      try {
        RedisURI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("redis.url '" + uri + "': " + e.getMessage(), e);
      }
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("redis.pool_size must be at least 1: " + poolSize);
    }
    if (minIdleConns < 0 || minIdleConns > poolSize) {
      throw new IllegalArgumentException(
          "redis.min_idle_conns must be between 0 and redis.pool_size: " + minIdleConns);
    }
    positive("redis.dial_timeout", dialTimeout);
    positive("redis.read_timeout", readTimeout);
    positive("redis.write_timeout", writeTimeout);
    positive("redis.pool_timeout", poolTimeout);
    positive("redis.idle_timeout", idleTimeout);
    positive("redis.lookup_timeout", lookupTimeout);
    positive("redis.retry_after", retryAfter);
    Objects.requireNonNull(maxConnAge, "redis.max_conn_age");
    if (!maxConnAge.isZero()) {
      throw new IllegalArgumentException(
          "redis.max_conn_age must be 0 (no limit): Lettuce does not recycle connections by age");
    }
    if (keyPrefix.isBlank()) {
      throw new IllegalArgumentException("redis.key_prefix must not be blank");
    }
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "redis.failure_threshold must be at least 1: " + failureThreshold);
    }
  }

  /** A builder for the given URI(s), with the guide's defaults for everything else. */
  public static Builder builder() {
    return new Builder();
  }

  /** The topology the URIs describe. */
  public Mode mode() {
    if (cluster) {
      return Mode.CLUSTER;
    }
    return scheme(uris.get(0)).endsWith("sentinel") ? Mode.SENTINEL : Mode.STANDALONE;
  }

  /** The Lettuce command timeout: {@code read_timeout + write_timeout}. */
  public Duration commandTimeout() {
    return readTimeout.plus(writeTimeout);
  }

  /** The parsed URIs, each carrying {@link #commandTimeout()}. */
  public List<RedisURI> redisUris() {
    List<RedisURI> parsed = new ArrayList<>();
    for (String uri : uris) {
      RedisURI redisUri = RedisURI.create(uri);
      redisUri.setTimeout(commandTimeout());
      parsed.add(redisUri);
    }
    return List.copyOf(parsed);
  }

  private static String scheme(String uri) {
    int colon = uri.indexOf("://");
    if (colon <= 0) {
      throw new IllegalArgumentException("redis.url '" + uri + "' is not a URI");
    }
    return uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static void positive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive: " + value);
    }
  }

  /**
   * Builds {@link RedisSettings}. Not thread-safe. Every option may be set once; setting one twice
   * throws {@link IllegalStateException}.
   */
  public static final class Builder {
    private List<String> uris;
    private Boolean cluster;
    private Integer poolSize;
    private Integer minIdleConns;
    private Duration dialTimeout;
    private Duration readTimeout;
    private Duration writeTimeout;
    private Duration maxConnAge;
    private Duration poolTimeout;
    private Duration idleTimeout;
    private String keyPrefix;
    private Duration lookupTimeout;
    private Integer failureThreshold;
    private Duration retryAfter;

    private Builder() {}

    private static <T> T once(T current, T value, String key) {
      if (current != null) {
        throw new IllegalStateException(key + " set twice: " + current + ", " + value);
      }
      return Objects.requireNonNull(value, key);
    }

    /** One standalone or Sentinel URI. */
    public Builder uri(String uri) {
      uris = once(uris, List.of(uri), "redis.url");
      return this;
    }

    /** Redis Cluster seed URIs; also turns cluster mode on. */
    public Builder clusterUris(List<String> seeds) {
      uris = once(uris, List.copyOf(seeds), "redis.url");
      cluster = once(cluster, Boolean.TRUE, "redis.cluster");
      return this;
    }

    /** Whether the single {@link #uri} is a Redis Cluster seed. */
    public Builder cluster(boolean cluster) {
      this.cluster = once(this.cluster, cluster, "redis.cluster");
      return this;
    }

    public Builder poolSize(int poolSize) {
      this.poolSize = once(this.poolSize, poolSize, "redis.pool_size");
      return this;
    }

    public Builder minIdleConns(int minIdleConns) {
      this.minIdleConns = once(this.minIdleConns, minIdleConns, "redis.min_idle_conns");
      return this;
    }

    public Builder dialTimeout(Duration dialTimeout) {
      this.dialTimeout = once(this.dialTimeout, dialTimeout, "redis.dial_timeout");
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = once(this.readTimeout, readTimeout, "redis.read_timeout");
      return this;
    }

    public Builder writeTimeout(Duration writeTimeout) {
      this.writeTimeout = once(this.writeTimeout, writeTimeout, "redis.write_timeout");
      return this;
    }

    public Builder maxConnAge(Duration maxConnAge) {
      this.maxConnAge = once(this.maxConnAge, maxConnAge, "redis.max_conn_age");
      return this;
    }

    public Builder poolTimeout(Duration poolTimeout) {
      this.poolTimeout = once(this.poolTimeout, poolTimeout, "redis.pool_timeout");
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = once(this.idleTimeout, idleTimeout, "redis.idle_timeout");
      return this;
    }

    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = once(this.keyPrefix, keyPrefix, "redis.key_prefix");
      return this;
    }

    public Builder lookupTimeout(Duration lookupTimeout) {
      this.lookupTimeout = once(this.lookupTimeout, lookupTimeout, "redis.lookup_timeout");
      return this;
    }

    public Builder failureThreshold(int failureThreshold) {
      this.failureThreshold =
          once(this.failureThreshold, failureThreshold, "redis.failure_threshold");
      return this;
    }

    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = once(this.retryAfter, retryAfter, "redis.retry_after");
      return this;
    }

    /**
     * @throws IllegalStateException if no URI was given
     * @throws IllegalArgumentException as the record's constructor
     */
    public RedisSettings build() {
      if (uris == null) {
        throw new IllegalStateException("redis.url missing: call uri(...) or clusterUris(...)");
      }
      return new RedisSettings(
          uris,
          cluster != null && cluster,
          poolSize != null ? poolSize : 100,
          minIdleConns != null ? minIdleConns : 10,
          dialTimeout != null ? dialTimeout : Duration.ofSeconds(5),
          readTimeout != null ? readTimeout : Duration.ofSeconds(3),
          writeTimeout != null ? writeTimeout : Duration.ofSeconds(3),
          maxConnAge != null ? maxConnAge : Duration.ZERO,
          poolTimeout != null ? poolTimeout : Duration.ofSeconds(4),
          idleTimeout != null ? idleTimeout : Duration.ofMinutes(5),
          keyPrefix != null ? keyPrefix : "netweave:cache:",
          lookupTimeout != null ? lookupTimeout : Duration.ofMillis(100),
          failureThreshold != null ? failureThreshold : 5,
          retryAfter != null ? retryAfter : Duration.ofSeconds(5));
    }
  }
}
