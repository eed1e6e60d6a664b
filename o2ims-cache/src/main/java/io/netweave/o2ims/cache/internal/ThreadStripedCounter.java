package io.netweave.o2ims.cache.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A counter that threads add to without sharing a cache line: each thread adds to the stripe of its
 * thread id (one atomic add on a 128-byte slot of its own), and {@link #sum()} adds the stripes up.
 *
 * <p>Design note: {@link java.util.concurrent.atomic.LongAdder} spreads its adds over cells only
 * after an add on its base value failed, i.e. after two threads raced within a few nanoseconds. Two
 * HTTP I/O threads that count every cache hit rarely race that closely, so the adder stays on its
 * base value, whose cache line then moves between the two cores on every hit (0.3 to 0.4 µs per
 * request in the CPU profiles of docs/performance.md, "Sixth pass"). Here the stripe is fixed by
 * the thread id from the first add: the I/O threads of one worker are created one after the other,
 * so their ids, and their stripes, differ. Threads whose ids share a stripe stay correct (the add
 * is atomic) and only share a line again.
 *
 * <p>Thread-safe. {@link #sum()} is not an atomic snapshot while adds go on (as {@code LongAdder}'s
 * is not); each completed add is in every later sum.
 */
final class ThreadStripedCounter {
  /** Longs per stripe: 128 bytes, two cache lines, so neighbouring stripes never share one. */
  private static final int SPACING = 16;

  private static final int STRIPES =
      Integer.highestOneBit(Math.max(4, 4 * Runtime.getRuntime().availableProcessors() - 1) << 1);

  private final AtomicLongArray slots = new AtomicLongArray(STRIPES * SPACING);

  void increment() {
    add(1);
  }

  void add(long delta) {
    slots.getAndAdd(slot(), delta);
  }

  long sum() {
    long sum = 0;
    for (int i = 0; i < STRIPES * SPACING; i += SPACING) {
      sum += slots.get(i);
    }
    return sum;
  }

  private static int slot() {
    return ((int) Thread.currentThread().getId() & (STRIPES - 1)) * SPACING;
  }
}
