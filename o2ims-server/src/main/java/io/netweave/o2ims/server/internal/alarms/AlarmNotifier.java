package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.AlarmEventNotification;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.AlarmSubscription;
import io.netweave.o2ims.model.NameBasedUuid;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.AlarmStore;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns alarm record transitions into stored alarm notifications, one per event and matching alarm
 * subscription.
 *
 * <p>Design note: like inventory notifications, events are derived from a notified baseline kept in
 * the outbox (keys {@code alarm/<recordId>}, the record as last notified), never from the writes
 * themselves. A pass compares every record in the alarm store with the baseline and appends the
 * events it owes plus the baseline update in one fenced outbox write. So a record written by the
 * producer's evaluation, or acknowledged by any replica's API, is notified exactly once per
 * subscription: a crash between the record write and the append is caught up on the next pass (the
 * record still differs from the baseline), a pass that already appended finds nothing more to say,
 * and a deposed producer's append is refused by the fencing token. Several transitions of one
 * record between two passes are notified in lifecycle order (NEW, CHANGE, ACKNOWLEDGE, CLEAR); the
 * events of different records in one pass in the order of their times (see {@link #batches}), so a
 * subscriber hears them in the order they happened, whatever the record ids. CHANGE is only owed
 * while the notified record was active and unacknowledged (a condition's message alone does not
 * change a record: {@code AlarmCatalog.refreshed}). An event goes only to subscriptions created
 * before it happened. Purged records leave the baseline silently. Confined to the producer thread;
 * not thread-safe.
 */
final class AlarmNotifier {
  static final String KEY_PREFIX = "alarm/";
  private static final Logger LOG = LoggerFactory.getLogger(AlarmNotifier.class);
  private static final UUID NAMESPACE = UUID.fromString("1f0b6a3e-58c4-4c53-9a0e-3b7d8e2f6a10");
  private static final int CHUNK = 100;

  /**
   * One event of a record: its type, the record as the event leaves it, when, and the record as the
   * subscribers last heard of it (null for a NEW), which filters also see.
   */
  private record Event(
      AlarmEventType type, AlarmEventRecord record, Instant at, AlarmEventRecord prior) {}

  private record Target(StoredSubscription stored, AlarmFilter filter) {}

  /** One outbox write: the records whose baseline it updates and their events, in order. */
  private record Batch(List<AlarmEventRecord> records, List<Event> events) {}

  /** The order of events of different records at the same instant. */
  private static final List<AlarmEventType> TIE_RANK =
      List.of(
          AlarmEventType.CLEAR,
          AlarmEventType.CHANGE,
          AlarmEventType.ACKNOWLEDGE,
          AlarmEventType.NEW);

  private final AlarmStore store;
  private final SubscriptionStore subscriptions;
  private final AlarmCatalog catalog;
  private final AlarmJson json;
  private final AlarmRecordCodec codec = new AlarmRecordCodec();
  private final Supplier<UUID> globalCloudId;
  private final AlarmMetrics metrics;
  private final Clock clock;
  private final boolean specLiteral;
  private final Map<String, AlarmFilter> filters = new HashMap<>();
  private Map<UUID, AlarmEventRecord> notified = new HashMap<>();
  private long term = Long.MIN_VALUE;
  private long seenRevision = Long.MIN_VALUE;

  AlarmNotifier(
      AlarmStore store,
      SubscriptionStore subscriptions,
      AlarmCatalog catalog,
      AlarmJson json,
      Supplier<UUID> globalCloudId,
      AlarmMetrics metrics,
      Clock clock) {
    this.store = store;
    this.subscriptions = subscriptions;
    this.catalog = catalog;
    this.json = json;
    this.globalCloudId = globalCloudId;
    this.metrics = metrics;
    this.clock = clock;
    this.specLiteral = catalog.settings().specLiteralFilters();
  }

  /**
   * Appends what the records owe subscribers since the baseline.
   *
   * @throws io.netweave.o2ims.server.spi.StaleProducerException if another producer took over
   */
  void notify(long token, NotificationOutbox outbox) {
    boolean newTerm = token != term;
    if (newTerm) {
      Map<UUID, AlarmEventRecord> loaded = new HashMap<>();
      outbox
          .baseline()
          .forEach(
              (key, text) -> {
                if (key.startsWith(KEY_PREFIX)) {
                  AlarmEventRecord r = codec.decode(text);
                  loaded.put(r.alarmEventRecordId(), r);
                }
              });
      notified = loaded;
      term = token;
    }
    long revision = store.revision();
    if (!newTerm && revision == seenRevision) {
      return;
    }
    List<AlarmEventRecord> records = store.list();
    List<Target> targets = targets();
    Set<UUID> present = new HashSet<>();
    List<AlarmEventRecord> changed = new ArrayList<>();
    for (AlarmEventRecord r : records) {
      present.add(r.alarmEventRecordId());
      if (!r.equals(notified.get(r.alarmEventRecordId()))) {
        changed.add(r);
      }
    }
    Set<UUID> purged = new HashSet<>(notified.keySet());
    purged.removeAll(present);
    for (Batch batch : batches(changed)) {
      write(token, outbox, batch, targets);
    }
    if (!purged.isEmpty()) {
      Set<String> removals = new HashSet<>();
      purged.forEach(id -> removals.add(KEY_PREFIX + id));
      append(outbox, new OutboxBatch(token, List.of(), Map.of(), removals));
      notified.keySet().removeAll(purged);
    }
    seenRevision = revision;
  }

  /**
   * The changed records' events in the order they happened, cut into outbox writes of about {@link
   * #CHUNK} records. Each record's own events keep their lifecycle order (NEW, CHANGE, ACKNOWLEDGE,
   * CLEAR); across records, the earliest pending event goes first, and events at the same instant
   * go CLEAR, CHANGE, ACKNOWLEDGE, NEW (what ends before what begins: a node whose Ready condition
   * went from False to Unknown is heard leaving NodeNotReady before entering NodeUnreachable), then
   * by record id. A record's events and its baseline update are always in one write, so a write
   * that fails leaves the record wholly to the next pass; a write ends only where no record has
   * events left for a later one. Records that changed without an event (a change after the
   * acknowledgement) only update the baseline, in writes of their own before those.
   */
  private List<Batch> batches(List<AlarmEventRecord> changed) {
    PriorityQueue<ArrayDeque<Event>> heads =
        new PriorityQueue<>(
            Comparator.comparing((ArrayDeque<Event> q) -> q.peek().at())
                .thenComparingInt(q -> TIE_RANK.indexOf(q.peek().type()))
                .thenComparing(q -> q.peek().record().alarmEventRecordId().toString()));
    List<AlarmEventRecord> quiet = new ArrayList<>();
    Map<UUID, AlarmEventRecord> byId = new HashMap<>();
    for (AlarmEventRecord r : changed) {
      List<Event> events = events(notified.get(r.alarmEventRecordId()), r);
      if (events.isEmpty()) {
        quiet.add(r);
      } else {
        byId.put(r.alarmEventRecordId(), r);
        heads.add(new ArrayDeque<>(events));
      }
    }
    List<Batch> batches = new ArrayList<>();
    for (int from = 0; from < quiet.size(); from += CHUNK) {
      batches.add(new Batch(quiet.subList(from, Math.min(quiet.size(), from + CHUNK)), List.of()));
    }
    Batch batch = new Batch(new ArrayList<>(), new ArrayList<>());
    Set<UUID> started = new HashSet<>();
    int open = 0;
    while (!heads.isEmpty()) {
      ArrayDeque<Event> q = heads.poll();
      Event e = q.poll();
      if (started.add(e.record().alarmEventRecordId())) {
        open++;
      }
      batch.events().add(e);
      if (q.isEmpty()) {
        open--;
        batch.records().add(byId.get(e.record().alarmEventRecordId()));
        if (open == 0 && batch.records().size() >= CHUNK) {
          batches.add(batch);
          batch = new Batch(new ArrayList<>(), new ArrayList<>());
          started.clear();
        }
      } else {
        heads.add(q);
      }
    }
    if (!batch.records().isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  private void write(long token, NotificationOutbox outbox, Batch batch, List<Target> targets) {
    Instant now = clock.instant();
    List<NewNotification> notes = new ArrayList<>();
    Map<String, String> puts = new HashMap<>();
    UUID cloud = globalCloudId.get();
    for (AlarmEventRecord r : batch.records()) {
      puts.put(KEY_PREFIX + r.alarmEventRecordId(), codec.encode(r));
    }
    for (Event e : batch.events()) {
      UUID recordId = e.record().alarmEventRecordId();
      UUID notificationId =
          NameBasedUuid.v5(NAMESPACE, recordId + "|" + e.type().code() + "|" + e.at());
      com.fasterxml.jackson.databind.node.ObjectNode view = json.eventView(e.record(), e.type());
      com.fasterxml.jackson.databind.node.ObjectNode priorView =
          e.prior() == null ? null : json.eventView(e.prior(), e.type());
      for (Target t : targets) {
        if (t.stored().createdAt().isAfter(e.at()) || !selects(t.filter(), view, priorView)) {
          continue;
        }
        Subscription s = t.stored().subscription();
        String body =
            codec.text(
                AlarmEventNotification.of(notificationId, cloud, view(s), e.type(), e.record()));
        notes.add(new NewNotification(s.subscriptionId(), notificationId, body, now));
      }
    }
    append(outbox, new OutboxBatch(token, notes, puts, Set.of()));
    for (AlarmEventRecord r : batch.records()) {
      notified.put(r.alarmEventRecordId(), r);
    }
    batch.events().forEach(e -> metrics.event(e.type()));
    metrics.notifications.inc(notes.size());
    if (!batch.events().isEmpty()) {
      LOG.debug("{} alarm events, {} notifications stored", batch.events().size(), notes.size());
    }
  }

  /**
   * A failed write may still have been stored (a lost reply, too few replicas for {@code WAIT}):
   * the next pass re-reads the notified baseline rather than trust this copy, so it neither
   * notifies an event twice nor skips one.
   */
  private void append(NotificationOutbox outbox, OutboxBatch batch) {
    try {
      outbox.append(batch);
    } catch (RuntimeException e) {
      term = Long.MIN_VALUE;
      throw e;
    }
  }

  /**
   * Whether a subscription's filter selects an event: it matches the record as the event leaves it
   * or as the subscriber last heard of it (both seen with the event's type). So a filter on a
   * record's state also hears the event that takes the record out of that state: the CLEAR of a
   * critical alarm (whose cleared record has severity CLEARED) reaches {@code
   * (eq,perceivedSeverity,0)}, as a delete reaches an inventory filter through the object's prior
   * state. In the spec-literal reading an event is suppressed when the filter matches either.
   */
  private boolean selects(
      AlarmFilter filter,
      com.fasterxml.jackson.databind.JsonNode view,
      com.fasterxml.jackson.databind.JsonNode priorView) {
    if (filter.isAll()) {
      return true;
    }
    boolean matches = filter.matches(view) || (priorView != null && filter.matches(priorView));
    return specLiteral != matches;
  }

  /** The events a record owes given what was last notified of it, in lifecycle order. */
  private List<Event> events(AlarmEventRecord before, AlarmEventRecord now) {
    List<Event> events = new ArrayList<>();
    AlarmEventRecord prior = before;
    if (before == null) {
      AlarmEventRecord raised =
          now.active()
              ? now
              : new AlarmEventRecord(
                  now.alarmEventRecordId(),
                  now.resourceTypeID(),
                  now.resourceID(),
                  now.alarmDefinitionID(),
                  now.probableCauseID(),
                  now.alarmRaisedTime(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  false,
                  catalog.raisedSeverity(now),
                  now.extensions());
      events.add(new Event(AlarmEventType.NEW, raised, instant(now.alarmRaisedTime()), null));
      prior = raised;
    } else if (before.active()
        && now.active()
        && !before.alarmAcknowledged()
        && (before.perceivedSeverity() != now.perceivedSeverity()
            || !before.extensions().equals(now.extensions()))) {
      events.add(
          new Event(
              AlarmEventType.CHANGE,
              now,
              instant(now.alarmChangedTime().orElse(now.alarmRaisedTime())),
              prior));
    }
    boolean wasAcknowledged = before != null && before.alarmAcknowledged();
    if (now.alarmAcknowledged() && !wasAcknowledged) {
      events.add(
          new Event(
              AlarmEventType.ACKNOWLEDGE,
              now,
              instant(now.alarmAcknowledgedTime().orElseThrow()),
              prior));
    }
    boolean wasActive = before == null || before.active();
    if (!now.active() && wasActive) {
      events.add(
          new Event(
              AlarmEventType.CLEAR, now, instant(now.alarmClearedTime().orElseThrow()), prior));
    }
    return events;
  }

  private List<Target> targets() {
    {
      List<Target> t = new ArrayList<>();
      Map<String, AlarmFilter> kept = new HashMap<>();
      for (StoredSubscription s : subscriptions.list()) {
        String text = s.subscription().filter().orElse("");
        try {
          AlarmFilter f = filters.containsKey(text) ? filters.get(text) : AlarmFilter.stored(text);
          kept.put(text, f);
          t.add(new Target(s, f));
        } catch (IllegalArgumentException e) {
          LOG.error(
              "alarm subscription {} has a filter that does not parse; it receives nothing: {}",
              s.subscription().subscriptionId(),
              e.getMessage());
        }
      }
      filters.clear();
      filters.putAll(kept);
      return t;
    }
  }

  private static Instant instant(String time) {
    return AlarmEventRecord.instant(time);
  }

  /** The subscription's API view (its consumer id as the SMO sent it). */
  static AlarmSubscription view(Subscription s) {
    return new AlarmSubscription(
        s.subscriptionId(),
        s.consumerSubscriptionId(),
        s.filter(),
        s.callback(),
        s.consumerSubscriptionIdText());
  }
}
