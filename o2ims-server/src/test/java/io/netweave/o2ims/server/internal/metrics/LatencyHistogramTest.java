package io.netweave.o2ims.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void bucketsAreCumulativeWithSumAndCount() {
    LatencyHistogram h = new LatencyHistogram(List.of(0.1, 1.0));
    h.observeSeconds(0.05);
    h.observeSeconds(0.1);
    h.observeSeconds(0.5);
    h.observeNanos(3_000_000_000L);
    StringBuilder out = new StringBuilder();
    h.appendSamples(out, "x_seconds", "route=\"/r\"");
    assertThat(out.toString())
        .isEqualTo(
            """
            x_seconds_bucket{route="/r",le="0.1"} 2
            x_seconds_bucket{route="/r",le="1.0"} 3
            x_seconds_bucket{route="/r",le="+Inf"} 4
            x_seconds_sum{route="/r"} 3.65
            x_seconds_count{route="/r"} 4
            """);
  }

  @Test
  void boundsThatDoNotAscendAreRefused() {
    assertThatThrownBy(() -> new LatencyHistogram(List.of(1.0, 0.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestsAreExposedAsAHistogramBesideTheSummary() {
    MetricRegistry registry = new MetricRegistry();
    RequestMetrics requests = new RequestMetrics(registry);
    requests.record("/o2ims-infrastructureInventory/v1/resourcePools", "GET", 200, 150_000_000L);
    registry.register(
        "netweave.notification.delivery_latency_seconds", new LatencyHistogram(List.of(1.0)));
    String text =
        new PrometheusText(
                requests, new io.netweave.o2ims.server.internal.caching.NoResponseCache()::stats)
            .write();
    assertThat(text)
        .contains("# TYPE netweave_http_request_latency_seconds histogram")
        .contains(
            "netweave_http_request_latency_seconds_bucket{route=\"/o2ims-infrastructureInventory/v1/resourcePools\",method=\"GET\",le=\"0.2\"} 1")
        .contains(
            "netweave_http_request_latency_seconds_bucket{route=\"/o2ims-infrastructureInventory/v1/resourcePools\",method=\"GET\",le=\"0.1\"} 0")
        .contains("# TYPE netweave_http_request_duration_seconds summary")
        .contains("# TYPE netweave_notification_delivery_latency_seconds histogram")
        .contains("netweave_notification_delivery_latency_seconds_bucket{le=\"+Inf\"} 0");
  }
}
