package io.netweave.o2ims.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How requests are retried. Idempotent GETs are retried when the connection fails (refused, reset,
 * broken during the handshake, or not made within the connect timeout: the request was not sent) or
 * the server answers 503 (unavailable) or 429 (the caller's rate budget is spent). Writes (POST,
 * PUT, PATCH, DELETE) are retried on 429 only, which refuses a request before it is processed (RFC
 * 6585; netweave answers it from its rate limits, before reading the body), unless {@link
 * #withoutWriteRetries()} turns that off for a gateway that may answer 429 after acting. Up to
 * {@code maxAttempts} attempts in all, waiting {@code baseDelay}, then twice as long each time,
 * never more than {@code maxDelay}. A 503 or 429 with a {@code Retry-After} header waits exactly as
 * long as the server asks, unless that is longer than {@code maxDelay}: then the answer is reported
 * at once as an {@link O2imsApiException}. Never retried, because another attempt cannot succeed or
 * may repeat work: a write after anything but a 429 (a transport failure or a timeout leaves
 * unknown whether the server acted), a server certificate the client does not trust ({@link
 * O2imsCertificateException}, thrown at once), an {@code https} URL whose port answers in plain
 * HTTP (an {@link O2imsTransportException} saying so, thrown at once), a read or call timeout
 * ({@link O2imsTimeoutException}: the server may be working on it), an interrupt, any other status.
 * Immutable.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param baseDelay the wait before the first retry
 * @param maxDelay the longest single wait
 * @param writesOn429 whether a write answered 429 is sent again (true in {@link #DEFAULT} and with
 *     the three-argument constructor)
 */
public record RetryPolicy(
    int maxAttempts, Duration baseDelay, Duration maxDelay, boolean writesOn429) {

  /**
   * The default: 3 attempts, 200 ms then 400 ms, at most 10 s for a {@code Retry-After}, writes
   * retried on 429.
   */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(10));

  /**
   * @throws IllegalArgumentException if {@code maxAttempts < 1}, a delay is negative, or {@code
   *     maxDelay < baseDelay}
   */
  public RetryPolicy {
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= baseDelay <= maxDelay, got " + baseDelay + " and " + maxDelay);
    }
  }

  /**
   * A policy that retries writes on 429 too.
   *
   * @throws IllegalArgumentException as the canonical constructor
   */
  public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    this(maxAttempts, baseDelay, maxDelay, true);
  }

  /** This policy, but a write is sent once whatever the answer (GETs are retried as before). */
  public RetryPolicy withoutWriteRetries() {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, false);
  }

  /** No retries at all. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The wait before retry number {@code retry} (1 for the first retry), without Retry-After. */
  public Duration backoff(int retry) {
    Duration delay = baseDelay;
    for (int i = 1; i < retry && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
