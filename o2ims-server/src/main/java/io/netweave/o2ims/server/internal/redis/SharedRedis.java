package io.netweave.o2ims.server.internal.redis;

import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the process's one {@link RedisConnector} from the {@code redis} section, or nothing when
 * {@code redis.url} is not set. The caller (the composition root) owns and closes it; every Redis
 * user opens its own connection on it and closes only that.
 *
 * <p>{@code redis.pool_size}, {@code min_idle_conns}, {@code pool_timeout} and {@code idle_timeout}
 * come from a pooled client's vocabulary. Every Redis user here works on one multiplexed Lettuce
 * connection and none issues blocking commands, so there is no pool they could size: the keys are
 * validated and accepted (so that the performance guide's files keep working), documented as not
 * applicable, and a warning names the ones a configuration sets explicitly.
 */
public final class SharedRedis {
  private static final Logger LOG = LoggerFactory.getLogger(SharedRedis.class);

  private SharedRedis() {}

  /**
   * {@link #open(ServerConfig.Redis, Clock)} on the system clock.
   *
   * @throws ConfigException when a {@code redis.*} value cannot be used
   */
  public static Optional<RedisConnector> open(ServerConfig.Redis redis) {
    return open(redis, Clock.systemUTC());
  }

  /**
   * @param clock the time of the Redis connections' outage log ({@link RedisConnector})
   * @throws ConfigException when a {@code redis.*} value cannot be used
   */
  public static Optional<RedisConnector> open(ServerConfig.Redis redis, Clock clock) {
    if (redis.url().isEmpty()) {
      if (!redis.keysSet().isEmpty()) {
        // As with the pool keys below: a guide file's redis block without a url must still start,
        // but a value that has no effect (and is not checked) is said once, naming the keys.
        LOG.warn(
            "{} set but redis.url is empty: no Redis is used, so these keys have no effect and"
                + " their values are not checked (docs/configuration.md)",
            String.join(", ", redis.keysSet()));
      }
      return Optional.empty();
    }
    RedisConnector connector = RedisConnector.create(settings(redis), clock);
    if (!redis.poolKeysSet().isEmpty()) {
      LOG.warn(
          "{} set but not applicable: every Redis user shares one multiplexed connection and none"
              + " issues blocking commands, so there is no connection pool (docs/configuration.md)",
          String.join(", ", redis.poolKeysSet()));
    }
    LOG.info(
        "redis: one client for every Redis user, {} at {}",
        connector.settings().mode().name().toLowerCase(java.util.Locale.ROOT),
        redactedUrl(redis.url().get()));
    return Optional.of(connector);
  }

  /**
   * The cache module's settings for a {@code redis} section.
   *
   * @throws ConfigException when a value cannot be used
   */
  public static RedisSettings settings(ServerConfig.Redis redis) {
    String url = redis.url().orElseThrow(() -> new ConfigException("redis.url missing"));
    try {
      RedisSettings.Builder builder = RedisSettings.builder();
      if (redis.cluster() && url.contains(",")) {
        builder.clusterUris(Arrays.stream(url.split(",")).map(String::trim).toList());
      } else {
        builder.uri(url).cluster(redis.cluster());
      }
      return builder
          .keyPrefix(redis.keyPrefix())
          .lookupTimeout(redis.lookupTimeout())
          .failureThreshold(redis.failureThreshold())
          .retryAfter(redis.retryAfter())
          .poolSize(redis.poolSize())
          .minIdleConns(redis.minIdleConns())
          .dialTimeout(redis.dialTimeout())
          .readTimeout(redis.readTimeout())
          .writeTimeout(redis.writeTimeout())
          .maxConnAge(redis.maxConnAge())
          .poolTimeout(redis.poolTimeout())
          .idleTimeout(redis.idleTimeout())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("redis: " + e.getMessage());
    }
  }

  /** The URL without its password, for logs. */
  public static String redactedUrl(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
