package io.netweave.o2ims.server.internal.security;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.server.internal.redis.LateConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Budgets shared by every replica through Redis (Bucket4j's compare-and-swap buckets over Lettuce),
 * so that N replicas together grant a client its budget once, not N times. Keys are {@code
 * <rate_limit.redis_prefix><class>:<client>} (default prefix {@code netweave:ratelimit:}) and
 * expire once the bucket would be full again.
 *
 * <p>The {@link RedisConnector} is borrowed from the composition root; this limiter opens one
 * connection on it (a cluster connection in cluster mode) and closes that connection in {@link
 * #close()}; a Redis down at start does not stop the start ({@link LateConnection}): requests are
 * admitted, as while Redis is down later, until the connection opens. Thread-safe; never blocks:
 * the returned stage completes on a Lettuce event-loop thread, or fails after the timeout when
 * Redis does not answer (the handler then admits the request).
 */
public final class RedisRateLimiter implements RateLimiter {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  private final RateLimitSettings settings;
  private final LateConnection<? extends StatefulConnection<String, byte[]>> connection;
  private final String prefix;
  private final AtomicReference<AsyncProxyManager<String>> buckets = new AtomicReference<>();
  private final Duration timeout;

  /**
   * Opens the limiter's connection; when Redis cannot be reached, opens it in the background (the
   * connector's outage log names the address), every request being admitted until then.
   *
   * @param timeout how long a request waits for Redis before it is admitted without a limit ({@code
   *     rate_limit.redis_timeout}, default {@link #DEFAULT_TIMEOUT})
   * @param prefix the key prefix ({@code rate_limit.redis_prefix})
   * @throws io.lettuce.core.RedisConnectionException when Redis answers but refuses the connection
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
    if (redis.settings().mode() == RedisSettings.Mode.CLUSTER) {
      RedisClusterClient client = (RedisClusterClient) redis.client();
      this.connection =
          LateConnection.open(
              redis,
              () -> redis.connectCluster(codec),
              // connectAsync does not load the topology by itself
              () -> client.refreshPartitionsAsync().thenCompose(v -> client.connectAsync(codec)),
              c -> buckets.set(buckets(Bucket4jLettuce.casBasedBuilder(c), clock)));
    } else {
      RedisClient client = (RedisClient) redis.client();
      this.connection =
          LateConnection.open(
              redis,
              () -> redis.connect(codec),
              () -> client.connectAsync(codec, redis.uris().get(0)),
              c -> buckets.set(buckets(Bucket4jLettuce.casBasedBuilder(c), clock)));
    }
  }

  private static AsyncProxyManager<String> buckets(
      Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder, Clock clock) {
    return builder
        .expirationAfterWrite(
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                Duration.ofSeconds(10)))
        .clientClock(new LocalRateLimiter.ClockTimeMeter(clock))
        .build()
        .asAsync();
  }

  @Override
  public CompletionStage<Decision> tryAcquire(String clientKey, EndpointClass endpointClass) {
    AsyncProxyManager<String> open = buckets.get();
    if (open == null) {
      return CompletableFuture.failedFuture(
          new RedisConnectionException(
              "the rate limiter's connection to Redis at "
                  + connection.target()
                  + " is not open yet: Redis could not be reached since the start"));
    }
    return open.builder()
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
