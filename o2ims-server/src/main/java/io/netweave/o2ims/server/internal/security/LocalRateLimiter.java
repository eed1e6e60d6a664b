package io.netweave.o2ims.server.internal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Budgets kept in this process (one replica): a Bucket4j bucket per client and endpoint class in a
 * bounded Caffeine cache, so that a flood of distinct client addresses cannot grow memory without
 * bound (an evicted client starts again with a full budget). Time comes from the injected clock.
 * Thread-safe; answers synchronously.
 */
public final class LocalRateLimiter implements RateLimiter {
  private static final long MAX_CLIENTS = 100_000;

  private final RateLimitSettings settings;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  public LocalRateLimiter(RateLimitSettings settings, Clock clock) {
    this.settings = settings;
    this.time = new ClockTimeMeter(clock);
    Duration longest =
        max(settings.read().period(), max(settings.write().period(), settings.admin().period()));
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_CLIENTS)
            .expireAfterAccess(longest)
            .ticker(() -> clock.millis() * 1_000_000L)
            // Maintenance (the access-order bookkeeping that expireAfterAccess needs after a batch
            // of reads) runs on the calling thread: with the default executor every few requests
            // woke a ForkJoinPool worker, which cost the IO thread a futex wake-up and, on a
            // machine with few cores, its core for a while.
            .executor(Runnable::run)
            .build();
  }

  @Override
  public CompletionStage<Decision> tryAcquire(String clientKey, EndpointClass endpointClass) {
    Bucket bucket =
        buckets.get(
            endpointClass.name() + '|' + clientKey,
            key ->
                Bucket.builder()
                    .addLimit(
                        limit ->
                            limit
                                .capacity(settings.limit(endpointClass).capacity())
                                .refillGreedy(
                                    settings.limit(endpointClass).capacity(),
                                    settings.limit(endpointClass).period()))
                    .withCustomTimePrecision(time)
                    .build());
    return CompletableFuture.completedFuture(Decision.of(bucket.tryConsumeAndReturnRemaining(1)));
  }

  @Override
  public void close() {
    buckets.invalidateAll();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Bucket4j time from a {@link Clock}. */
  record ClockTimeMeter(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      java.time.Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
