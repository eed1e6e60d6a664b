package io.netweave.o2ims.k8s.internal;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.spi.NodeHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the O2 view uses of a Node, read once at the adapter's edge: nothing else of the Kubernetes
 * object (heartbeats, images, managed fields) is kept. Immutable. Its maps are frozen JSON objects
 * ({@link InventoryObject#freezeJson}) in key order, so the node's resource record carries these
 * very maps rather than copies of them.
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
    labels = frozen(labels);
    annotations = frozen(annotations);
    providerId = Objects.requireNonNullElse(providerId, "");
    capacity = frozen(capacity);
    allocatable = frozen(allocatable);
    nodeInfo = frozen(nodeInfo);
    conditions = frozen(conditions);
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

  /**
   * Reads a Node, keeping only the annotations of the allow-list; strings and the values nodes
   * commonly share (capacity, allocatable, system info, condition statuses) are interned.
   */
  public static NodeFacts of(V1Node node, Set<String> annotationAllowList, ValueInterner in) {
    V1ObjectMeta meta = Objects.requireNonNull(node.getMetadata(), "metadata");
    V1NodeSpec spec = node.getSpec() == null ? new V1NodeSpec() : node.getSpec();
    V1NodeStatus status = node.getStatus() == null ? new V1NodeStatus() : node.getStatus();
    Map<String, String> info = new TreeMap<>();
    V1NodeSystemInfo si = status.getNodeInfo();
    if (si != null) {
      putIfSet(info, "kubeletVersion", si.getKubeletVersion(), in);
      putIfSet(info, "osImage", si.getOsImage(), in);
      putIfSet(info, "kernelVersion", si.getKernelVersion(), in);
      putIfSet(info, "containerRuntimeVersion", si.getContainerRuntimeVersion(), in);
      putIfSet(info, "architecture", si.getArchitecture(), in);
      putIfSet(info, "operatingSystem", si.getOperatingSystem(), in);
    }
    Map<String, String> conditions = new TreeMap<>();
    List<NodeHealth.Condition> details = new ArrayList<>();
    if (status.getConditions() != null) {
      for (V1NodeCondition c : status.getConditions()) {
        if (c.getType() != null) {
          String type = in.string(c.getType());
          String s = in.string(Objects.requireNonNullElse(c.getStatus(), "Unknown"));
          conditions.put(type, s);
          details.add(
              new NodeHealth.Condition(
                  type,
                  s,
                  in.string(c.getReason()),
                  in.string(c.getMessage()),
                  Optional.ofNullable(c.getLastTransitionTime()).map(t -> t.toInstant())));
        }
      }
    }
    Map<String, String> labels = new TreeMap<>();
    if (meta.getLabels() != null) {
      meta.getLabels().forEach((k, v) -> labels.put(in.string(k), in.string(v)));
    }
    Map<String, String> annotations = new TreeMap<>();
    if (meta.getAnnotations() != null && !annotationAllowList.isEmpty()) {
      meta.getAnnotations()
          .forEach(
              (k, v) -> {
                if (annotationAllowList.contains(k)) {
                  annotations.put(in.string(k), in.string(v));
                }
              });
    }
    String name = in.string(meta.getName());
    return new NodeFacts(
        in.string(Objects.requireNonNullElse(meta.getUid(), name)),
        name,
        labels,
        annotations,
        in.string(spec.getProviderID()),
        Boolean.TRUE.equals(spec.getUnschedulable()),
        in.value(frozen(quantities(status.getCapacity(), in))),
        in.value(frozen(quantities(status.getAllocatable(), in))),
        in.value(frozen(info)),
        in.value(frozen(conditions)),
        details);
  }

  public boolean ready() {
    return "True".equals(conditions.get("Ready"));
  }

  private static Map<String, String> quantities(Map<String, Quantity> source, ValueInterner in) {
    Map<String, String> out = new TreeMap<>();
    if (source != null) {
      source.forEach(
          (k, v) -> {
            if (v != null) { // a malformed quantity, left out by LenientCalls
              out.put(in.string(k), in.string(v.toSuffixedString()));
            }
          });
    }
    return out;
  }

  private static void putIfSet(
      Map<String, String> map, String key, String value, ValueInterner in) {
    if (value != null && !value.isEmpty()) {
      map.put(key, in.string(value));
    }
  }

  /** A frozen JSON object in key order; a map that already is one is returned as it is. */
  private static Map<String, String> frozen(Map<String, String> source) {
    if (source == null || source.isEmpty()) {
      return Map.of();
    }
    String previous = null;
    for (String key : source.keySet()) {
      if (key == null || (previous != null && previous.compareTo(key) >= 0)) {
        return strings(InventoryObject.freezeJson(new TreeMap<>(source)));
      }
      previous = key;
    }
    return strings(InventoryObject.freezeJson(source));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> strings(Map<String, ?> frozenOfStrings) {
    return (Map<String, String>) frozenOfStrings;
  }
}
