package io.netweave.o2ims.cache.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Skips a failing remote tier instead of waiting on it for every request. Closed: every call is let
 * through; {@code threshold} consecutive failures open it. Open: calls are refused until {@code
 * openFor} has passed, then one probe is let through (half-open); its success closes the breaker,
 * its failure opens it again. A probe that never reports back is replaced after another {@code
 * openFor}.
 *
 * <p>Thread-safe. The closed-state check is one volatile read; transitions are synchronized.
 */
final class CircuitBreaker {

  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final Ticker ticker;
  private final int threshold;
  private final long openForNanos;
  private volatile State state = State.CLOSED;
  private volatile int consecutiveFailures;
  private long retryAtNanos;

  CircuitBreaker(Ticker ticker, int threshold, Duration openFor) {
    this.ticker = ticker;
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
  }

  /** Whether a call may go to the remote tier now; a true answer must be followed by a report. */
  boolean allowRequest() {
    if (state == State.CLOSED) {
      return true;
    }
    synchronized (this) {
      if (state == State.CLOSED) {
        return true;
      }
      long now = ticker.read();
      if (now - retryAtNanos >= 0) {
        state = State.HALF_OPEN;
        retryAtNanos = now + openForNanos;
        return true;
      }
      return false;
    }
  }

  /**
   * Reports a successful call.
   *
   * @return true if this success closed a breaker that was not closed (the remote is back)
   */
  boolean onSuccess() {
    if (state == State.CLOSED && consecutiveFailures == 0) {
      return false;
    }
    synchronized (this) {
      consecutiveFailures = 0;
      boolean recovered = state != State.CLOSED;
      state = State.CLOSED;
      return recovered;
    }
  }

  /** Reports a failed or timed-out call. */
  synchronized void onFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= threshold)) {
      state = State.OPEN;
      retryAtNanos = ticker.read() + openForNanos;
    }
  }

  State state() {
    return state;
  }
}
