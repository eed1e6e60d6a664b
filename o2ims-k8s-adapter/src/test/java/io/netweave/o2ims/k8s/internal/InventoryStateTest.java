package io.netweave.o2ims.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourceKind;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InventoryStateTest {
  private final InventoryState state =
      new InventoryState(
          KubernetesSettings.builder()
              .oCloudId(UUID.fromString("11111111-2222-4333-8444-555555555555"))
              .poolGlobalLocationIds(Map.of("zone-b", "site-b"))
              .build(),
          "https://api.example:6443");

  private static NodeFacts node(
      String uid, String zone, String cpu, Map<String, String> extraLabels) {
    return node(uid, "node-" + uid, zone, cpu, extraLabels);
  }

  private static NodeFacts node(
      String uid, String name, String zone, String cpu, Map<String, String> extraLabels) {
    Map<String, String> labels = new HashMap<>(extraLabels);
    if (zone != null) {
      labels.put("topology.kubernetes.io/zone", zone);
    }
    labels.put("topology.kubernetes.io/region", "r1");
    return new NodeFacts(
        uid,
        name,
        labels,
        Map.of(),
        "",
        false,
        Map.of("cpu", cpu, "memory", "1Gi", "pods", "10"),
        Map.of("cpu", cpu, "memory", "1Gi", "pods", "10"),
        Map.of("architecture", "arm64", "operatingSystem", "linux"),
        Map.of("Ready", "True"));
  }

  private static List<String> kinds(List<Change> changes) {
    return changes.stream()
        .map(
            c ->
                (c.prior() == null ? "CREATE " : c.post() == null ? "DELETE " : "MODIFY ")
                    + type(c))
        .toList();
  }

  private static ObjectType type(Change c) {
    InventoryObject o = c.post() == null ? c.prior() : c.post();
    return o.objectType();
  }

  @Test
  void firstNodeCreatesItsPoolTypeResourceAndTheDeploymentManager() {
    List<Change> changes = state.upsert(node("u1", "zone-a", "2", Map.of()));
    assertThat(kinds(changes))
        .containsExactly(
            "CREATE RESOURCE_POOL",
            "CREATE RESOURCE_TYPE",
            "CREATE RESOURCE",
            "CREATE DEPLOYMENT_MANAGER");
    ResourceType type = (ResourceType) changes.get(1).post();
    assertThat(type.resourceKind()).isEqualTo(ResourceKind.PHYSICAL);
    assertThat(type.vendor()).isEqualTo("unknown");
    Resource r = (Resource) changes.get(2).post();
    assertThat(r.globalAssetId()).isEqualTo("urn:k8s:node:u1");
  }

  @Test
  void anUnchangedNodeProducesNoChange() {
    state.upsert(node("u1", "zone-a", "2", Map.of()));
    assertThat(state.upsert(node("u1", "zone-a", "2", Map.of()))).isEmpty();
  }

  @Test
  void movingTheLastNodeOfAZoneReplacesThePool() {
    state.upsert(node("u1", "zone-a", "2", Map.of()));
    List<Change> changes = state.upsert(node("u1", "zone-b", "2", Map.of()));
    assertThat(kinds(changes))
        .containsExactly("CREATE RESOURCE_POOL", "MODIFY RESOURCE", "DELETE RESOURCE_POOL");
    ResourcePool b = (ResourcePool) changes.get(0).post();
    assertThat(b.globalLocationId()).isEqualTo("site-b");
    assertThat(b.location()).contains("r1");
  }

  @Test
  void aNodeUnderANameAnotherUidHeldReplacesThatNode() {
    // What a relist hands over for a node deleted and recreated while the watch was down: an
    // update from the old UID to the new one under the same name.
    state.upsert(node("u1", "n", "zone-a", "2", Map.of()));
    UUID old = state.snapshot(1).resources().keySet().iterator().next();
    List<Change> changes = state.upsert(node("u2", "n", "zone-a", "2", Map.of()));
    assertThat(kinds(changes))
        .as("the pool and the type keep a member throughout")
        .containsExactly(
            "CREATE RESOURCE",
            "MODIFY DEPLOYMENT_MANAGER",
            "DELETE RESOURCE",
            "MODIFY DEPLOYMENT_MANAGER");
    InventorySnapshot s = state.snapshot(2);
    assertThat(s.resources()).hasSize(1).doesNotContainKey(old);
    assertThat(s.resourcePools()).hasSize(1);
    assertThat(s.deploymentManagers().values().iterator().next().capacity())
        .containsEntry("cpu", "2")
        .containsEntry("nodes", "1");
    assertThat(state.takeHealth()).hasSize(1).doesNotContainKey(old);
    assertThat(state.delete("u1")).as("the old node is gone").isEmpty();
    assertThat(kinds(state.delete("u2")))
        .containsExactly(
            "DELETE RESOURCE",
            "DELETE RESOURCE_POOL",
            "DELETE RESOURCE_TYPE",
            "MODIFY DEPLOYMENT_MANAGER");
  }

  @Test
  void nodesWithoutTheZoneLabelFormTheDefaultPool() {
    state.upsert(node("u1", null, "2", Map.of()));
    InventorySnapshot s = state.snapshot(1);
    assertThat(s.resourcePools().values())
        .extracting(ResourcePool::name)
        .containsExactly("default");
    assertThat(s.resourcePools().values().iterator().next().globalLocationId())
        .isEqualTo("11111111-2222-4333-8444-555555555555");
  }

  @Test
  void capacityIsSummedAndDeletingTheLastFlavourNodeDeletesItsType() {
    state.upsert(node("u1", "zone-a", "2", Map.of()));
    state.upsert(node("u2", "zone-a", "500m", Map.of("netweave.io/resource-kind", "LOGICAL")));
    DeploymentManager dm = state.snapshot(1).deploymentManagers().values().iterator().next();
    assertThat(dm.capacity())
        .containsEntry("cpu", "2500m")
        .containsEntry("memory", "2Gi")
        .containsEntry("pods", "20");
    assertThat(state.snapshot(1).resourceTypes()).hasSize(2);
    List<Change> changes = state.delete("u2");
    assertThat(kinds(changes))
        .containsExactly("DELETE RESOURCE", "DELETE RESOURCE_TYPE", "MODIFY DEPLOYMENT_MANAGER");
  }

  @Test
  void nodesWaitForTheOCloudIdWhenItIsDerived() {
    InventoryState derived = new InventoryState(KubernetesSettings.builder().build(), "https://x");
    assertThat(derived.upsert(node("u1", "zone-a", "2", Map.of()))).isEmpty();
    assertThat(derived.snapshot(1).resources()).isEmpty();
    derived.cloudUid("kube-system-uid");
    assertThat(derived.snapshot(2).resources()).hasSize(1);
    assertThat(derived.snapshot(2).oCloud().oCloudId())
        .isEqualTo(O2Ids.oCloudFromKubeSystem("kube-system-uid"));
  }
}
