package io.netweave.o2ims.server.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Snapshot;
import io.netweave.o2ims.cache.CacheStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes metrics in the Prometheus text exposition format (version 0.0.4): the request series as a
 * counter {@code netweave_http_requests_total} and a summary {@code
 * netweave_http_request_duration_seconds} (quantiles 0.5, 0.95, 0.99 per process over the last four
 * to five minutes, each within a bucket of two significant digits, see {@link LatencyBuckets}), a
 * histogram {@code netweave_http_request_latency_seconds} by route and method (buckets, for
 * quantiles across replicas), the response cache's per-region figures ({@link CacheMetricsText}),
 * and every numeric gauge, counter and {@link LatencyHistogram} of the registry (the JVM figures,
 * the notification metrics) under its sanitized name. Stateless; thread-safe.
 */
public final class PrometheusText {
  /** The content type of the output. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final List<String> QUANTILES = List.of("0.5", "0.95", "0.99");

  /** The request histogram's bounds in seconds. */
  private static final double[] REQUEST_BOUNDS =
      LatencyHistogram.REQUEST_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray();

  /**
   * For each of {@link LatencyBuckets}' fine buckets, the request histogram's bucket that holds it
   * (every bound is a fine bucket's upper bound, so no fine bucket straddles one).
   */
  private static final int[] FINE_TO_REQUEST_BUCKET = new int[LatencyBuckets.BUCKETS];

  static {
    for (int i = 0; i < LatencyBuckets.BUCKETS; i++) {
      int j = 0;
      while (j < REQUEST_BOUNDS.length
          && LatencyBuckets.upperNanos(i) > Math.round(REQUEST_BOUNDS[j] * 1e9)) {
        j++;
      }
      FINE_TO_REQUEST_BUCKET[i] = j;
    }
  }

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
    List<RequestMetrics.Scraped> series = requests.scrape();
    out.append("# HELP netweave_http_requests_total HTTP requests by route, method and status.\n");
    out.append("# TYPE netweave_http_requests_total counter\n");
    for (RequestMetrics.Scraped s : series) {
      out.append("netweave_http_requests_total").append(labels(s.series(), null)).append(' ');
      out.append(s.count()).append('\n');
    }
    out.append(
        "# HELP netweave_http_request_duration_seconds HTTP request latency by route, method and"
            + " status (quantiles over the last 4 to 5 minutes).\n");
    out.append("# TYPE netweave_http_request_duration_seconds summary\n");
    for (RequestMetrics.Scraped s : series) {
      String name = "netweave_http_request_duration_seconds";
      for (String q : QUANTILES) {
        out.append(name).append(labels(s.series(), q)).append(' ');
        out.append(seconds(LatencyBuckets.quantileNanos(s.recent(), Double.parseDouble(q))));
        out.append('\n');
      }
      out.append(name).append("_count").append(labels(s.series(), null)).append(' ');
      out.append(s.count()).append('\n');
      out.append(name).append("_sum").append(labels(s.series(), null)).append(' ');
      out.append(seconds(s.sumNanos())).append('\n');
    }
    String histogram = "netweave_http_request_latency_seconds";
    out.append("# HELP ").append(histogram);
    out.append(" HTTP request latency by route and method (buckets in seconds).\n");
    out.append("# TYPE ").append(histogram).append(" histogram\n");
    for (int from = 0; from < series.size(); ) {
      RequestMetrics.Series first = series.get(from).series();
      long[] perBucket = new long[REQUEST_BOUNDS.length + 1];
      long sumNanos = 0;
      int to = from;
      while (to < series.size()
          && series.get(to).series().route().equals(first.route())
          && series.get(to).series().method().equals(first.method())) {
        long[] counts = series.get(to).counts();
        for (int i = 0; i < counts.length; i++) {
          perBucket[FINE_TO_REQUEST_BUCKET[i]] += counts[i];
        }
        sumNanos += series.get(to).sumNanos();
        to++;
      }
      LatencyHistogram.appendSamples(
          out,
          histogram,
          "route=\"" + escape(first.route()) + "\",method=\"" + escape(first.method()) + "\"",
          REQUEST_BOUNDS,
          perBucket,
          sumNanos / 1e9);
      from = to;
    }
    new CacheMetricsText(cacheStats.get()).appendTo(out);
    for (Map.Entry<String, Metric> e : new TreeMap<>(requests.registry().getMetrics()).entrySet()) {
      String name = sanitize(e.getKey());
      if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(n.doubleValue()).append('\n');
      } else if (e.getValue() instanceof Counter c) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(c.getCount()).append('\n');
      } else if (e.getValue() instanceof LabeledGauge g) {
        out.append("# TYPE ").append(name).append(" gauge\n");
        for (Map.Entry<String, ? extends Number> v : new TreeMap<>(g.values()).entrySet()) {
          out.append(name).append('{').append(g.label()).append("=\"");
          out.append(escape(v.getKey())).append("\"} ").append(v.getValue().doubleValue());
          out.append('\n');
        }
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
