package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmIds;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.notify.ProducerStep;
import io.netweave.o2ims.server.spi.AlarmStore;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private static final int MAX_HOPS = 16;

  private final InventorySource source;
  private final AlarmStore store;
  private final AlarmEvaluator evaluator;
  private final AlarmNotifier notifier;
  private final AlarmMetrics metrics;
  private final Clock clock;
  private final Duration sweepInterval;
  private Instant lastSweep = Instant.MIN;
  private int sweptRetention = -1;

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
    // a retention period changed through the API (on any replica) is applied at once, not only
    // at the next periodic sweep: an SMO that shortens it sees the older cleared records go
    int retention = store.configuration().retentionPeriod();
    if (retention != sweptRetention || !now.isBefore(lastSweep.plus(sweepInterval))) {
      sweep(now, retention);
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
      raise(r);
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
   * Stores a raised record under the first id of its chain that holds no cleared record. The
   * evaluator names it by the condition's {@code lastTransitionTime}; when the condition holds
   * again without a new transition (the alarm turned off, which cleared it, and on again; the node
   * gone and back with the same conditions), that id is a cleared record's, which never changes, so
   * the new record takes {@link AlarmIds#recordAfter} of it, and so on. Every replica reading the
   * same store derives the same id, and {@link AlarmStore#create} (add only) keeps two producers
   * from storing it twice. An active record under a chain id is this alarm raised already (by an
   * earlier pass or another producer): nothing is written.
   */
  private void raise(AlarmEventRecord raised) {
    AlarmEventRecord r = raised;
    for (int hops = 0; !store.create(r); hops++) {
      UUID id = r.alarmEventRecordId();
      Optional<AlarmEventRecord> existing = store.get(id);
      if (existing.isPresent() && existing.get().active()) {
        LOG.debug("alarm {} exists already; not raised again", id);
        return;
      }
      if (existing.isPresent()) {
        r = r.toBuilder().alarmEventRecordId(AlarmIds.recordAfter(id)).build();
      } else if (hops > MAX_HOPS) {
        // purged between create and get, again and again: leave it to the next pass
        return;
      }
    }
    if (!r.alarmEventRecordId().equals(raised.alarmEventRecordId())) {
      LOG.info(
          "{} holds again on node {} without a new transition; raised as {} (the record {} for"
              + " the same lastTransitionTime is cleared)",
          AlarmCatalog.alarmName(r),
          r.extensions().get("nodeName"),
          r.alarmEventRecordId(),
          raised.alarmEventRecordId());
    }
  }

  private void sweep(Instant now, int days) {
    lastSweep = now;
    sweptRetention = days;
    int purged = store.purgeClearedBefore(now.minus(Duration.ofDays(days)));
    if (purged > 0) {
      LOG.info("purged {} cleared alarm records older than {} days", purged, days);
    }
  }

  @Override
  public String toString() {
    return "alarms";
  }
}
