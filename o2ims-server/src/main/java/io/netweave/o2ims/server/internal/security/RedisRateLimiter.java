package io.netweave.o2ims.server.internal.security;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Budgets shared by every replica through Redis (Bucket4j's compare-and-swap buckets over Lettuce),
 * so that N replicas together grant a client its budget once, not N times. Keys are {@code
 * <rate_limit.redis_prefix><class>:<client>} (default prefix {@code netweave:ratelimit:}) and
 * expire once the bucket would be full again.
 *
 * <p>The {@link RedisConnector} is borrowed from the composition root; this limiter opens one
 * connection on it (a cluster connection in cluster mode) and closes that connection in {@link
 * #close()}. Thread-safe; never blocks: the returned stage completes on a Lettuce event-loop
 * thread, or fails after the timeout when Redis does not answer (the handler then admits the
 * request).
 */
public final class RedisRateLimiter implements RateLimiter {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  private final RateLimitSettings settings;
  private final StatefulConnection<String, byte[]> connection;
  private final String prefix;
  private final AsyncProxyManager<String> buckets;
  private final Duration timeout;

  /**
   * @param timeout how long a request waits for Redis before it is admitted without a limit ({@code
   *     rate_limit.redis_timeout}, default {@link #DEFAULT_TIMEOUT})
   * @param prefix the key prefix ({@code rate_limit.redis_prefix})
   */
  public RedisRateLimiter(
      RedisConnector redis,
      RateLimitSettings settings,
      Clock clock,
      Duration timeout,
      String prefix) {
    this.settings = settings;
    this.timeout = timeout;
    this.prefix = prefix;
    RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder;
    if (redis.settings().mode() == RedisSettings.Mode.CLUSTER) {
      StatefulRedisClusterConnection<String, byte[]> cluster = redis.connectCluster(codec);
      this.connection = cluster;
      builder = Bucket4jLettuce.casBasedBuilder(cluster);
    } else {
      StatefulRedisConnection<String, byte[]> standalone = redis.connect(codec);
      this.connection = standalone;
      builder = Bucket4jLettuce.casBasedBuilder(standalone);
    }
    this.buckets =
        builder
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(10)))
            .clientClock(new LocalRateLimiter.ClockTimeMeter(clock))
            .build()
            .asAsync();
  }

  @Override
  public CompletionStage<Decision> tryAcquire(String clientKey, EndpointClass endpointClass) {
    return buckets
        .builder()
        .build(
            prefix + endpointClass.name().toLowerCase() + ':' + clientKey,
            settings.limit(endpointClass).bucket())
        .tryConsumeAndReturnRemaining(1)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(Decision::of);
  }

  @Override
  public void close() {
    connection.close();
  }
}
