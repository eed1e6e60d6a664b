package io.netweave.o2ims.server.internal.metrics;

import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * Request counts and latencies per route template, method and status: one {@link LatencyBuckets}
 * per series, from which {@link PrometheusText} writes the request counter, the per-process summary
 * (its quantiles over the last minutes, its exact sum) and the histogram by route and method
 * (quantiles across replicas). Recording is on every request's path: it finds the series by two
 * lookups of strings the caller already holds and a status array (no key object), then adds to two
 * {@code LongAdder}s (no lock, no clock read, no random number). It replaced a Dropwizard histogram
 * with a decaying reservoir (a skip-list insert, an {@code exp} and a random number per request), a
 * separate sum and a separate bucket histogram per route; docs/performance.md, "The per-request
 * path", has the figures.
 *
 * <p>Every label value comes from a closed set, so that requests cannot grow the series without
 * bound: the route is a registered template or {@code unmatched} (set by the caller), the method
 * one of the HTTP methods the API knows or {@code other}, the status a three-digit code or {@code
 * 0}. Thread-safe.
 */
public final class RequestMetrics {
  /** One labelled series. */
  public record Series(String route, String method, int status) {}

  /**
   * One series as read at a scrape: counts per fine bucket since the start ({@code counts}) and
   * within the summary's recent window ({@code recent}), and the exact sum of its latencies.
   */
  public record Scraped(Series series, long[] counts, long[] recent, long sumNanos) {
    /** Requests since the start. */
    public long count() {
      long total = 0;
      for (long c : counts) {
        total += c;
      }
      return total;
    }
  }

  /** The method labels; any other request method is recorded as {@link #OTHER_METHOD}. */
  public static final java.util.Set<String> KNOWN_METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  public static final String OTHER_METHOD = "other";

  private final MetricRegistry registry;
  private final LongSupplier nanoTicker;
  private final Map<Series, LatencyBuckets> series = new ConcurrentHashMap<>();

  /** A route template and method's series by status. */
  private static final class PerRoute {
    final AtomicReferenceArray<LatencyBuckets> byStatus = new AtomicReferenceArray<>(600);
  }

  private final Map<String, Map<String, PerRoute>> perRoute = new ConcurrentHashMap<>();

  public RequestMetrics(MetricRegistry registry) {
    this(registry, System::nanoTime);
  }

  /**
   * @param nanoTicker the time in nanoseconds (as {@link System#nanoTime()}), read at scrapes only:
   *     it moves the summary's recent window
   */
  public RequestMetrics(MetricRegistry registry, LongSupplier nanoTicker) {
    this.registry = registry;
    this.nanoTicker = nanoTicker;
  }

  /** Records one finished request. */
  public void record(String route, String requestMethod, int requestStatus, long nanos) {
    String method = KNOWN_METHODS.contains(requestMethod) ? requestMethod : OTHER_METHOD;
    int status = requestStatus >= 100 && requestStatus <= 599 ? requestStatus : 0;
    PerRoute p = perRoute(route, method);
    LatencyBuckets b = p.byStatus.get(status);
    if (b == null) {
      b = series.computeIfAbsent(new Series(route, method, status), k -> new LatencyBuckets());
      p.byStatus.set(
          status, b); // the one LatencyBuckets of this series: setting it twice is harmless
    }
    b.record(nanos);
  }

  private PerRoute perRoute(String route, String method) {
    Map<String, PerRoute> methods = perRoute.get(route);
    PerRoute p = methods == null ? null : methods.get(method);
    if (p != null) {
      return p;
    }
    return perRoute
        .computeIfAbsent(route, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(method, m -> new PerRoute());
  }

  /**
   * Every series read now, ordered by route, method and status; moves each series' recent window
   * (see {@link LatencyBuckets}).
   */
  public List<Scraped> scrape() {
    long now = nanoTicker.getAsLong();
    List<Scraped> out = new ArrayList<>(series.size());
    series.forEach(
        (s, b) -> {
          long[] counts = b.counts();
          long sum = b.sumNanos();
          out.add(new Scraped(s, counts, b.recent(counts, now), sum));
        });
    out.sort(
        Comparator.comparing((Scraped x) -> x.series().route())
            .thenComparing(x -> x.series().method())
            .thenComparingInt(x -> x.series().status()));
    return out;
  }

  /** The registry of the other metrics (the JVM figures, the notification metrics). */
  public MetricRegistry registry() {
    return registry;
  }
}
