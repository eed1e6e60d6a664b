package io.netweave.o2ims.server.internal.logging;

import io.lettuce.core.RedisException;
import io.netweave.o2ims.server.spi.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * The log lines of one operation that is retried on a schedule (a poll, a lease renewal) and can
 * fail for as long as what it needs is down: one WARN when it starts failing, saying what failed
 * and that it keeps retrying; while it keeps failing, at most one WARN per {@code repeatEvery},
 * saying how many attempts failed since the previous line; once it succeeds again, one INFO saying
 * it recovered and how long it failed. Every other failed attempt is one DEBUG line. So a Redis
 * outage of an hour is about 60 lines per operation instead of one per attempt (four a second for
 * the delivery poll), and its first line stays near the top.
 *
 * <p>A failure is logged with its message only when it is a {@link StoreUnavailableException} or
 * Lettuce's {@link RedisException} (their messages say what is unreachable and why); any other
 * exception's stack trace is attached to the first and each periodic WARN, since it is more likely
 * a fault than an outage.
 *
 * <p>Times come from the injected clock. Thread-safe; {@link #succeeded()} costs one volatile read
 * while nothing fails, so it can be called after every attempt.
 */
public final class OutageLog {
  private final Logger log;
  private final String operation;
  private final Duration retryEvery;
  private final Duration repeatEvery;
  private final Clock clock;
  private volatile boolean failing;
  private Instant since;
  private Instant lastWarning;
  private long failuresSinceWarning;
  private long failures;

  /**
   * @param operation what is attempted, as the start of a sentence ("notification delivery poll")
   * @param retryEvery how often it is attempted, for the first line
   * @param repeatEvery the least time between two WARN lines while it keeps failing
   */
  public OutageLog(
      Logger log, String operation, Duration retryEvery, Duration repeatEvery, Clock clock) {
    this.log = log;
    this.operation = operation;
    this.retryEvery = retryEvery;
    this.repeatEvery = repeatEvery;
    this.clock = clock;
  }

  /** One minute between warnings, the operators' default. */
  public OutageLog(Logger log, String operation, Duration retryEvery, Clock clock) {
    this(log, operation, retryEvery, Duration.ofMinutes(1), clock);
  }

  /** Records a failed attempt, and logs it as described in the class comment. */
  public synchronized void failed(RuntimeException error) {
    Instant now = clock.instant();
    failures++;
    Throwable trace = unreachable(error) ? null : error;
    if (!failing) {
      failing = true;
      since = now;
      lastWarning = now;
      failuresSinceWarning = 0;
      failures = 1;
      log.warn(
          "{} failed; retrying every {}, logging at most one warning every {} until it recovers: {}",
          operation,
          text(retryEvery),
          text(repeatEvery),
          error.toString(),
          trace);
      return;
    }
    failuresSinceWarning++;
    if (Duration.between(lastWarning, now).compareTo(repeatEvery) >= 0) {
      log.warn(
          "{} still failing: {} failures since the last warning, {} in {}; retrying every {}: {}",
          operation,
          failuresSinceWarning,
          failures,
          text(Duration.between(since, now)),
          text(retryEvery),
          error.toString(),
          trace);
      lastWarning = now;
      failuresSinceWarning = 0;
    } else if (log.isDebugEnabled()) {
      log.debug(
          "{} failed again ({} since the last warning): {}",
          operation,
          failuresSinceWarning,
          error.toString());
    }
  }

  /** Records a successful attempt; after failures, logs the recovery once. */
  public void succeeded() {
    if (!failing) {
      return;
    }
    synchronized (this) {
      if (!failing) {
        return;
      }
      failing = false;
      log.info(
          "{} recovered after {} ({} failed attempts)",
          operation,
          text(Duration.between(since, clock.instant())),
          failures);
    }
  }

  private static boolean unreachable(RuntimeException error) {
    return error instanceof StoreUnavailableException || error instanceof RedisException;
  }

  /** {@code 250ms}, {@code 45s}, {@code 1m}, {@code 1m 1s}, {@code 2h 5m}. */
  static String text(Duration d) {
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    StringBuilder out = new StringBuilder();
    part(out, s / 3600, "h");
    part(out, s % 3600 / 60, "m");
    part(out, s % 60, "s");
    return out.toString();
  }

  private static void part(StringBuilder out, long value, String unit) {
    if (value > 0) {
      out.append(out.length() == 0 ? "" : " ").append(value).append(unit);
    }
  }
}
