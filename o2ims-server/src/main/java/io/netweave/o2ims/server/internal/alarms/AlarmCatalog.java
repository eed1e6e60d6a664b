package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmIds;
import io.netweave.o2ims.model.NodeAlarm;
import io.netweave.o2ims.model.PerceivedSeverity;
import io.netweave.o2ims.model.ProbableCause;
import io.netweave.o2ims.model.spi.NodeHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The node alarms as this gateway raises them: the configured rules, the ids of definitions and
 * probable causes (the same ones the inventory's alarm dictionaries serve), and how a record looks
 * when raised, refreshed and cleared. Immutable and thread-safe; the O-Cloud id is read when needed
 * (it may be learnt after start).
 */
public final class AlarmCatalog {
  static final String ALARM_NAME = "alarmName";
  private static final String MESSAGE = "message";

  private final AlarmSettings settings;
  private final Supplier<UUID> oCloudId;

  public AlarmCatalog(AlarmSettings settings, Supplier<UUID> oCloudId) {
    this.settings = settings;
    this.oCloudId = oCloudId;
  }

  AlarmSettings.Rule rule(NodeAlarm alarm) {
    return settings.rule(alarm);
  }

  AlarmSettings settings() {
    return settings;
  }

  /** The alarm name a record was raised for (kept in its extensions). */
  static String alarmName(AlarmEventRecord record) {
    return String.valueOf(record.extensions().get(ALARM_NAME));
  }

  /** Every probable cause, in definition order. */
  public List<ProbableCause> probableCauses() {
    List<ProbableCause> causes = new ArrayList<>();
    NodeAlarm.probableCauses()
        .forEach(
            (name, description) ->
                causes.add(
                    new ProbableCause(
                        AlarmIds.probableCause(oCloudId.get(), name), name, description)));
    return causes;
  }

  /** The severity an alarm of this record is raised with now. */
  PerceivedSeverity raisedSeverity(AlarmEventRecord record) {
    return NodeAlarm.byName(alarmName(record))
        .map(a -> settings.rule(a).severity())
        .orElse(PerceivedSeverity.INDETERMINATE);
  }

  AlarmEventRecord raised(
      UUID id, NodeHealth node, NodeAlarm alarm, NodeHealth.Condition c, Instant now) {
    UUID dictionary = AlarmIds.dictionary(node.resourceTypeId());
    return AlarmEventRecord.builder()
        .alarmEventRecordId(id)
        .resourceTypeID(node.resourceTypeId())
        .resourceID(node.resourceId())
        .alarmDefinitionID(AlarmIds.definition(dictionary, alarm.alarmName()))
        .probableCauseID(AlarmIds.probableCause(oCloudId.get(), alarm.probableCause()))
        .alarmRaisedTime(now)
        .perceivedSeverity(settings.rule(alarm).severity())
        .extensions(extensions(node, alarm, c))
        .build();
  }

  /** The record brought up to date with the condition, or empty if nothing O2-visible changed. */
  Optional<AlarmEventRecord> refreshed(
      AlarmEventRecord existing,
      NodeHealth node,
      NodeAlarm alarm,
      NodeHealth.Condition c,
      Instant now) {
    Map<String, Object> ext = extensions(node, alarm, c);
    PerceivedSeverity severity = settings.rule(alarm).severity();
    if (severity == existing.perceivedSeverity()
        && withoutMessage(ext).equals(withoutMessage(existing.extensions()))) {
      // Nothing but the condition's message changed: like a heartbeat, no change of the alarm
      // (DECISIONS: "Heartbeats never change an alarm"). kubelet rewrites the Ready message on
      // every node status update (every 10 s by default, patched at once: its change check ignores
      // only heartbeat times) while it reports "PLEG is not healthy: pleg was last seen active
      // 3m10.5s ago; ...", which would otherwise be one CHANGE per such node every 10 s. The
      // record keeps the message it was raised or last changed with; its next change carries the
      // latest one.
      return Optional.empty();
    }
    return Optional.of(
        existing.toBuilder()
            .extensions(ext)
            .perceivedSeverity(severity)
            .alarmChangedTime(now)
            .build());
  }

  AlarmEventRecord cleared(
      AlarmEventRecord existing,
      Instant now,
      String clearReason,
      Optional<NodeHealth.Condition> condition) {
    Map<String, Object> ext = new LinkedHashMap<>(existing.extensions());
    condition.ifPresent(
        c -> {
          ext.put("status", c.status());
          ext.put("reason", c.reason());
          ext.put("message", c.message());
        });
    ext.put("clearReason", clearReason);
    return existing.toBuilder().extensions(ext).alarmChangedTime(now).cleared(now).build();
  }

  private static Map<String, Object> extensions(
      NodeHealth node, NodeAlarm alarm, NodeHealth.Condition c) {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put(ALARM_NAME, alarm.alarmName());
    ext.put("nodeName", node.nodeName());
    ext.put("conditionType", c.type());
    ext.put("status", c.status());
    ext.put("reason", c.reason());
    ext.put("message", c.message());
    c.lastTransitionTime().ifPresent(t -> ext.put("conditionSince", t.toString()));
    return ext;
  }

  /** Extensions but the condition's {@code message}. */
  private static Map<String, Object> withoutMessage(Map<String, Object> extensions) {
    if (!extensions.containsKey(MESSAGE)) {
      return extensions;
    }
    Map<String, Object> rest = new java.util.HashMap<>(extensions);
    rest.remove(MESSAGE);
    return rest;
  }
}
