package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.server.internal.caching.NoResponseCache;
import io.netweave.o2ims.server.internal.metrics.PrometheusText;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The outbox depths as {@code /metrics} shows them: a total, and one series per subscription. */
class NotificationMetricsTest {
  private final MetricRegistry registry = new MetricRegistry();
  private final NotificationMetrics metrics = new NotificationMetrics(registry);

  private String scrape() {
    return new PrometheusText(new RequestMetrics(registry, () -> 0L), new NoResponseCache()::stats)
        .write();
  }

  @Test
  void eachSubscriptionsQueueIsASeriesOfOneMetricLabelledWithItsId() {
    UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    metrics.depths(Map.of(a, 3L, b, 1L));
    assertThat(scrape())
        .contains("notifications_outbox_depth 4.0\n")
        .contains(
            "# TYPE notifications_subscription_outbox_depth gauge\n"
                + "notifications_subscription_outbox_depth{subscription_id=\""
                + a
                + "\"} 3.0\n"
                + "notifications_subscription_outbox_depth{subscription_id=\""
                + b
                + "\"} 1.0\n")
        // Before: a metric name per subscription, which no query can sum or select by label.
        .doesNotContain("notifications_outbox_depth_0000");

    // A queue emptied reads 0 (dropped with the next prune, once a minute).
    metrics.depths(Map.of(b, 2L));
    assertThat(scrape())
        .contains("notifications_outbox_depth 2.0\n")
        .contains("{subscription_id=\"" + a + "\"} 0.0\n")
        .contains("{subscription_id=\"" + b + "\"} 2.0\n");
  }

  @Test
  void aSecondSetOfMetricsOnTheSameRegistryKeepsTheFirstsSeries() {
    UUID a = UUID.randomUUID();
    metrics.depths(Map.of(a, 5L));
    new NotificationMetrics(registry);
    assertThat(scrape()).contains("{subscription_id=\"" + a + "\"} 5.0\n");
  }
}
