package io.netweave.o2ims.server.internal.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try a failed delivery again: exponential backoff (the first retry after {@code
 * initialDelay}, then doubling up to {@code maxDelay}) with a random spread of {@code ±jitter} so
 * that many subscriptions failing together do not retry in lock step; after {@code maxAttempts}
 * attempts the notification is dead-lettered. Immutable.
 *
 * @param jitter the spread as a fraction of the delay, in [0, 1)
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter) {

  /** DECISIONS.md defaults: 10 attempts, first after 1 s, doubling, ceiling 5 min, ±20 %. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2);

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("notifications.max_attempts must be at least 1");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "notifications.retry_max_delay must be at least notifications.retry_initial_delay");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("notifications.retry_jitter must be in [0, 1)");
    }
  }

  /** Whether a notification that failed {@code attempts} times is given up. */
  public boolean exhausted(int attempts) {
    return attempts >= maxAttempts;
  }

  /**
   * The wait after the {@code attempts}-th failed attempt.
   *
   * @param random a uniform random number in [0, 1), injected so that tests are exact
   */
  public Duration delayAfter(int attempts, double random) {
    long base = initialDelay.toMillis();
    for (int i = 1; i < attempts && base < maxDelay.toMillis(); i++) {
      base *= 2;
    }
    base = Math.min(base, maxDelay.toMillis());
    long spread = Math.round(base * jitter * (2 * random - 1));
    return Duration.ofMillis(Math.max(0, Math.min(maxDelay.toMillis(), base + spread)));
  }
}
