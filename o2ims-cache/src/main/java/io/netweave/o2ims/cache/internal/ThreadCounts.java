package io.netweave.o2ims.cache.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed number of counters that many threads add to on every request and few threads read
 * (statistics): each thread adds to an array of its own with a plain increment, and a read sums
 * every thread's array.
 *
 * <p>Design note: the in-process tier counts a hit or a miss on every lookup. A {@code LongAdder}
 * there moves to per-thread cells only after two threads raced on its base value, which two I/O
 * threads serving their own connections rarely do; so in some runs its one base value was written
 * by both cores on every hit (0.38 µs per request in a quiet profile), in others it was in its
 * cells (an atomic add with its fence, 0.03). Here a thread's own array is found through a {@code
 * ThreadLocal} and incremented with a plain read and write: no atomic instruction, no fence, no
 * cache line another core writes. (A striped counter whose slots were chosen by thread id and owned
 * through an atomic reference was tried and reverted in the seventh session: its owner check went
 * through a {@code VarHandle} call the JIT did not inline; docs/performance.md, "Sixth pass".)
 *
 * <p>Reads: {@link #sum} adds up the arrays of every thread that has counted. A count added by a
 * thread that is still running may be missing from a read for as long as that thread's write is not
 * yet visible to the reader (plain writes: no ordering is promised, in practice a few nanoseconds);
 * counts of a thread whose end the reader has seen are all there (a thread's end happens before
 * {@link Thread#isAlive()} returns false). Arrays of threads that have ended are folded into shared
 * totals by the next {@link #sum}, so threads that come and go (a worker pool's idle threads) do
 * not make reads slower. A plain long is written whole on the 64-bit JVMs this runs on.
 *
 * <p>Thread-safe.
 */
final class ThreadCounts {
  /** One thread's counts, and the thread (weakly) to tell when it has ended. */
  private static final class Own {
    final long[] counts;
    final WeakReference<Thread> owner;

    Own(int size) {
      this.counts = new long[size];
      this.owner = new WeakReference<>(Thread.currentThread());
    }

    boolean ended() {
      Thread t = owner.get();
      return t == null || !t.isAlive();
    }
  }

  private final int size;
  private final ThreadLocal<Own> own;
  private final List<Own> threads = new ArrayList<>(); // guarded by this
  private final long[] ended; // guarded by this: counts of threads that have ended, folded by sum()

  /** {@code size} counters, all zero. */
  ThreadCounts(int size) {
    this.size = size;
    this.ended = new long[size];
    this.own = ThreadLocal.withInitial(this::register);
  }

  private Own register() {
    Own mine = new Own(size);
    synchronized (this) {
      threads.add(mine);
    }
    return mine;
  }

  /** Adds one to counter {@code index} (0 to size - 1) for the calling thread. */
  void increment(int index) {
    own.get().counts[index]++;
  }

  /** Counter {@code index} summed over every thread (see the class comment for what it sees). */
  long sum(int index) {
    long total;
    synchronized (this) {
      foldEnded();
      total = ended[index];
      for (Own t : threads) {
        total += t.counts[index];
      }
    }
    return total;
  }

  private void foldEnded() {
    threads.removeIf(
        t -> {
          if (!t.ended()) {
            return false;
          }
          for (int i = 0; i < size; i++) {
            ended[i] += t.counts[i];
          }
          return true;
        });
  }
}
