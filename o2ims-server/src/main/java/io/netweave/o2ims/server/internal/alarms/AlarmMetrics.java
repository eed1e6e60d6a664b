package io.netweave.o2ims.server.internal.alarms;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.PerceivedSeverity;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alarm metrics in the composition root's registry: gauges {@code alarms.active.<severity>}
 * (active records by severity, as of the producer's last evaluation; 0 on other replicas), counters
 * {@code alarms.events.<type>} (events generated: new, change, clear, acknowledge) and {@code
 * alarms.notifications} (stored alarm notifications, one per event and subscription). Deliveries of
 * alarm notifications count in the shared {@code notifications.*} delivery metrics (one delivery
 * engine). Thread-safe.
 */
public final class AlarmMetrics {
  private final Map<PerceivedSeverity, Long> active = new ConcurrentHashMap<>();
  private final Map<AlarmEventType, Counter> events = new EnumMap<>(AlarmEventType.class);
  final Counter notifications;

  public AlarmMetrics(MetricRegistry registry) {
    for (PerceivedSeverity s : PerceivedSeverity.values()) {
      if (s == PerceivedSeverity.CLEARED) {
        continue;
      }
      active.put(s, 0L);
      registry.gauge(
          "alarms.active." + s.name().toLowerCase(Locale.ROOT),
          () -> (Gauge<Long>) () -> active.getOrDefault(s, 0L));
    }
    for (AlarmEventType t : AlarmEventType.values()) {
      events.put(t, registry.counter("alarms.events." + t.name().toLowerCase(Locale.ROOT)));
    }
    notifications = registry.counter("alarms.notifications");
  }

  void event(AlarmEventType type) {
    events.get(type).inc();
  }

  /** Publishes the counts of the active records. */
  void active(List<AlarmEventRecord> records) {
    Map<PerceivedSeverity, Long> counts = new EnumMap<>(PerceivedSeverity.class);
    for (AlarmEventRecord r : records) {
      if (r.active()) {
        counts.merge(r.perceivedSeverity(), 1L, Long::sum);
      }
    }
    for (PerceivedSeverity s : active.keySet()) {
      active.put(s, counts.getOrDefault(s, 0L));
    }
  }

  /** The active count of a severity as last published (tests). */
  long activeCount(PerceivedSeverity severity) {
    return active.getOrDefault(severity, 0L);
  }
}
