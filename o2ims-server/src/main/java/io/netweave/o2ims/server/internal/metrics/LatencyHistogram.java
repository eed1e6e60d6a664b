package io.netweave.o2ims.server.internal.metrics;

import com.codahale.metrics.Metric;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations: fixed upper bounds in seconds, a count per bucket, the sum
 * and the count, so that quantiles can be computed across replicas ({@code histogram_quantile} over
 * the summed {@code _bucket} rates), which the per-process Dropwizard summaries cannot give.
 * Recording is two {@link LongAdder} increments and a {@link DoubleAdder} add: no lock on the
 * request path. Registered in a {@code MetricRegistry} it is written by {@link PrometheusText}
 * under its sanitized registry name. Thread-safe.
 */
public final class LatencyHistogram implements Metric {
  /** Buckets for request latency: 1 ms to 10 s, with 200 ms (the latency alert) as a bound. */
  public static final List<Double> REQUEST_BUCKETS =
      List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0);

  /** Buckets for notification delivery latency (storing to 2xx, retries included): 10 ms to 1 h. */
  public static final List<Double> DELIVERY_BUCKETS =
      List.of(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0);

  private final double[] bounds;
  private final LongAdder[] counts;
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  /**
   * @param bounds ascending upper bounds in seconds ({@code +Inf} is implied)
   */
  public LatencyHistogram(List<Double> bounds) {
    this.bounds = bounds.stream().mapToDouble(Double::doubleValue).toArray();
    for (int i = 1; i < this.bounds.length; i++) {
      if (this.bounds[i] <= this.bounds[i - 1]) {
        throw new IllegalArgumentException("bucket bounds must ascend: " + bounds);
      }
    }
    this.counts = new LongAdder[this.bounds.length + 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Records one duration in nanoseconds. */
  public void observeNanos(long nanos) {
    observeSeconds(nanos / 1e9);
  }

  /** Records one duration in seconds. */
  public void observeSeconds(double seconds) {
    int i = 0;
    while (i < bounds.length && seconds > bounds[i]) {
      i++;
    }
    counts[i].increment();
    count.increment();
    sum.add(seconds);
  }

  /** Observations so far. */
  public long count() {
    return count.sum();
  }

  /**
   * Appends the {@code _bucket} (cumulative, with {@code le}), {@code _sum} and {@code _count}
   * lines of this histogram; {@code labels} is empty or {@code key="value",...} without braces.
   */
  void appendSamples(StringBuilder out, String name, String labels) {
    long[] perBucket = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      perBucket[i] = counts[i].sum();
    }
    appendSamples(out, name, labels, bounds, perBucket, sum.sum());
  }

  /**
   * Appends a histogram's lines from its bounds (seconds), its count per bucket (not cumulative;
   * one more than there are bounds, the last above every bound) and its sum in seconds.
   */
  static void appendSamples(
      StringBuilder out,
      String name,
      String labels,
      double[] bounds,
      long[] perBucket,
      double sumSeconds) {
    String prefix = labels.isEmpty() ? "{" : "{" + labels + ",";
    long cumulative = 0;
    for (int i = 0; i < perBucket.length; i++) {
      cumulative += perBucket[i];
      String le = i < bounds.length ? Double.toString(bounds[i]) : "+Inf";
      out.append(name).append("_bucket").append(prefix).append("le=\"").append(le).append("\"} ");
      out.append(cumulative).append('\n');
    }
    String braces = labels.isEmpty() ? "" : "{" + labels + "}";
    out.append(name).append("_sum").append(braces).append(' ').append(sumSeconds).append('\n');
    out.append(name).append("_count").append(braces).append(' ').append(cumulative).append('\n');
  }
}
