package io.netweave.o2ims.server.internal.metrics;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The latencies of one request series as counts in fine buckets of two significant decimal digits
 * (1.0 to 1.1 µs, 1.1 to 1.2 µs, ... 99 to 100 s: 90 buckets per decade, every bucket's upper bound
 * included), plus their exact sum. Recording is one {@link LongAdder} increment (the bucket's, made
 * on its first use) and one add to the sum: no lock, no clock read, no random number, no allocation
 * after the bucket's first use; two I/O threads recording the same series spread over the adders'
 * cells instead of contending on one word.
 *
 * <p>Everything the Prometheus output needs comes from these counts: the request count (their sum),
 * the histogram's cumulative buckets (every bound of {@link LatencyHistogram#REQUEST_BUCKETS} is a
 * fine bucket's upper bound, so those counts are exact), and the summary's quantiles, over the
 * requests of a recent window ({@link #recent}), each within its fine bucket (linear interpolation
 * inside it: an error of at most one bucket's width, 1 to 10 % of the value).
 *
 * <p>Below 1 µs there is one bucket (0, 1 µs], above 100 s one unbounded bucket. Thread-safe.
 */
public final class LatencyBuckets {
  /** The fine buckets: one up to 1 µs, 90 per decade from 1 µs to 100 s, one above. */
  static final int BUCKETS = 1 + 8 * 90 + 1;

  private static final long[] POW10 = new long[12];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** How far back the summary's quantiles look ({@link #recent}). */
  static final long WINDOW_NANOS = 5 * 60 * 1_000_000_000L;

  /** The shortest time between two remembered marks of the counts. */
  static final long MARK_STEP_NANOS = 60 * 1_000_000_000L;

  private final AtomicReferenceArray<LongAdder> counts = new AtomicReferenceArray<>(BUCKETS);
  private final LongAdder sumNanos = new LongAdder();

  /** Counts remembered at earlier scrapes, oldest first (guarded by this). */
  private final ArrayDeque<Mark> marks = new ArrayDeque<>();

  /** The counts of buckets {@code first ..} at a time; buckets outside were 0. */
  private record Mark(long atNanos, int first, long[] counts) {}

  /** Records one request of {@code nanos} (a negative duration counts as 0). */
  public void record(long nanos) {
    long n = Math.max(0, nanos);
    int i = index(n);
    LongAdder c = counts.get(i);
    if (c == null) {
      c = new LongAdder();
      if (!counts.compareAndSet(i, null, c)) {
        c = counts.get(i);
      }
    }
    c.increment();
    sumNanos.add(n);
  }

  /** The fine bucket of a duration in nanoseconds (>= 0). */
  static int index(long nanos) {
    if (nanos <= 1000) {
      return 0;
    }
    long w = nanos - 1; // buckets include their upper bound: (1000, 1100] holds 1001..1100
    int decade = 3;
    while (decade < 11 && w >= POW10[decade + 1]) {
      decade++;
    }
    if (decade >= 11) {
      return BUCKETS - 1;
    }
    int digits = (int) (w / POW10[decade - 1]); // 10..99
    return 1 + (decade - 3) * 90 + digits - 10;
  }

  /** A fine bucket's upper bound in nanoseconds ({@link Long#MAX_VALUE} for the last). */
  static long upperNanos(int bucket) {
    if (bucket == 0) {
      return 1000;
    }
    if (bucket == BUCKETS - 1) {
      return Long.MAX_VALUE;
    }
    int decade = 3 + (bucket - 1) / 90;
    int digits = 10 + (bucket - 1) % 90;
    return (digits + 1) * POW10[decade - 1];
  }

  /** A fine bucket's lower bound in nanoseconds (exclusive). */
  static long lowerNanos(int bucket) {
    return bucket == 0 ? 0 : upperNanos(bucket - 1);
  }

  /** The counts per fine bucket since the start (not one atomic snapshot: each adder's sum). */
  long[] counts() {
    long[] out = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      LongAdder c = counts.get(i);
      if (c != null) {
        out[i] = c.sum();
      }
    }
    return out;
  }

  /** The sum of every recorded duration in nanoseconds. */
  long sumNanos() {
    return sumNanos.sum();
  }

  /**
   * The counts of the requests recorded since the oldest mark within {@link #WINDOW_NANOS} of
   * {@code nowNanos} (or, when there is none that recent, since the newest mark; at the first call,
   * since the start), given the counts {@code now}; and remembers {@code now} as a mark when the
   * newest is at least {@link #MARK_STEP_NANOS} old. Called at every scrape, the window is the last
   * four to five minutes when scrapes come at least once a minute, and the time since the previous
   * scrape when they come less often than every five minutes.
   */
  synchronized long[] recent(long[] now, long nowNanos) {
    while (marks.size() > 1 && nowNanos - marks.peekFirst().atNanos() > WINDOW_NANOS) {
      marks.pollFirst();
    }
    long[] recent = now.clone();
    Mark base = marks.peekFirst();
    if (base != null) {
      for (int i = 0; i < base.counts().length; i++) {
        recent[base.first() + i] -= base.counts()[i];
      }
    }
    Mark newest = marks.peekLast();
    if (newest == null || nowNanos - newest.atNanos() >= MARK_STEP_NANOS) {
      marks.addLast(trimmed(nowNanos, now));
    }
    return recent;
  }

  private static Mark trimmed(long atNanos, long[] counts) {
    int first = 0;
    while (first < counts.length && counts[first] == 0) {
      first++;
    }
    int end = counts.length;
    while (end > first && counts[end - 1] == 0) {
      end--;
    }
    return new Mark(atNanos, first, Arrays.copyOfRange(counts, first, end));
  }

  /**
   * The {@code q} quantile (0 to 1) of the durations counted in {@code counts}, in nanoseconds,
   * interpolated linearly inside its fine bucket ({@code NaN} when nothing was counted; the lower
   * bound of the last bucket, 100 s, for a quantile that falls above it).
   */
  static double quantileNanos(long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < counts.length; i++) {
      long c = counts[i];
      if (c > 0 && below + c >= rank) {
        double lower = lowerNanos(i);
        if (i == BUCKETS - 1) {
          return lower;
        }
        double within = Math.max(0, rank - below) / c;
        return lower + (upperNanos(i) - lower) * within;
      }
      below += c;
    }
    return lowerNanos(BUCKETS - 1);
  }
}
