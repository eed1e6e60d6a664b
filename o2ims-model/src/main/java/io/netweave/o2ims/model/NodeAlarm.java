package io.netweave.o2ims.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The alarms a node raises from its conditions (DECISIONS.md "Monitoring (alarms)"), with the
 * defaults the configuration may override per alarm, and the alarm dictionary that describes them
 * for every node resource type. Every definition is AUTOMATIC: the condition's recovery clears it.
 * {@link #NODE_UNSCHEDULABLE} watches {@code spec.unschedulable} (a cordon) instead of a condition.
 */
public enum NodeAlarm {
  NODE_NOT_READY(
      "NodeNotReady",
      "Ready",
      "False",
      PerceivedSeverity.MAJOR,
      Duration.ofSeconds(60),
      true,
      "applicationSubsystemFailure",
      "The node's kubelet reports that the node is not ready to run pods.",
      "Check the kubelet, the container runtime and the node's resources; drain and replace the"
          + " node if it does not recover."),
  NODE_UNREACHABLE(
      "NodeUnreachable",
      "Ready",
      "Unknown",
      PerceivedSeverity.CRITICAL,
      Duration.ZERO,
      true,
      "communicationSubsystemFailure",
      "The node stopped reporting its status to the API server.",
      "Check that the node is running and can reach the API server (network, kubelet)."),
  NODE_MEMORY_PRESSURE(
      "NodeMemoryPressure",
      "MemoryPressure",
      "True",
      PerceivedSeverity.MINOR,
      Duration.ofMinutes(5),
      true,
      "outOfMemory",
      "The node is low on memory; pods may be evicted.",
      "Reduce the memory requests scheduled on the node or add memory."),
  NODE_DISK_PRESSURE(
      "NodeDiskPressure",
      "DiskPressure",
      "True",
      PerceivedSeverity.MINOR,
      Duration.ofMinutes(5),
      true,
      "storageCapacityProblem",
      "The node is low on disk space; pods may be evicted.",
      "Free disk space (images, logs) or grow the node's disks."),
  NODE_PID_PRESSURE(
      "NodePIDPressure",
      "PIDPressure",
      "True",
      PerceivedSeverity.WARNING,
      Duration.ofMinutes(5),
      true,
      "resourceAtOrNearingCapacity",
      "The node is running out of process ids.",
      "Find runaway processes or raise the node's pid limit."),
  NODE_NETWORK_UNAVAILABLE(
      "NodeNetworkUnavailable",
      "NetworkUnavailable",
      "True",
      PerceivedSeverity.MAJOR,
      Duration.ZERO,
      true,
      "communicationSubsystemFailure",
      "The node's network is not correctly configured.",
      "Check the CNI plugin and the routes of the node."),
  NODE_UNSCHEDULABLE(
      "NodeUnschedulable",
      "Unschedulable",
      "True",
      PerceivedSeverity.WARNING,
      Duration.ofMinutes(60),
      false,
      "underlyingResourceUnavailable",
      "The node has been cordoned (unschedulable) for longer than expected.",
      "Finish the maintenance and uncordon the node (kubectl uncordon), or replace it.");

  /** The pseudo condition type under which a cordon is evaluated. */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /** The version of the dictionary, raised whenever a definition changes. */
  public static final String DICTIONARY_VERSION = "2.0";

  private final String alarmName;
  private final String conditionType;
  private final String raisedWhen;
  private final PerceivedSeverity defaultSeverity;
  private final Duration defaultDebounce;
  private final boolean enabledByDefault;
  private final String probableCause;
  private final String description;
  private final String repair;

  NodeAlarm(
      String alarmName,
      String conditionType,
      String raisedWhen,
      PerceivedSeverity defaultSeverity,
      Duration defaultDebounce,
      boolean enabledByDefault,
      String probableCause,
      String description,
      String repair) {
    this.alarmName = alarmName;
    this.conditionType = conditionType;
    this.raisedWhen = raisedWhen;
    this.defaultSeverity = defaultSeverity;
    this.defaultDebounce = defaultDebounce;
    this.enabledByDefault = enabledByDefault;
    this.probableCause = probableCause;
    this.description = description;
    this.repair = repair;
  }

  /** The definition's {@code alarmName}, e.g. {@code NodeNotReady}. */
  public String alarmName() {
    return alarmName;
  }

  /** The node condition type watched ({@link #UNSCHEDULABLE} for a cordon). */
  public String conditionType() {
    return conditionType;
  }

  /** The condition status that raises the alarm ({@code True}, {@code False}, {@code Unknown}). */
  public String raisedWhen() {
    return raisedWhen;
  }

  public PerceivedSeverity defaultSeverity() {
    return defaultSeverity;
  }

  /** How long the condition must hold before the alarm is raised, by default. */
  public Duration defaultDebounce() {
    return defaultDebounce;
  }

  public boolean enabledByDefault() {
    return enabledByDefault;
  }

  /** The X.733 name of the probable cause. */
  public String probableCause() {
    return probableCause;
  }

  public String description() {
    return description;
  }

  /** The configuration key segment of the alarm, e.g. {@code node_not_ready}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The alarm with this {@code alarmName}. */
  public static Optional<NodeAlarm> byName(String alarmName) {
    for (NodeAlarm a : values()) {
      if (a.alarmName.equals(alarmName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** Every probable cause the node alarms use: name to description, in definition order. */
  public static Map<String, String> probableCauses() {
    Map<String, String> causes = new LinkedHashMap<>();
    causes.put("applicationSubsystemFailure", "A software subsystem of the node failed.");
    causes.put(
        "communicationSubsystemFailure", "The node cannot communicate (network or reporting).");
    causes.put("outOfMemory", "The node is out of (or low on) memory.");
    causes.put("storageCapacityProblem", "The node is out of (or low on) disk space.");
    causes.put(
        "resourceAtOrNearingCapacity", "A node resource (such as process ids) is nearly used up.");
    causes.put("underlyingResourceUnavailable", "The node is unavailable for new work (cordoned).");
    return causes;
  }

  /** The definition of this alarm in the dictionary {@code dictionaryId}. */
  public AlarmDefinition definition(UUID oCloudId, UUID dictionaryId) {
    Map<String, Object> additional = new LinkedHashMap<>();
    additional.put("nodeCondition", conditionType);
    additional.put("raisedWhen", raisedWhen);
    additional.put("probableCause", probableCause);
    additional.put("probableCauseId", AlarmIds.probableCause(oCloudId, probableCause).toString());
    return new AlarmDefinition(
        AlarmIds.definition(dictionaryId, alarmName),
        alarmName,
        DICTIONARY_VERSION,
        AlarmDefinition.ChangeType.ADDED,
        description,
        repair,
        AlarmDefinition.ClearingType.AUTOMATIC,
        List.of("O2IMS"),
        List.of("alarmEventRecordId", "resourceTypeID", "resourceID", "alarmDefinitionID"),
        additional);
  }

  /** The alarm dictionary of a node resource type: every node alarm's definition. */
  public static AlarmDictionary dictionary(UUID oCloudId, UUID resourceTypeId, String vendor) {
    UUID id = AlarmIds.dictionary(resourceTypeId);
    List<AlarmDefinition> definitions = new ArrayList<>();
    for (NodeAlarm a : values()) {
      definitions.add(a.definition(oCloudId, id));
    }
    return new AlarmDictionary(
        id,
        DICTIONARY_VERSION,
        "1.0",
        "Node",
        vendor,
        List.of("O2IMS"),
        List.of("alarmEventRecordId", "resourceTypeID", "resourceID", "alarmDefinitionID"),
        definitions);
  }
}
