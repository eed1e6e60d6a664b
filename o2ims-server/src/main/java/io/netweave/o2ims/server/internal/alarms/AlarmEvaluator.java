package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmIds;
import io.netweave.o2ims.model.NodeAlarm;
import io.netweave.o2ims.model.spi.NodeHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decides which alarm records to raise, change and clear from the nodes' health and the active
 * records.
 *
 * <p>Design note: evaluation is state-based, never event-based. Each pass compares what the
 * conditions say now with the active records, so a missed informer event, a relist or a restart
 * (conditions that changed while the gateway was down) all converge to one raise or one clear.
 * Debounce counts from the condition's {@code lastTransitionTime} (from when this evaluator first
 * saw the condition when the node gives none or a time ahead of ours, and from the first sight of a
 * cordon), against the injected clock, so it survives restarts and tests advance a fake clock. An
 * active record is matched to its alarm by (resource, alarm name), not by id, so a record raised
 * before a restart is found again whatever times the node reports now. Heartbeats are not part of
 * {@link NodeHealth}, so they never change a record.
 *
 * <p>A pass is proportional to what changed, not to the O-Cloud: it decides only the nodes whose
 * health record changed since the previous pass (compared by reference: sources keep a node's
 * record while its health is unchanged, and hand the same map while nothing changed), those with a
 * condition that held in the previous pass, and those with an active record; every other node holds
 * no condition and has no record, so its outcome cannot have changed. The first pass decides every
 * node. Confined to the producer thread; not thread-safe.
 */
final class AlarmEvaluator {
  /** Writes that bring the records in line with the conditions. */
  record Outcome(List<AlarmEventRecord> raised, Map<AlarmEventRecord, AlarmEventRecord> updated) {
    boolean isEmpty() {
      return raised.isEmpty() && updated.isEmpty();
    }
  }

  private record Key(UUID resourceId, String alarmName) {}

  private final AlarmCatalog catalog;
  private final Map<Key, Instant> firstSeen = new HashMap<>();
  // the health map of the previous pass, and the nodes with a condition that held in it
  private Map<UUID, NodeHealth> seen;
  private Set<UUID> attention = Set.of();

  AlarmEvaluator(AlarmCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * @param health every node's health (a complete view: a node absent here was deleted)
   * @param active the active records
   */
  Outcome evaluate(Map<UUID, NodeHealth> health, List<AlarmEventRecord> active, Instant now) {
    Map<Key, AlarmEventRecord> byKey = new HashMap<>();
    for (AlarmEventRecord r : active) {
      byKey.put(new Key(r.resourceID(), AlarmCatalog.alarmName(r)), r);
    }
    List<AlarmEventRecord> raised = new ArrayList<>();
    Map<AlarmEventRecord, AlarmEventRecord> updated = new LinkedHashMap<>();
    Set<Key> holding = new HashSet<>();
    Set<UUID> held = new HashSet<>();
    for (UUID id : toEvaluate(health, active)) {
      NodeHealth node = health.get(id);
      if (node == null) {
        continue; // deleted: its records are orphans below
      }
      for (NodeAlarm alarm : NodeAlarm.values()) {
        Key key = new Key(node.resourceId(), alarm.alarmName());
        Optional<NodeHealth.Condition> condition = condition(node, alarm);
        boolean holds =
            catalog.rule(alarm).enabled()
                && condition.filter(c -> c.status().equals(alarm.raisedWhen())).isPresent();
        AlarmEventRecord existing = byKey.remove(key);
        if (!holds) {
          firstSeen.remove(key);
          if (existing != null) {
            String reason = catalog.rule(alarm).enabled() ? "conditionRecovered" : "alarmDisabled";
            updated.put(existing, catalog.cleared(existing, now, reason, condition));
          }
          continue;
        }
        holding.add(key);
        held.add(id);
        NodeHealth.Condition c = condition.get();
        if (existing != null) {
          catalog
              .refreshed(existing, node, alarm, c, now)
              .ifPresent(next -> updated.put(existing, next));
          continue;
        }
        Instant since =
            c.lastTransitionTime().orElseGet(() -> firstSeen.computeIfAbsent(key, k -> now));
        // a node clock ahead of ours must not hold an alarm back beyond its debounce
        Instant counted = since.isAfter(now) ? firstSeen.computeIfAbsent(key, k -> now) : since;
        if (!now.isBefore(counted.plus(catalog.rule(alarm).debounce()))) {
          UUID recordId = AlarmIds.record(node.nodeUid(), alarm.alarmName(), since);
          raised.add(catalog.raised(recordId, node, alarm, c, now));
        }
      }
    }
    // every key of firstSeen is a held condition of the previous pass, so its node was evaluated
    firstSeen.keySet().retainAll(holding);
    for (AlarmEventRecord orphan : byKey.values()) {
      boolean nodeGone = !health.containsKey(orphan.resourceID());
      updated.put(
          orphan,
          catalog.cleared(
              orphan, now, nodeGone ? "resourceDeleted" : "alarmDisabled", Optional.empty()));
    }
    // only once the pass has decided: a pass that failed leaves the next one the same work
    seen = health;
    attention = held;
    return new Outcome(List.copyOf(raised), updated);
  }

  /**
   * The nodes whose alarms this pass must decide: those whose health is not the very record the
   * previous pass saw (all of them on the first pass), those with a condition that held then
   * (raised, or waiting for its debounce: time alone may change their outcome), and those with an
   * active record (which an acknowledgement or another replica may have written). Every other
   * node's outcome is the previous pass's: nothing holds and nothing is recorded.
   */
  private Collection<UUID> toEvaluate(Map<UUID, NodeHealth> health, List<AlarmEventRecord> active) {
    Map<UUID, NodeHealth> before = seen;
    if (before == null) {
      return health.keySet();
    }
    Set<UUID> ids = new HashSet<>(attention);
    for (AlarmEventRecord r : active) {
      ids.add(r.resourceID());
    }
    if (health != before) {
      // the sources keep a node's record while its health is unchanged: compare references
      health.forEach(
          (id, node) -> {
            if (before.get(id) != node) {
              ids.add(id);
            }
          });
    }
    return ids;
  }

  private static Optional<NodeHealth.Condition> condition(NodeHealth node, NodeAlarm alarm) {
    if (alarm == NodeAlarm.NODE_UNSCHEDULABLE) {
      return Optional.of(
          new NodeHealth.Condition(
              NodeAlarm.UNSCHEDULABLE,
              node.unschedulableSince().isPresent() ? "True" : "False",
              node.unschedulableSince().isPresent() ? "Cordoned" : "",
              node.unschedulableSince().isPresent() ? "spec.unschedulable is true" : "",
              node.unschedulableSince()));
    }
    return node.condition(alarm.conditionType());
  }
}
