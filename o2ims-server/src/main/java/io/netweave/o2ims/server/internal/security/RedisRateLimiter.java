package io.netweave.o2ims.server.internal.security;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Budgets shared by every replica through Redis (Bucket4j's compare-and-swap buckets over Lettuce),
 * so that N replicas together grant a client its budget once, not N times. Keys are {@code
 * netweave:ratelimit:<class>:<client>} and expire once the bucket would be full again.
 *
 * <p>The {@link RedisClient} is borrowed from the composition root; this limiter opens one
 * connection on it and closes that connection in {@link #close()}. Thread-safe; never blocks: the
 * returned stage completes on a Lettuce event-loop thread, or fails after the timeout when Redis
 * does not answer (the handler then admits the request).
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final String PREFIX = "netweave:ratelimit:";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

  private final RateLimitSettings settings;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final AsyncProxyManager<String> buckets;
  private final Duration timeout;

  /**
   * @param timeout how long a request waits for Redis before it is admitted without a limit ({@code
   *     rate_limit.redis_timeout}, default {@link #DEFAULT_TIMEOUT})
   */
  public RedisRateLimiter(
      RedisClient client, RateLimitSettings settings, Clock clock, Duration timeout) {
    this.settings = settings;
    this.timeout = timeout;
    this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    this.buckets =
        Bucket4jLettuce.casBasedBuilder(connection)
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
            PREFIX + endpointClass.name().toLowerCase() + ':' + clientKey,
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
