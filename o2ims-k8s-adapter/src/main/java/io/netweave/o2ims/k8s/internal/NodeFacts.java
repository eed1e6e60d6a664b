package io.netweave.o2ims.k8s.internal;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.netweave.o2ims.model.spi.NodeHealth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the O2 view uses of a Node, read once at the adapter's edge: nothing else of the Kubernetes
 * object (heartbeats, images, managed fields) is kept. Immutable.
 */
public record NodeFacts(
    String uid,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    String providerId,
    boolean unschedulable,
    Map<String, String> capacity,
    Map<String, String> allocatable,
    Map<String, String> nodeInfo,
    Map<String, String> conditions,
    List<NodeHealth.Condition> conditionDetails) {

  public NodeFacts {
    conditionDetails = List.copyOf(conditionDetails);
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(name, "name");
    labels = sorted(labels);
    annotations = sorted(annotations);
    providerId = Objects.requireNonNullElse(providerId, "");
    capacity = sorted(capacity);
    allocatable = sorted(allocatable);
    nodeInfo = sorted(nodeInfo);
    conditions = sorted(conditions);
  }

  /** Facts without condition details (reasons, messages, transition times). */
  public NodeFacts(
      String uid,
      String name,
      Map<String, String> labels,
      Map<String, String> annotations,
      String providerId,
      boolean unschedulable,
      Map<String, String> capacity,
      Map<String, String> allocatable,
      Map<String, String> nodeInfo,
      Map<String, String> conditions) {
    this(
        uid,
        name,
        labels,
        annotations,
        providerId,
        unschedulable,
        capacity,
        allocatable,
        nodeInfo,
        conditions,
        List.of());
  }

  /** Reads a (possibly trimmed) Node. */
  public static NodeFacts of(V1Node node) {
    V1ObjectMeta meta = Objects.requireNonNull(node.getMetadata(), "metadata");
    V1NodeSpec spec = node.getSpec() == null ? new V1NodeSpec() : node.getSpec();
    V1NodeStatus status = node.getStatus() == null ? new V1NodeStatus() : node.getStatus();
    Map<String, String> info = new TreeMap<>();
    V1NodeSystemInfo si = status.getNodeInfo();
    if (si != null) {
      putIfSet(info, "kubeletVersion", si.getKubeletVersion());
      putIfSet(info, "osImage", si.getOsImage());
      putIfSet(info, "kernelVersion", si.getKernelVersion());
      putIfSet(info, "containerRuntimeVersion", si.getContainerRuntimeVersion());
      putIfSet(info, "architecture", si.getArchitecture());
      putIfSet(info, "operatingSystem", si.getOperatingSystem());
    }
    Map<String, String> conditions = new TreeMap<>();
    List<NodeHealth.Condition> details = new ArrayList<>();
    if (status.getConditions() != null) {
      for (V1NodeCondition c : status.getConditions()) {
        if (c.getType() != null) {
          String s = Objects.requireNonNullElse(c.getStatus(), "Unknown");
          conditions.put(c.getType(), s);
          details.add(
              new NodeHealth.Condition(
                  c.getType(),
                  s,
                  c.getReason(),
                  c.getMessage(),
                  Optional.ofNullable(c.getLastTransitionTime()).map(t -> t.toInstant())));
        }
      }
    }
    return new NodeFacts(
        Objects.requireNonNullElse(meta.getUid(), meta.getName()),
        meta.getName(),
        meta.getLabels(),
        meta.getAnnotations(),
        spec.getProviderID(),
        Boolean.TRUE.equals(spec.getUnschedulable()),
        quantities(status.getCapacity()),
        quantities(status.getAllocatable()),
        info,
        conditions,
        details);
  }

  public boolean ready() {
    return "True".equals(conditions.get("Ready"));
  }

  private static Map<String, String> quantities(Map<String, Quantity> source) {
    Map<String, String> out = new TreeMap<>();
    if (source != null) {
      source.forEach((k, v) -> out.put(k, v.toSuffixedString()));
    }
    return out;
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null && !value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static Map<String, String> sorted(Map<String, String> source) {
    return source == null || source.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(source));
  }
}
