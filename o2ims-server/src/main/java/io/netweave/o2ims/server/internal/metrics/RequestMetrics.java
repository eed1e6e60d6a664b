package io.netweave.o2ims.server.internal.metrics;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts and latencies per route template, method and status, as Dropwizard {@link
 * Histogram}s (the count and the recent quantiles of the Prometheus summary) plus an exact latency
 * sum per series for the Prometheus {@code _sum}, and a {@link LatencyHistogram} per route template
 * and method (quantiles across replicas). The histograms use Dropwizard's lock-free exponentially
 * decaying reservoir: recording is on every request's path and must not contend on a lock. They are
 * histograms, not timers: a timer adds a meter (a clock read and four more counters per request)
 * whose rates nothing reads. They are kept here, not in the registry, whose every other metric
 * {@link PrometheusText} writes under its own name.
 *
 * <p>Every label value comes from a closed set, so that requests cannot grow the series without
 * bound: the route is a registered template or {@code unmatched} (set by the caller), the method
 * one of the HTTP methods the API knows or {@code other}, the status a three-digit code or {@code
 * 0}. Thread-safe.
 */
public final class RequestMetrics {
  /** One labelled series. */
  public record Series(String route, String method, int status) {}

  /** A series' latencies in nanoseconds (count, recent quantiles) and their exact sum. */
  public record Recorded(Histogram latencies, LongAdder sumNanos) {}

  /** The method labels; any other request method is recorded as {@link #OTHER_METHOD}. */
  public static final java.util.Set<String> KNOWN_METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  public static final String OTHER_METHOD = "other";

  private final MetricRegistry registry;

  /** A histogram's labels. */
  public record Route(String route, String method) {}

  private final Map<Series, Recorded> series = new ConcurrentHashMap<>();
  private final Map<Route, LatencyHistogram> histograms = new ConcurrentHashMap<>();

  public RequestMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  /**
   * A route template and method's histogram and its series by status, found on the request path by
   * two lookups of strings the caller already holds, without making a key object per request.
   */
  private static final class PerRoute {
    final LatencyHistogram histogram;
    final AtomicReferenceArray<Recorded> byStatus = new AtomicReferenceArray<>(600);

    PerRoute(LatencyHistogram histogram) {
      this.histogram = histogram;
    }
  }

  private final Map<String, Map<String, PerRoute>> perRoute = new ConcurrentHashMap<>();

  /** Records one finished request. */
  public void record(String route, String requestMethod, int requestStatus, long nanos) {
    String method = KNOWN_METHODS.contains(requestMethod) ? requestMethod : OTHER_METHOD;
    int status = requestStatus >= 100 && requestStatus <= 599 ? requestStatus : 0;
    PerRoute p = perRoute(route, method);
    Recorded r = p.byStatus.get(status);
    if (r == null) {
      r = series.computeIfAbsent(new Series(route, method, status), k -> newSeries());
      p.byStatus.set(status, r); // the one Recorded of this series: setting it twice is harmless
    }
    r.latencies().update(nanos);
    r.sumNanos().add(nanos);
    p.histogram.observeNanos(nanos);
  }

  private PerRoute perRoute(String route, String method) {
    Map<String, PerRoute> methods = perRoute.get(route);
    PerRoute p = methods == null ? null : methods.get(method);
    if (p != null) {
      return p;
    }
    return perRoute
        .computeIfAbsent(route, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            method,
            m ->
                new PerRoute(
                    histograms.computeIfAbsent(
                        new Route(route, m),
                        k -> new LatencyHistogram(LatencyHistogram.REQUEST_BUCKETS))));
  }

  private static Recorded newSeries() {
    return new Recorded(
        new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build()), new LongAdder());
  }

  /** The latency histograms per route and method (a live view). */
  public Map<Route, LatencyHistogram> histograms() {
    return histograms;
  }

  /** The recorded series (a live view). */
  public Map<Series, Recorded> series() {
    return series;
  }

  /** The registry of the other metrics (the JVM figures, the notification metrics). */
  public MetricRegistry registry() {
    return registry;
  }
}
