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

/**
 * Budgets shared by every replica through Redis (Bucket4j's compare-and-swap buckets over Lettuce),
 * so that N replicas together grant a client its budget once, not N times. Keys are {@code
 * netweave:ratelimit:<class>:<client>} and expire once the bucket would be full again.
 *
 * <p>The {@link RedisClient} is borrowed from the composition root; this limiter opens one
 * connection on it and closes that connection in {@link #close()}. Thread-safe; never blocks: the
 * returned stage completes on a Lettuce event-loop thread.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final String PREFIX = "netweave:ratelimit:";

  private final RateLimitSettings settings;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final AsyncProxyManager<String> buckets;

  public RedisRateLimiter(RedisClient client, RateLimitSettings settings, Clock clock) {
    this.settings = settings;
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
        .thenApply(Decision::of);
  }

  @Override
  public void close() {
    connection.close();
  }
}
