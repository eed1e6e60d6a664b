package io.netweave.o2ims.k8s.internal;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.TransformFunc;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The node informer's transform: keeps only what the O2 view serves (name, uid, resourceVersion,
 * labels, allowed annotations, providerID, unschedulable, capacity, allocatable, system info and
 * conditions without their heartbeat times: status, reason, message, transition time) so that the
 * informer cache of 10,000 nodes stays small. Managed fields, images, addresses, volumes, taints
 * and heartbeat times are dropped. Stateless, thread-safe.
 */
public final class NodeTrimmer implements TransformFunc {
  private final Set<String> annotationAllowList;

  public NodeTrimmer(Set<String> annotationAllowList) {
    this.annotationAllowList = Set.copyOf(annotationAllowList);
  }

  @Override
  public KubernetesObject transform(KubernetesObject object) {
    if (!(object instanceof V1Node node) || node.getMetadata() == null) {
      return object;
    }
    V1ObjectMeta m = node.getMetadata();
    V1ObjectMeta meta =
        new V1ObjectMeta()
            .name(m.getName())
            .uid(m.getUid())
            .resourceVersion(m.getResourceVersion())
            .labels(m.getLabels());
    if (m.getAnnotations() != null && !annotationAllowList.isEmpty()) {
      Map<String, String> kept = new TreeMap<>();
      m.getAnnotations()
          .forEach(
              (k, v) -> {
                if (annotationAllowList.contains(k)) {
                  kept.put(k, v);
                }
              });
      meta.annotations(kept.isEmpty() ? null : kept);
    }
    V1Node trimmed =
        new V1Node().apiVersion(node.getApiVersion()).kind(node.getKind()).metadata(meta);
    if (node.getSpec() != null) {
      trimmed.spec(
          new V1NodeSpec()
              .providerID(node.getSpec().getProviderID())
              .unschedulable(node.getSpec().getUnschedulable()));
    }
    V1NodeStatus s = node.getStatus();
    if (s != null) {
      V1NodeStatus status =
          new V1NodeStatus().capacity(s.getCapacity()).allocatable(s.getAllocatable());
      V1NodeSystemInfo i = s.getNodeInfo();
      if (i != null) {
        status.nodeInfo(
            new V1NodeSystemInfo()
                .kubeletVersion(i.getKubeletVersion())
                .osImage(i.getOsImage())
                .kernelVersion(i.getKernelVersion())
                .containerRuntimeVersion(i.getContainerRuntimeVersion())
                .architecture(i.getArchitecture())
                .operatingSystem(i.getOperatingSystem()));
      }
      if (s.getConditions() != null) {
        status.conditions(
            s.getConditions().stream()
                .map(
                    c ->
                        new V1NodeCondition()
                            .type(c.getType())
                            .status(c.getStatus())
                            .reason(c.getReason())
                            .message(c.getMessage())
                            .lastTransitionTime(c.getLastTransitionTime()))
                .toList());
      }
      trimmed.status(status);
    }
    return trimmed;
  }
}
