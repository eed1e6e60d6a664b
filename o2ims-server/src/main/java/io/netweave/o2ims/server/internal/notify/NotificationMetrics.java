package io.netweave.o2ims.server.internal.notify;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.server.internal.metrics.LabeledGauge;
import io.netweave.o2ims.server.internal.metrics.LatencyHistogram;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notification metrics in the registry the composition root passes in: counters {@code
 * notifications.produced}, {@code .delivered}, {@code .retried}, {@code .failed} (failed attempts),
 * {@code .dead_lettered}; histogram {@code notifications.delivery_latency_ms} (from storing to a
 * 2xx; a per-process summary in Prometheus) and the same latency as a bucketed {@link
 * LatencyHistogram} {@code netweave.notification.delivery_latency_seconds} (quantiles across
 * replicas); gauges {@code notifications.outbox_depth} (total) and {@code
 * notifications.subscription_outbox_depth} (a {@link LabeledGauge}, one series per subscription
 * with a queue, label {@code subscription_id}); and the delivery counters split by kind of
 * subscription: {@code notifications.inventory.*} and {@code notifications.alarm.*} ({@code
 * delivered}, {@code retried}, {@code failed}, {@code dead_lettered}). Thread-safe.
 */
public final class NotificationMetrics {
  static final String PREFIX = "notifications.";

  private final MetricRegistry registry;
  final Counter produced;
  final Counter delivered;
  final Counter retried;
  final Counter failed;
  final Counter deadLettered;
  final Histogram latencyMillis;
  final LatencyHistogram latency;
  private final Map<UUID, Long> depths = new ConcurrentHashMap<>();
  private final Deliveries inventory;
  private final Deliveries alarms;

  /** The delivery counters of one kind of subscriptions. */
  record Deliveries(Counter delivered, Counter retried, Counter failed, Counter deadLettered) {
    static Deliveries in(MetricRegistry registry, String prefix) {
      return new Deliveries(
          registry.counter(prefix + "delivered"),
          registry.counter(prefix + "retried"),
          registry.counter(prefix + "failed"),
          registry.counter(prefix + "dead_lettered"));
    }
  }

  public NotificationMetrics(MetricRegistry registry) {
    this.registry = registry;
    produced = registry.counter(PREFIX + "produced");
    delivered = registry.counter(PREFIX + "delivered");
    retried = registry.counter(PREFIX + "retried");
    failed = registry.counter(PREFIX + "failed");
    deadLettered = registry.counter(PREFIX + "dead_lettered");
    latencyMillis = registry.histogram(PREFIX + "delivery_latency_ms");
    inventory = Deliveries.in(registry, PREFIX + "inventory.");
    alarms = Deliveries.in(registry, PREFIX + "alarm.");
    String latencyName = "netweave.notification.delivery_latency_seconds";
    latency =
        registry.getMetrics().get(latencyName) instanceof LatencyHistogram existing
            ? existing
            : registry.register(
                latencyName, new LatencyHistogram(LatencyHistogram.DELIVERY_BUCKETS));
    registry.gauge(
        PREFIX + "outbox_depth",
        () -> (Gauge<Long>) () -> depths.values().stream().mapToLong(Long::longValue).sum());
    String perSubscription = PREFIX + "subscription_outbox_depth";
    if (!(registry.getMetrics().get(perSubscription) instanceof LabeledGauge)) {
      registry.register(perSubscription, new LabeledGauge("subscription_id", this::depthsById));
    }
  }

  /** The queue length of each subscription with a gauge, by its id's text. */
  private Map<String, Long> depthsById() {
    Map<String, Long> byId = new HashMap<>();
    depths.forEach((sub, depth) -> byId.put(sub.toString(), depth));
    return byId;
  }

  /** The counters of inventory subscriptions' deliveries, or of alarm subscriptions'. */
  Deliveries deliveries(boolean alarm) {
    return alarm ? alarms : inventory;
  }

  private static final long PRUNE_EVERY_NANOS = 60_000_000_000L;
  private long lastPruneNanos = System.nanoTime();

  /** Publishes the current queue lengths; subscriptions absent from {@code current} read 0. */
  void depths(Map<UUID, Long> current) {
    // An emptied queue reads 0 and keeps its series (most queues empty and refill with every change
    // at 1,000 subscriptions: a series that comes and goes with each delivery is no use to a
    // graph); series that read 0 are dropped once a minute.
    boolean prune = System.nanoTime() - lastPruneNanos > PRUNE_EVERY_NANOS;
    for (UUID sub : Set.copyOf(depths.keySet())) {
      if (!current.containsKey(sub)) {
        if (prune && depths.getOrDefault(sub, 0L) == 0L) {
          depths.remove(sub);
        } else {
          depths.put(sub, 0L);
        }
      }
    }
    if (prune) {
      lastPruneNanos = System.nanoTime();
    }
    depths.putAll(current);
  }
}
