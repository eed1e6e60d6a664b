package io.netweave.o2ims.server.internal.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets one caller through per period: {@link #due} is true for the first call, then for the first
 * call at or after a period from the last one that was let through. Thread-safe: the check and the
 * move of the next time are one compare-and-set, so two threads at a period's boundary never both
 * get true (a read and then a write could).
 */
final class OncePerPeriod {
  private final Duration period;
  private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);

  OncePerPeriod(Duration period) {
    this.period = period;
  }

  /** Whether this call, at {@code now}, is the one let through for the current period. */
  boolean due(Instant now) {
    Instant due = next.get();
    return !now.isBefore(due) && next.compareAndSet(due, now.plus(period));
  }
}
