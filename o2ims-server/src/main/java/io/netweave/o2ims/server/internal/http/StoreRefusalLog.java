package io.netweave.o2ims.server.internal.http;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces the WARN lines of requests answered 503 because a shared store (Redis) cannot be reached:
 * the first refusal is a WARN, then at most one WARN per period, which counts the refusals since
 * the previous one; the others are DEBUG lines. An SMO polling its subscriptions every second made
 * an hour's outage 3,600 WARN lines from this source alone; every other source of an outage's lines
 * already logs at most one a minute (docs/operations.md, "Redis restarts"), and the access log
 * still has every request with its 503. Thread-safe.
 */
final class StoreRefusalLog {
  private final long periodNanos;
  private final LongSupplier nanoTime;
  private boolean warned;
  private long lastWarnedAt;
  private long since;

  StoreRefusalLog(Duration period, LongSupplier nanoTime) {
    this.periodNanos = period.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Records a refusal: the number of refusals logged at DEBUG since the previous WARN when this one
   * is to be a WARN, else -1 (log it at DEBUG).
   */
  synchronized long refused() {
    long now = nanoTime.getAsLong();
    if (warned && now - lastWarnedAt < periodNanos) {
      since++;
      return -1;
    }
    warned = true;
    lastWarnedAt = now;
    long quiet = since;
    since = 0;
    return quiet;
  }
}
