package io.netweave.o2ims.server.internal.metrics;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts and latencies per route template, method and status, as Dropwizard {@link Timer}s
 * registered in the given registry (name {@code http.server.requests.<method>.<route>.<status>})
 * plus an exact latency sum per series for the Prometheus {@code _sum}, and a {@link
 * LatencyHistogram} per route template and method (quantiles across replicas). The timers use
 * Dropwizard's lock-free exponentially decaying reservoir: recording is on every request's path and
 * must not contend on a lock. Thread-safe.
 */
public final class RequestMetrics {
  /** One labelled series. */
  public record Series(String route, String method, int status) {}

  /** A series' timer and its exact sum of nanoseconds. */
  public record Recorded(Timer timer, LongAdder sumNanos) {}

  private final MetricRegistry registry;

  /** A histogram's labels. */
  public record Route(String route, String method) {}

  private final Map<Series, Recorded> series = new ConcurrentHashMap<>();
  private final Map<Route, LatencyHistogram> histograms = new ConcurrentHashMap<>();

  public RequestMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  /** Records one finished request. */
  public void record(String route, String method, int status, long nanos) {
    Recorded r =
        series.computeIfAbsent(
            new Series(route, method, status),
            s ->
                new Recorded(
                    registry.timer(
                        MetricRegistry.name("http.server.requests", method, route, status + ""),
                        () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build())),
                    new LongAdder()));
    r.timer().update(nanos, TimeUnit.NANOSECONDS);
    r.sumNanos().add(nanos);
    histograms
        .computeIfAbsent(
            new Route(route, method), k -> new LatencyHistogram(LatencyHistogram.REQUEST_BUCKETS))
        .observeNanos(nanos);
  }

  /** The latency histograms per route and method (a live view). */
  public Map<Route, LatencyHistogram> histograms() {
    return histograms;
  }

  /** The recorded series (a live view). */
  public Map<Series, Recorded> series() {
    return series;
  }

  /** The registry the timers live in (with the JVM figures). */
  public MetricRegistry registry() {
    return registry;
  }
}
