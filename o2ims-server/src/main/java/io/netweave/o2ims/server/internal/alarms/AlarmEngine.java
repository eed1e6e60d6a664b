package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.notify.ProducerStep;
import io.netweave.o2ims.server.spi.AlarmStore;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm producer: on the notification engine's producer replica and thread, evaluates node
 * health into alarm records (raise, change, clear), purges cleared records past the retention
 * period, and hands record transitions to the notifier. Only the producer replica runs it, so one
 * replica writes condition-driven transitions and one generates events, whatever the number of
 * replicas. Lifecycle: built by the composition root, registered with {@code
 * NotificationEngine.addProducerStep}; holds no resources of its own. Confined to the producer
 * thread.
 */
public final class AlarmEngine implements ProducerStep {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmEngine.class);

  private final InventorySource source;
  private final AlarmStore store;
  private final AlarmEvaluator evaluator;
  private final AlarmNotifier notifier;
  private final AlarmMetrics metrics;
  private final Clock clock;
  private final Duration sweepInterval;
  private Instant lastSweep = Instant.MIN;
  private final Set<UUID> warnedBlocked = new HashSet<>();

  public AlarmEngine(
      InventorySource source,
      AlarmStore store,
      SubscriptionStore alarmSubscriptions,
      AlarmCatalog catalog,
      AlarmMetrics metrics,
      com.fasterxml.jackson.databind.ObjectMapper mapper,
      Clock clock) {
    this.source = source;
    this.store = store;
    this.evaluator = new AlarmEvaluator(catalog);
    this.notifier =
        new AlarmNotifier(
            store,
            alarmSubscriptions,
            catalog,
            new AlarmJson(mapper),
            () -> source.snapshot().oCloud().globalCloudId(),
            metrics,
            clock);
    this.metrics = metrics;
    this.clock = clock;
    this.sweepInterval = catalog.settings().sweepInterval();
  }

  @Override
  public void run(long fencingToken, NotificationOutbox outbox) {
    Instant now = clock.instant();
    if (source.readiness().ready()) {
      evaluate(now);
    }
    if (!now.isBefore(lastSweep.plus(sweepInterval))) {
      sweep(now);
    }
    notifier.notify(fencingToken, outbox);
  }

  private void evaluate(Instant now) {
    List<AlarmEventRecord> records = store.list();
    List<AlarmEventRecord> active = records.stream().filter(AlarmEventRecord::active).toList();
    AlarmEvaluator.Outcome outcome = evaluator.evaluate(source.nodeHealth(), active, now);
    if (outcome.isEmpty()) {
      metrics.active(records);
      return;
    }
    for (AlarmEventRecord r : outcome.raised()) {
      if (!store.create(r)) {
        blocked(r);
      }
    }
    for (Map.Entry<AlarmEventRecord, AlarmEventRecord> u : outcome.updated().entrySet()) {
      if (!store.replace(u.getKey(), u.getValue())) {
        LOG.debug(
            "alarm {} changed meanwhile (acknowledged?); re-evaluated on the next pass",
            u.getKey().alarmEventRecordId());
      }
    }
    metrics.active(store.list());
  }

  /**
   * A raise refused because a record with its id exists. Usually another pass or replica raised it
   * first; but when that record is cleared, the condition holds again under the same {@code
   * lastTransitionTime} (the alarm was turned off and on again, or the node left the health view
   * and came back) and, since the id derives from that time and a cleared record never changes
   * again, no record can be raised until the condition transitions again or the cleared record is
   * purged. That is said once per record, as a warning: it is an alarm the SMO is not told about.
   */
  private void blocked(AlarmEventRecord refused) {
    UUID id = refused.alarmEventRecordId();
    Optional<AlarmEventRecord> existing = store.get(id);
    if (existing.isEmpty() || existing.get().active()) {
      LOG.debug("alarm {} exists already; not raised again", id);
      return;
    }
    if (warnedBlocked.add(id)) {
      LOG.warn(
          "{} holds again on node {} but its record {} was cleared at {} ({}) for the same"
              + " condition (same lastTransitionTime), and a cleared record never changes: no"
              + " alarm is raised until the condition transitions again or the record is purged"
              + " after the retention period",
          AlarmCatalog.alarmName(refused),
          refused.extensions().get("nodeName"),
          id,
          existing.get().alarmClearedTime().orElse("?"),
          existing.get().extensions().getOrDefault("clearReason", "?"));
    }
  }

  private void sweep(Instant now) {
    lastSweep = now;
    int days = store.configuration().retentionPeriod();
    int purged = store.purgeClearedBefore(now.minus(Duration.ofDays(days)));
    warnedBlocked.removeIf(id -> store.get(id).isEmpty());
    if (purged > 0) {
      LOG.info("purged {} cleared alarm records older than {} days", purged, days);
    }
  }

  @Override
  public String toString() {
    return "alarms";
  }
}
