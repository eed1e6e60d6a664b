package io.netweave.o2ims.client;

import java.time.Duration;

/**
 * Waits between retries. The default blocks the calling thread; tests pass one that records the
 * requested delays and returns at once, so that backoff is checked without sleeping. Must be
 * thread-safe when the client is shared.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code delay}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration delay) throws InterruptedException;

  /** The sleeper that blocks the calling thread. */
  static Sleeper system() {
    return delay -> Thread.sleep(delay.toMillis());
  }
}
