package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.model.AlarmDefinition;
import io.netweave.o2ims.model.AlarmDictionary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The alarm dictionary of node flavours: one alarm per node condition that signals trouble. */
final class NodeAlarms {
  private record Alarm(
      String name, String condition, String raisedWhen, String description, String repair) {}

  private static final List<Alarm> ALARMS =
      List.of(
          new Alarm(
              "NotReady",
              "Ready",
              "False or Unknown",
              "The node's kubelet reports it is not ready to run pods, or stopped reporting.",
              "Check the kubelet, the container runtime and the node's network; drain and"
                  + " replace the node if it does not recover."),
          new Alarm(
              "MemoryPressure",
              "MemoryPressure",
              "True",
              "The node is low on memory; pods may be evicted.",
              "Reduce the memory requests scheduled on the node or add memory."),
          new Alarm(
              "DiskPressure",
              "DiskPressure",
              "True",
              "The node is low on disk space; pods may be evicted.",
              "Free disk space (images, logs) or grow the node's disks."),
          new Alarm(
              "PIDPressure",
              "PIDPressure",
              "True",
              "The node is running out of process ids.",
              "Find runaway processes or raise the node's pid limit."),
          new Alarm(
              "NetworkUnavailable",
              "NetworkUnavailable",
              "True",
              "The node's network is not correctly configured.",
              "Check the CNI plugin and routes of the node."));

  private NodeAlarms() {}

  static AlarmDictionary dictionary(O2Ids ids, UUID resourceTypeId, String vendor) {
    List<AlarmDefinition> definitions = new ArrayList<>();
    for (Alarm a : ALARMS) {
      definitions.add(
          new AlarmDefinition(
              ids.alarmDefinition(resourceTypeId, a.name()),
              a.name(),
              "1.0",
              AlarmDefinition.ChangeType.ADDED,
              a.description(),
              a.repair(),
              AlarmDefinition.ClearingType.AUTOMATIC,
              List.of("O2IMS"),
              List.of("alarmEventRecordId", "resourceId", "alarmDefinitionId"),
              Map.of("nodeCondition", a.condition(), "raisedWhen", a.raisedWhen())));
    }
    return new AlarmDictionary(
        ids.alarmDictionary(resourceTypeId),
        "1.0",
        "1.0",
        "Node",
        vendor,
        List.of("O2IMS"),
        List.of("alarmEventRecordId", "resourceId", "alarmDefinitionId"),
        definitions);
  }
}
