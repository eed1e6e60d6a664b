package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmIds;
import io.netweave.o2ims.model.NodeAlarm;
import io.netweave.o2ims.model.spi.NodeHealth;
import java.time.Instant;
import java.util.ArrayList;
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
 * {@link NodeHealth}, so they never change a record. Confined to the producer thread; not
 * thread-safe.
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
    for (NodeHealth node : health.values()) {
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
          UUID id = AlarmIds.record(node.nodeUid(), alarm.alarmName(), since);
          raised.add(catalog.raised(id, node, alarm, c, now));
        }
      }
    }
    firstSeen.keySet().retainAll(holding);
    for (AlarmEventRecord orphan : byKey.values()) {
      boolean nodeGone = !health.containsKey(orphan.resourceID());
      updated.put(
          orphan,
          catalog.cleared(
              orphan, now, nodeGone ? "resourceDeleted" : "alarmDisabled", Optional.empty()));
    }
    return new Outcome(List.copyOf(raised), updated);
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
