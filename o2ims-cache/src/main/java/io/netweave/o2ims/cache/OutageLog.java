package io.netweave.o2ims.cache;

import io.lettuce.core.RedisException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;

/**
 * The log lines of one operation that is retried on a schedule (a poll, a lease renewal, Lettuce's
 * reconnection to one Redis address) and can fail for as long as what it needs is down: one WARN
 * when it starts failing, saying what failed and that it keeps retrying; while it keeps failing, at
 * most one WARN per {@code repeatEvery}, saying how many attempts failed since the previous line;
 * once it succeeds again, one INFO saying it recovered and how long it failed. Every other failed
 * attempt is one DEBUG line. So a Redis outage of an hour is about 60 lines per operation instead
 * of one per attempt (four a second for the delivery poll), and its first line stays near the top.
 *
 * <p>A failure is logged with its message only when it is an outage: by default Lettuce's {@link
 * RedisException} or an {@link IOException} (a refused or reset connection), itself or as a cause
 * (their messages say what is unreachable and why); a user may name more ({@link #OutageLog(Logger,
 * String, Duration, Duration, Clock, Predicate)}). Any other exception's stack trace is attached to
 * the first and each periodic WARN, since it is more likely a fault than an outage. The Redis users
 * of a gateway and its Redis connections (see {@link RedisConnector}) all log their outages through
 * this class, so an outage reads the same whatever noticed it.
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
  private final Predicate<Throwable> outage;
  private volatile boolean failing;
  private volatile String lastFailure = "";
  private Instant since;
  private Instant lastWarning;
  private long failuresSinceWarning;
  private long failures;

  /**
   * @param operation what is attempted, as the start of a sentence ("notification delivery poll")
   * @param retryEvery how often it is attempted, for the first line
   * @param repeatEvery the least time between two WARN lines while it keeps failing
   * @param outage the failures logged without a stack trace besides the default ones ({@link
   *     #unreachable(Throwable)})
   */
  public OutageLog(
      Logger log,
      String operation,
      Duration retryEvery,
      Duration repeatEvery,
      Clock clock,
      Predicate<Throwable> outage) {
    this.log = log;
    this.operation = operation;
    this.retryEvery = retryEvery;
    this.repeatEvery = repeatEvery;
    this.clock = clock;
    this.outage = outage;
  }

  /** One minute between warnings, the operators' default; {@code outage} as above. */
  public OutageLog(
      Logger log, String operation, Duration retryEvery, Clock clock, Predicate<Throwable> outage) {
    this(log, operation, retryEvery, Duration.ofMinutes(1), clock, outage);
  }

  /** One minute between warnings, the operators' default. */
  public OutageLog(Logger log, String operation, Duration retryEvery, Clock clock) {
    this(log, operation, retryEvery, Duration.ofMinutes(1), clock, e -> false);
  }

  /** Whether the operation is failing now (a failure not yet followed by a success). */
  public boolean failing() {
    return failing;
  }

  /** While it is failing, its last failure ({@code toString()} of the error); empty otherwise. */
  public Optional<String> failure() {
    return failing ? Optional.of(lastFailure) : Optional.empty();
  }

  /** How often the operation is attempted, as its first line says. */
  public Duration retryEvery() {
    return retryEvery;
  }

  /** Records a failed attempt, and logs it as described in the class comment. */
  public synchronized void failed(Throwable error) {
    Instant now = clock.instant();
    lastFailure = error.toString();
    failures++;
    Throwable trace = unreachable(error) || outage.test(error) ? null : error;
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

  /**
   * Whether {@code error} says only that Redis cannot be reached: a {@link RedisException} or an
   * {@link IOException}, itself or anywhere in its causes.
   */
  public static boolean unreachable(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof RedisException || e instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** {@code 250ms}, {@code 45s}, {@code 1m}, {@code 1m 1s}, {@code 2h 5m}. */
  public static String text(Duration d) {
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
