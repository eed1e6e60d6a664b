package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourceClass;
import io.netweave.o2ims.model.ResourceKind;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns node facts into O2 records as DECISIONS.md ("Kubernetes mapping") defines them. Stateless
 * apart from its settings and ids; thread-safe.
 */
final class RecordMapper {
  private static final List<String> INSTANCE_TYPE_LABELS =
      List.of("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type");

  private final KubernetesSettings settings;
  private final O2Ids ids;
  private final UUID globalCloudId;

  RecordMapper(KubernetesSettings settings, O2Ids ids) {
    this.settings = settings;
    this.ids = ids;
    this.globalCloudId = settings.globalCloudId().orElse(ids.oCloud());
  }

  O2Ids ids() {
    return ids;
  }

  String poolName(NodeFacts node) {
    String value = node.labels().get(settings.poolLabelKey());
    return value == null || value.isEmpty() ? settings.defaultPoolName() : value;
  }

  Optional<String> region(NodeFacts node) {
    return Optional.ofNullable(node.labels().get(settings.regionLabelKey()))
        .filter(s -> !s.isEmpty());
  }

  Optional<String> globalLocationLabel(NodeFacts node) {
    if (settings.globalLocationLabelKey().isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(node.labels().get(settings.globalLocationLabelKey()))
        .filter(s -> !s.isEmpty());
  }

  Flavour flavour(NodeFacts node) {
    String instanceType = "generic";
    for (String label : INSTANCE_TYPE_LABELS) {
      if (node.labels().containsKey(label)) {
        instanceType = node.labels().get(label);
        break;
      }
    }
    String arch =
        node.labels()
            .getOrDefault(
                "kubernetes.io/arch", node.nodeInfo().getOrDefault("architecture", "unknown"));
    String os =
        node.labels()
            .getOrDefault(
                "kubernetes.io/os", node.nodeInfo().getOrDefault("operatingSystem", "unknown"));
    String scheme = providerScheme(node);
    String vendor =
        node.labels()
            .getOrDefault(settings.vendorLabelKey(), scheme.isEmpty() ? "unknown" : scheme);
    String forced = node.labels().getOrDefault(settings.resourceKindLabelKey(), "");
    ResourceKind kind;
    if (forced.equalsIgnoreCase("PHYSICAL") || forced.equalsIgnoreCase("LOGICAL")) {
      kind = ResourceKind.valueOf(forced.toUpperCase(java.util.Locale.ROOT));
    } else {
      kind =
          settings.logicalProviderSchemes().contains(scheme)
              ? ResourceKind.LOGICAL
              : ResourceKind.PHYSICAL;
    }
    return new Flavour(instanceType, arch, os, vendor, kind);
  }

  static String providerScheme(NodeFacts node) {
    int at = node.providerId().indexOf("://");
    return at > 0 ? node.providerId().substring(0, at).toLowerCase(java.util.Locale.ROOT) : "";
  }

  Resource resource(NodeFacts node, UUID poolId, UUID typeId) {
    UUID id = ids.resource(node.uid());
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("nodeName", node.name());
    ext.put("labels", node.labels());
    Map<String, String> annotations = node.annotations();
    if (!settings.annotationAllowList().containsAll(annotations.keySet())) {
      annotations = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : node.annotations().entrySet()) {
        if (settings.annotationAllowList().contains(e.getKey())) {
          annotations.put(e.getKey(), e.getValue());
        }
      }
    }
    ext.put("annotations", annotations);
    ext.put("capacity", node.capacity());
    ext.put("allocatable", node.allocatable());
    ext.put("nodeInfo", node.nodeInfo());
    ext.put("ready", node.ready());
    ext.put("unschedulable", node.unschedulable());
    ext.put("conditions", node.conditions());
    List<Resource> elements = new ArrayList<>();
    for (Map.Entry<String, String> e : node.capacity().entrySet()) {
      String name = e.getKey();
      if (name.contains("/") && !name.startsWith("kubernetes.io/")) {
        Map<String, Object> elementExt = new LinkedHashMap<>();
        elementExt.put("resourceName", name);
        elementExt.put("capacity", e.getValue());
        elementExt.put("allocatable", node.allocatable().getOrDefault(name, "0"));
        elements.add(
            new Resource(
                ids.element(node.uid(), name),
                poolId,
                typeId,
                "",
                name + " of node " + node.name(),
                List.of(),
                List.of(),
                List.of(),
                elementExt));
      }
    }
    String asset = node.providerId().isEmpty() ? "urn:k8s:node:" + node.uid() : node.providerId();
    return new Resource(
        id,
        poolId,
        typeId,
        asset,
        "Kubernetes node " + node.name(),
        elements,
        List.of(),
        List.of(),
        ext);
  }

  ResourceType resourceType(Flavour f) {
    UUID id = ids.resourceType(f.key());
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("instanceType", f.instanceType());
    ext.put("architecture", f.architecture());
    ext.put("operatingSystem", f.os());
    return new ResourceType(
        id,
        f.displayName(),
        "Kubernetes nodes of flavour " + f.displayName(),
        f.vendor(),
        f.instanceType(),
        "",
        f.kind(),
        ResourceClass.COMPUTE,
        ext,
        Optional.of(io.netweave.o2ims.model.NodeAlarm.dictionary(ids.oCloud(), id, f.vendor())));
  }

  ResourcePool pool(String name, Optional<String> region, Optional<String> locationLabel) {
    boolean isDefault = name.equals(settings.defaultPoolName());
    String globalLocationId =
        Optional.ofNullable(settings.poolGlobalLocationIds().get(name))
            .or(() -> locationLabel)
            .orElse(globalCloudId.toString());
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("labelKey", settings.poolLabelKey());
    String description =
        isDefault
            ? "Nodes without the label " + settings.poolLabelKey()
            : "Nodes labelled " + settings.poolLabelKey() + "=" + name;
    return new ResourcePool(
        ids.pool(settings.poolLabelKey(), name),
        name,
        description,
        ids.oCloud(),
        globalLocationId,
        region,
        ext);
  }

  DeploymentManager deploymentManager(
      String apiServerUrl, String version, Map<String, String> capacity) {
    Map<String, String> capabilities = new LinkedHashMap<>();
    if (!version.isEmpty()) {
      capabilities.put("kubernetesVersion", version);
    }
    capabilities.put("platform", "kubernetes");
    return new DeploymentManager(
        ids.deploymentManager(),
        settings.clusterName(),
        "Kubernetes cluster " + settings.clusterName(),
        ids.oCloud(),
        settings.o2dmsUri().orElse(apiServerUrl),
        List.of(),
        capabilities,
        capacity,
        Map.of());
  }

  OCloudInfo oCloud() {
    return new OCloudInfo(
        ids.oCloud(),
        globalCloudId,
        settings.oCloudName(),
        "O-Cloud of Kubernetes cluster " + settings.clusterName(),
        settings.oCloudServiceUri(),
        Map.of());
  }
}
