package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Realistic v1 objects built from the records and written with {@link O2Json}. */
final class Fixtures {
  static final ObjectMapper MAPPER = O2Json.newMapper();

  static final UUID RESOURCE_ID = UUID.fromString("6f1a3c9e-0b4d-4c57-9a3e-1c2d3e4f5a6b");
  static final UUID POOL_ID = UUID.fromString("0a6c1f0e-5d1e-4f7b-8f3e-2b9f2a7d9c11");
  static final UUID TYPE_ID = UUID.fromString("9d5b2c44-3a0e-4d2b-b1f1-77d2a0c3e4f5");
  static final UUID CLOUD_ID = UUID.fromString("c3d2e1f0-aaaa-4bbb-8ccc-ddddeeeeffff");
  static final UUID GPU_ID = UUID.fromString("11111111-2222-4333-8444-555555555555");
  static final UUID DM_ID = UUID.fromString("22222222-3333-4444-8555-666666666666");

  private Fixtures() {}

  static Resource resource() {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("topology.kubernetes.io/zone", "zone-a");
    labels.put("node.kubernetes.io/instance-type", "m5.large");
    labels.put("tilde~key", "t");
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("nodeName", "worker-1");
    extensions.put("labels", labels);
    extensions.put("ready", true);
    extensions.put("unschedulable", false);
    extensions.put("capacity", Map.of("cpu", "8", "memory", "32Gi"));
    extensions.put("cpuCount", 8);
    extensions.put("load", 0.75);
    extensions.put("conditions", Map.of("Ready", "True", "DiskPressure", "False"));
    extensions.put("my key", "spaced");
    extensions.put("owners", List.of("alice", "bob"));
    extensions.put("weird.key", "dotted");
    Resource gpu =
        Resource.builder()
            .resourceId(GPU_ID)
            .resourcePoolId(POOL_ID)
            .resourceTypeId(TYPE_ID)
            .description("nvidia.com/gpu")
            .extensions(Map.of("count", 2))
            .build();
    return Resource.builder()
        .resourceId(RESOURCE_ID)
        .resourcePoolId(POOL_ID)
        .resourceTypeId(TYPE_ID)
        .globalAssetId("urn:k8s:node:abc")
        .description("node worker-1, rack 'A'; row (3)")
        .tags(List.of("gpu", "edge"))
        .groups(List.of("g1"))
        .elements(List.of(gpu))
        .extensions(extensions)
        .build();
  }

  static Resource bareResource() {
    return Resource.builder()
        .resourceId(UUID.fromString("33333333-4444-4555-8666-777777777777"))
        .resourcePoolId(POOL_ID)
        .resourceTypeId(TYPE_ID)
        .build();
  }

  static ResourcePool pool(Optional<String> location) {
    ResourcePool.Builder b =
        ResourcePool.builder()
            .resourcePoolId(POOL_ID)
            .name("zone-a")
            .description("nodes of zone-a")
            .oCloudId(CLOUD_ID)
            .globalLocationId("eu-west")
            .extensions(Map.of("site", "dc-1"));
    location.ifPresent(b::location);
    return b.build();
  }

  static DeploymentManager deploymentManager() {
    return DeploymentManager.builder()
        .deploymentManagerId(DM_ID)
        .name("cluster-1")
        .oCloudId(CLOUD_ID)
        .serviceUri("https://api.cluster-1:6443")
        .supportedLocations(List.of("eu-west", "eu-north"))
        .capabilities(Map.of("kubernetesVersion", "v1.30.2"))
        .capacity(Map.of("cpu", "64", "pods", "330"))
        .build();
  }

  static ResourceType resourceType() {
    AlarmDefinition notReady =
        new AlarmDefinition(
            UUID.fromString("44444444-5555-4666-8777-888888888888"),
            "NodeNotReady",
            "1.0",
            AlarmDefinition.ChangeType.ADDED,
            "The node is not ready",
            "Check the kubelet",
            AlarmDefinition.ClearingType.AUTOMATIC,
            List.of(),
            List.of("resourceId"),
            Map.of());
    AlarmDictionary dictionary =
        new AlarmDictionary(
            UUID.fromString("55555555-6666-4777-8888-999999999999"),
            "1.0",
            "1.0",
            "Node",
            "netweave",
            List.of("O2IMS"),
            List.of("resourceId"),
            List.of(notReady));
    return ResourceType.builder()
        .resourceTypeId(TYPE_ID)
        .name("m5.large/amd64/linux")
        .vendor("AWS")
        .model("m5.large")
        .version("1")
        .resourceKind(ResourceKind.LOGICAL)
        .resourceClass(ResourceClass.COMPUTE)
        .alarmDictionary(dictionary)
        .build();
  }

  static OCloudInfo cloud() {
    return new OCloudInfo(
        CLOUD_ID,
        UUID.fromString("66666666-7777-4888-8999-aaaaaaaaaaaa"),
        "edge-cloud",
        "",
        "https://o2ims.example",
        Map.of());
  }

  static JsonNode json(Object value) {
    return MAPPER.valueToTree(value);
  }

  static JsonNode named(String name) {
    return switch (name) {
      case "res" -> json(resource());
      case "bare" -> json(bareResource());
      case "pool" -> json(pool(Optional.empty()));
      case "poolLoc" -> json(pool(Optional.of("Paris")));
      case "dm" -> json(deploymentManager());
      case "type" -> json(resourceType());
      case "cloud" -> json(cloud());
      default -> throw new IllegalArgumentException(name);
    };
  }
}
