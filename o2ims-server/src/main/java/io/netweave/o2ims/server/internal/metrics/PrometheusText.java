package io.netweave.o2ims.server.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Snapshot;
import io.netweave.o2ims.cache.CacheStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes metrics in the Prometheus text exposition format (version 0.0.4): the request series as a
 * counter {@code netweave_http_requests_total} and a summary {@code
 * netweave_http_request_duration_seconds} (quantiles 0.5, 0.95, 0.99 from the Dropwizard reservoir,
 * per process), a histogram {@code netweave_http_request_latency_seconds} by route and method
 * (buckets, for quantiles across replicas), the response cache's per-region figures ({@link
 * CacheMetricsText}), and every numeric gauge, counter and {@link LatencyHistogram} of the registry
 * (the JVM figures, the notification metrics) under its sanitized name. Stateless; thread-safe.
 */
public final class PrometheusText {
  /** The content type of the output. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final RequestMetrics requests;
  private final Supplier<CacheStats> cacheStats;

  /**
   * @param cacheStats the response cache's statistics, read on every scrape
   */
  public PrometheusText(RequestMetrics requests, Supplier<CacheStats> cacheStats) {
    this.requests = requests;
    this.cacheStats = cacheStats;
  }

  /** The whole exposition. */
  public String write() {
    StringBuilder out = new StringBuilder(8192);
    Map<RequestMetrics.Series, RequestMetrics.Recorded> series =
        new TreeMap<>(
            java.util.Comparator.comparing(RequestMetrics.Series::route)
                .thenComparing(RequestMetrics.Series::method)
                .thenComparingInt(RequestMetrics.Series::status));
    series.putAll(requests.series());
    out.append("# HELP netweave_http_requests_total HTTP requests by route, method and status.\n");
    out.append("# TYPE netweave_http_requests_total counter\n");
    series.forEach(
        (s, r) ->
            out.append("netweave_http_requests_total")
                .append(labels(s, null))
                .append(' ')
                .append(r.latencies().getCount())
                .append('\n'));
    out.append(
        "# HELP netweave_http_request_duration_seconds HTTP request latency by route, method and"
            + " status.\n");
    out.append("# TYPE netweave_http_request_duration_seconds summary\n");
    series.forEach(
        (s, r) -> {
          Snapshot snap = r.latencies().getSnapshot();
          String name = "netweave_http_request_duration_seconds";
          out.append(name).append(labels(s, "0.5")).append(' ').append(seconds(snap.getMedian()));
          out.append('\n');
          out.append(name).append(labels(s, "0.95")).append(' ');
          out.append(seconds(snap.get95thPercentile())).append('\n');
          out.append(name).append(labels(s, "0.99")).append(' ');
          out.append(seconds(snap.get99thPercentile())).append('\n');
          out.append(name).append("_count").append(labels(s, null)).append(' ');
          out.append(r.latencies().getCount()).append('\n');
          out.append(name).append("_sum").append(labels(s, null)).append(' ');
          out.append(seconds(r.sumNanos().sum())).append('\n');
        });
    String histogram = "netweave_http_request_latency_seconds";
    out.append("# HELP ").append(histogram);
    out.append(" HTTP request latency by route and method (buckets in seconds).\n");
    out.append("# TYPE ").append(histogram).append(" histogram\n");
    Map<RequestMetrics.Route, LatencyHistogram> byRoute =
        new TreeMap<>(
            java.util.Comparator.comparing(RequestMetrics.Route::route)
                .thenComparing(RequestMetrics.Route::method));
    byRoute.putAll(requests.histograms());
    byRoute.forEach(
        (r, h) ->
            h.appendSamples(
                out,
                histogram,
                "route=\"" + escape(r.route()) + "\",method=\"" + escape(r.method()) + "\""));
    new CacheMetricsText(cacheStats.get()).appendTo(out);
    for (Map.Entry<String, Metric> e : new TreeMap<>(requests.registry().getMetrics()).entrySet()) {
      String name = sanitize(e.getKey());
      if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(n.doubleValue()).append('\n');
      } else if (e.getValue() instanceof Counter c) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(c.getCount()).append('\n');
      } else if (e.getValue() instanceof LatencyHistogram h) {
        out.append("# TYPE ").append(name).append(" histogram\n");
        h.appendSamples(out, name, "");
      } else if (e.getValue() instanceof Histogram h) {
        Snapshot snap = h.getSnapshot();
        out.append("# TYPE ").append(name).append(" summary\n");
        out.append(name).append("{quantile=\"0.5\"} ").append(snap.getMedian()).append('\n');
        out.append(name).append("{quantile=\"0.95\"} ");
        out.append(snap.get95thPercentile()).append('\n');
        out.append(name).append("{quantile=\"0.99\"} ");
        out.append(snap.get99thPercentile()).append('\n');
        out.append(name).append("_count ").append(h.getCount()).append('\n');
      }
    }
    return out.toString();
  }

  private static String labels(RequestMetrics.Series s, String quantile) {
    StringBuilder b = new StringBuilder("{route=\"");
    b.append(escape(s.route())).append("\",method=\"").append(escape(s.method()));
    b.append("\",status=\"").append(s.status()).append('"');
    if (quantile != null) {
      b.append(",quantile=\"").append(quantile).append('"');
    }
    return b.append('}').toString();
  }

  private static String seconds(double nanos) {
    return Double.toString(nanos / 1e9);
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String sanitize(String name) {
    String s = name.replaceAll("[^a-zA-Z0-9_:]", "_");
    return Character.isDigit(s.charAt(0)) ? "_" + s : s;
  }
}
