package io.netweave.o2ims.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.server.internal.caching.NoResponseCache;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {
  private static final String POOLS = "/o2ims-infrastructureInventory/v1/resourcePools";
  private final AtomicLong ticker = new AtomicLong(1_000_000_000L);
  private final RequestMetrics metrics = new RequestMetrics(new MetricRegistry(), ticker::get);

  private String scrape() {
    return new PrometheusText(metrics, new NoResponseCache()::stats).write();
  }

  private void advanceSeconds(long seconds) {
    ticker.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void everyHistogramBoundIsTheUpperBoundOfAFineBucket() {
    for (double bound : LatencyHistogram.REQUEST_BUCKETS) {
      long nanos = Math.round(bound * 1e9);
      assertThat(LatencyBuckets.upperNanos(LatencyBuckets.index(nanos))).isEqualTo(nanos);
      assertThat(LatencyBuckets.lowerNanos(LatencyBuckets.index(nanos + 1))).isEqualTo(nanos);
    }
  }

  @Test
  void fineBucketsHoldEveryDurationBetweenTheirBoundsInOrder() {
    Random random = new Random(13);
    long[] edges = {
      0, 1, 999, 1000, 1001, 1099, 1100, 1101, 9_999, 10_000, 10_001, 99_999_999_999L
    };
    for (long v : edges) {
      int i = LatencyBuckets.index(v);
      assertThat(v).isGreaterThan(LatencyBuckets.lowerNanos(i) - (i == 0 ? 1 : 0));
      assertThat(v).isLessThanOrEqualTo(LatencyBuckets.upperNanos(i));
    }
    assertThat(LatencyBuckets.index(100_000_000_001L)).isEqualTo(LatencyBuckets.BUCKETS - 1);
    for (int n = 0; n < 100_000; n++) {
      long v = 1000 + (long) Math.pow(10, 3 + random.nextDouble() * 8);
      int i = LatencyBuckets.index(v);
      assertThat(v).isGreaterThan(LatencyBuckets.lowerNanos(i));
      assertThat(v).isLessThanOrEqualTo(LatencyBuckets.upperNanos(i));
    }
    for (int i = 1; i < LatencyBuckets.BUCKETS; i++) {
      assertThat(LatencyBuckets.upperNanos(i)).isGreaterThan(LatencyBuckets.upperNanos(i - 1));
    }
  }

  @Test
  void countsSumsAndHistogramBucketsAreExact() {
    metrics.record(POOLS, "GET", 200, 1_000_000L); // exactly 1 ms: in le="0.001"
    metrics.record(POOLS, "GET", 200, 1_000_001L); // just above: le="0.0025"
    metrics.record(POOLS, "GET", 404, 150_000_000L);
    metrics.record(POOLS, "GET", 500, 3_000_000_000L);
    metrics.record(POOLS, "BREW", 200, 20_000L);
    String text = scrape();
    String get = "route=\"" + POOLS + "\",method=\"GET\"";
    assertThat(text)
        .contains("netweave_http_requests_total{" + get + ",status=\"200\"} 2\n")
        .contains("netweave_http_requests_total{" + get + ",status=\"404\"} 1\n")
        .contains("netweave_http_requests_total{" + get + ",status=\"500\"} 1\n")
        .contains(
            "netweave_http_requests_total{route=\""
                + POOLS
                + "\",method=\"other\",status=\"200\"} 1")
        .contains("netweave_http_request_duration_seconds_count{" + get + ",status=\"200\"} 2\n")
        .contains(
            "netweave_http_request_duration_seconds_sum{" + get + ",status=\"200\"} 0.002000001")
        .contains("netweave_http_request_latency_seconds_bucket{" + get + ",le=\"0.001\"} 1\n")
        .contains("netweave_http_request_latency_seconds_bucket{" + get + ",le=\"0.0025\"} 2\n")
        .contains("netweave_http_request_latency_seconds_bucket{" + get + ",le=\"0.1\"} 2\n")
        .contains("netweave_http_request_latency_seconds_bucket{" + get + ",le=\"0.2\"} 3\n")
        .contains("netweave_http_request_latency_seconds_bucket{" + get + ",le=\"2.5\"} 3\n")
        .contains("netweave_http_request_latency_seconds_bucket{" + get + ",le=\"5.0\"} 4\n")
        .contains("netweave_http_request_latency_seconds_bucket{" + get + ",le=\"+Inf\"} 4\n")
        .contains("netweave_http_request_latency_seconds_sum{" + get + "} 3.152000001\n")
        .contains("netweave_http_request_latency_seconds_count{" + get + "} 4\n");
  }

  @Test
  void summaryQuantilesAreWithinTheirFineBucketOfTheExactOnes() {
    Random random = new Random(7);
    long[] values = new long[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 20_000 + (long) (random.nextDouble() * random.nextDouble() * 50_000_000);
      metrics.record(POOLS, "GET", 200, values[i]);
    }
    java.util.Arrays.sort(values);
    String text = scrape();
    for (String q : new String[] {"0.5", "0.95", "0.99"}) {
      double exact = values[(int) Math.ceil(Double.parseDouble(q) * values.length) - 1] / 1e9;
      String prefix =
          "netweave_http_request_duration_seconds{route=\""
              + POOLS
              + "\",method=\"GET\",status=\"200\",quantile=\""
              + q
              + "\"} ";
      double reported = Double.parseDouble(valueAfter(text, prefix));
      // a fine bucket is at most a tenth of its lower bound wide
      assertThat(reported).as("quantile " + q).isCloseTo(exact, within(exact * 0.1));
    }
  }

  @Test
  void summaryQuantilesForgetRequestsOlderThanTheWindowWhileCountsKeepThem() {
    String quantile =
        "netweave_http_request_duration_seconds{route=\""
            + POOLS
            + "\",method=\"GET\",status=\"200\",quantile=\"0.99\"} ";
    for (int second = 0; second < 120; second += 30) { // two minutes of slow requests, scraped
      for (int i = 0; i < 100; i++) {
        metrics.record(POOLS, "GET", 200, 2_000_000_000L);
      }
      scrape();
      advanceSeconds(30);
    }
    assertThat(Double.parseDouble(valueAfter(scrape(), quantile))).isCloseTo(2.0, within(0.1));
    for (int second = 0; second < 600; second += 30) { // ten minutes of fast ones
      for (int i = 0; i < 100; i++) {
        metrics.record(POOLS, "GET", 200, 3_000_000L);
      }
      advanceSeconds(30);
      scrape();
    }
    String text = scrape();
    assertThat(Double.parseDouble(valueAfter(text, quantile))).isCloseTo(0.003, within(0.0003));
    assertThat(text)
        .contains(
            "netweave_http_requests_total{route=\""
                + POOLS
                + "\",method=\"GET\",status=\"200\"} 2400\n");
  }

  @Test
  void aSeriesWithoutRecentRequestsHasNoQuantiles() {
    metrics.record(POOLS, "GET", 200, 2_000_000L);
    scrape();
    advanceSeconds(90);
    scrape();
    advanceSeconds(400);
    assertThat(scrape())
        .contains(
            "netweave_http_request_duration_seconds{route=\""
                + POOLS
                + "\",method=\"GET\",status=\"200\",quantile=\"0.5\"} NaN\n")
        .contains(
            "netweave_http_request_duration_seconds_count{route=\""
                + POOLS
                + "\",method=\"GET\",status=\"200\"} 1\n");
  }

  private static String valueAfter(String text, String prefix) {
    int at = text.indexOf(prefix);
    assertThat(at).as(prefix).isNotNegative();
    int end = text.indexOf('\n', at);
    return text.substring(at + prefix.length(), end);
  }
}
