package io.netweave.o2ims.cache.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A counter that the threads which add to it most often (the HTTP I/O threads, on every cache
 * lookup) update without an atomic instruction and without sharing a cache line: each thread adds
 * to the stripe of its thread id, which the first thread to add there owns from then on; the owner
 * adds with a plain read and a release store, any other thread whose id falls on an owned stripe
 * adds atomically to one shared slot. {@link #sum()} adds the stripes and the shared slot up.
 *
 * <p>Design note: {@link java.util.concurrent.atomic.LongAdder} spreads its adds over cells only
 * after an add on its base value failed, i.e. after two threads raced within a few nanoseconds. Two
 * I/O threads that count every cache hit rarely race that closely, so the adder often stays on its
 * base value, whose cache line then moves between the two cores on every hit (0.38 µs per request
 * in the quiet-machine profile of docs/performance.md, "Sixth pass"). An atomic add on a slot of
 * one's own was not enough either: its fence waits for every earlier store of the request, and
 * profiles put up to 0.37 µs per request on it. The I/O threads of one worker are created one after
 * the other, so their ids, and their stripes, differ.
 *
 * <p>Thread-safe. {@link #sum()} is not an atomic snapshot while adds go on (as {@code LongAdder}'s
 * is not); an add that happened before the call to {@link #sum()} is in the sum.
 */
final class ThreadStripedCounter {
  /** Longs per slot: 128 bytes, so that neighbouring slots never share a cache line. */
  private static final int SPACING = 16;

  /** The smallest power of two of at least four per processor, eight at least. */
  private static final int STRIPES =
      Integer.highestOneBit(Math.max(4, 4 * Runtime.getRuntime().availableProcessors() - 1) << 1);

  private static final int SHARED = STRIPES * SPACING;

  private final AtomicReferenceArray<Thread> owners = new AtomicReferenceArray<>(STRIPES);
  private final AtomicLongArray slots = new AtomicLongArray((STRIPES + 1) * SPACING);

  void increment() {
    add(1);
  }

  void add(long delta) {
    Thread current = Thread.currentThread();
    int stripe = (int) current.getId() & (STRIPES - 1);
    Thread owner = owners.get(stripe);
    if (owner == null && owners.compareAndSet(stripe, null, current)) {
      owner = current;
    }
    if (owner == current) {
      int slot = stripe * SPACING;
      slots.setRelease(slot, slots.getPlain(slot) + delta); // only the owner writes this slot
    } else {
      slots.getAndAdd(SHARED, delta);
    }
  }

  long sum() {
    long sum = 0;
    for (int i = 0; i <= SHARED; i += SPACING) {
      sum += slots.get(i);
    }
    return sum;
  }
}
