package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiClient;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.k8s.internal.O2Ids;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourceKind;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter with the official client, over real HTTP, against the Kubernetes API emulator. */
class KubernetesInventorySourceIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final KubeApiEmulator emulator = new KubeApiEmulator();
  private final List<KubernetesInventorySource> sources = new CopyOnWriteArrayList<>();
  private final List<InventoryChange> changes = new CopyOnWriteArrayList<>();
  private String kubeSystemUid;

  @BeforeEach
  void startCluster() {
    emulator.start();
    emulator.bookmarkInterval(Duration.ofMillis(500));
    kubeSystemUid =
        emulator
            .create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"))
            .path("metadata")
            .path("uid")
            .asText();
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("a-1", "zone-a", "4", "16Gi"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("a-2", "zone-a", "4", "16Gi"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("b-1", "zone-b", "8", "32Gi"));
  }

  @AfterEach
  void stop() {
    sources.forEach(KubernetesInventorySource::close);
    emulator.close();
  }

  private KubernetesInventorySource startSource() {
    return startSource(
        KubernetesConnection.explicit(URI.create(emulator.url()), "", Optional.empty()));
  }

  private KubernetesInventorySource startSource(KubernetesConnection connection) {
    KubernetesSettings settings =
        KubernetesSettings.builder()
            .connection(connection)
            .annotationAllowList(java.util.Set.of("node.alpha.kubernetes.io/ttl"))
            .build();
    ApiClient client = KubernetesConnections.apiClient(settings);
    KubernetesInventorySource source =
        new KubernetesInventorySource(client, settings, Clock.systemUTC());
    source.addListener((snapshot, batch) -> changes.addAll(batch));
    sources.add(source);
    source.start();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(source.readiness().ready()).as(source.readiness().detail()).isTrue());
    return source;
  }

  @Test
  void theOCloudIdIsKnownOnlyOnceTheSnapshotCarriesIt() {
    // A long initial sync: the kube-system namespace is applied early, the snapshot that carries
    // the id only once the node queue runs dry. A reader (the multi-cluster source) that sees the
    // id known must find it in the snapshot, never the nil UUID.
    for (int i = 0; i < 3_000; i++) {
      emulator.create(
          EmulatedKind.NODE, NodeFixtures.node(String.format("n-%04d", i), "zone-c", "4", "16Gi"));
    }
    KubernetesSettings settings =
        KubernetesSettings.builder()
            .connection(
                KubernetesConnection.explicit(URI.create(emulator.url()), "", Optional.empty()))
            .build();
    KubernetesInventorySource source =
        new KubernetesInventorySource(
            KubernetesConnections.apiClient(settings), settings, Clock.systemUTC());
    sources.add(source);
    List<java.util.UUID> seenWhileKnown = new CopyOnWriteArrayList<>();
    source.start();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              if (source.oCloudIdKnown()) {
                seenWhileKnown.add(source.snapshot().oCloud().oCloudId());
              }
              return source.readiness().ready();
            });
    assertThat(seenWhileKnown).isNotEmpty().containsOnly(O2Ids.oCloudFromKubeSystem(kubeSystemUid));
  }

  @Test
  void syncedSnapshotMapsNodesZonesFlavoursAndTheCluster() {
    KubernetesInventorySource source = startSource();
    InventorySnapshot s = source.snapshot();

    assertThat(s.oCloud().oCloudId()).isEqualTo(O2Ids.oCloudFromKubeSystem(kubeSystemUid));
    assertThat(s.resources()).hasSize(3);
    assertThat(s.resourcePools().values())
        .extracting(ResourcePool::name)
        .containsExactlyInAnyOrder("zone-a", "zone-b");
    assertThat(s.resourcePools().values())
        .allSatisfy(p -> assertThat(p.location()).contains("eu-west-1"))
        .allSatisfy(
            p -> assertThat(p.globalLocationId()).isEqualTo(s.oCloud().globalCloudId().toString()));
    ResourceType type = s.resourceTypes().values().iterator().next();
    assertThat(s.resourceTypes()).hasSize(1);
    assertThat(type.vendor()).isEqualTo("aws");
    assertThat(type.resourceKind()).isEqualTo(ResourceKind.LOGICAL);
    assertThat(type.alarmDictionary().orElseThrow().alarmDefinition())
        .extracting(d -> d.alarmName())
        .containsExactly(
            "NodeNotReady",
            "NodeUnreachable",
            "NodeMemoryPressure",
            "NodeDiskPressure",
            "NodePIDPressure",
            "NodeNetworkUnavailable",
            "NodeUnschedulable");
    // node health, what alarms are raised from: every node with its conditions' details
    assertThat(source.nodeHealth()).hasSize(3);
    assertThat(source.nodeHealth().values())
        .allSatisfy(
            h -> {
              assertThat(h.resourceTypeId()).isEqualTo(type.resourceTypeId());
              assertThat(h.condition("Ready").orElseThrow().lastTransitionTime()).isPresent();
            });

    Resource a1 = resourceNamed(s, "a-1");
    assertThat(a1.globalAssetId()).isEqualTo("aws:///eu-west-1a/i-a-1");
    assertThat(a1.description()).contains("a-1");
    assertThat(a1.extensions())
        .containsEntry("nodeName", "a-1")
        .containsEntry("ready", true)
        .containsEntry("unschedulable", false)
        .containsEntry("annotations", Map.of("node.alpha.kubernetes.io/ttl", "0"));
    assertThat(a1.extensions().get("conditions"))
        .isEqualTo(
            Map.of(
                "Ready",
                "True",
                "MemoryPressure",
                "False",
                "DiskPressure",
                "False",
                "PIDPressure",
                "False"));
    assertThat(map(a1.extensions().get("nodeInfo")))
        .containsEntry("kubeletVersion", "v1.31.0")
        .containsEntry("architecture", "amd64");
    assertThat(a1.extensions().toString()).doesNotContain("Heartbeat").doesNotContain("pause:3.9");

    DeploymentManager dm = s.deploymentManagers().values().iterator().next();
    assertThat(dm.serviceUri()).isEqualTo(emulator.url());
    assertThat(dm.capabilities()).containsEntry("kubernetesVersion", "v1.31.0");
    assertThat(dm.capacity())
        .containsEntry("cpu", "16")
        .containsEntry("memory", "64Gi")
        .containsEntry("pods", "330");
    assertThat(changes).as("the initial population is not a change").isEmpty();
  }

  @Test
  void nodeLifecycleIsStreamedAsO2ChangesAndHeartbeatsAreNot() {
    KubernetesInventorySource source = startSource();

    emulator.create(EmulatedKind.NODE, NodeFixtures.node("c-1", "zone-c", "2", "8Gi"));
    await().atMost(WAIT).until(() -> has(NotificationEventType.CREATE, ObjectType.RESOURCE));
    assertThat(types(NotificationEventType.CREATE))
        .contains(ObjectType.RESOURCE_POOL, ObjectType.RESOURCE);
    assertThat(types(NotificationEventType.MODIFY)).contains(ObjectType.DEPLOYMENT_MANAGER);
    changes.clear();

    emulator.patch(
        EmulatedKind.NODE,
        "c-1",
        NodeFixtures.heartbeat(emulator, "c-1", "2026-06-01T00:00:10Z"),
        true);
    emulator.patch(EmulatedKind.NODE, "c-1", labels("team", "ran"), false);
    await().atMost(WAIT).until(() -> !changes.isEmpty());
    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.eventType()).isEqualTo(NotificationEventType.MODIFY);
              assertThat(map(((Resource) c.prior().orElseThrow()).extensions().get("labels")))
                  .doesNotContainKey("team");
              assertThat(map(((Resource) c.post().orElseThrow()).extensions().get("labels")))
                  .containsEntry("team", "ran");
            });
    changes.clear();

    ObjectNode cordon = JSON.objectNode();
    cordon.putObject("spec").put("unschedulable", true);
    emulator.patch(EmulatedKind.NODE, "c-1", cordon, false);
    await().atMost(WAIT).until(() -> !changes.isEmpty());
    assertThat(changes)
        .singleElement()
        .satisfies(
            c ->
                assertThat(((Resource) c.object()).extensions())
                    .containsEntry("unschedulable", true));
    assertThat(resourceNamed(source.snapshot(), "c-1").extensions())
        .containsEntry("unschedulable", true);
    changes.clear();

    ObjectNode grow = JSON.objectNode();
    ObjectNode status = grow.putObject("status");
    status.putObject("capacity").put("cpu", "4").put("nvidia.com/gpu", "2");
    status.putObject("allocatable").put("cpu", "4").put("nvidia.com/gpu", "2");
    emulator.patch(EmulatedKind.NODE, "c-1", grow, true);
    await()
        .atMost(WAIT)
        .until(() -> has(NotificationEventType.MODIFY, ObjectType.DEPLOYMENT_MANAGER));
    Resource grown = resourceNamed(source.snapshot(), "c-1");
    assertThat(map(grown.extensions().get("capacity")))
        .containsEntry("cpu", "4")
        .containsEntry("nvidia.com/gpu", "2");
    assertThat(grown.elements())
        .singleElement()
        .satisfies(e -> assertThat(e.extensions()).containsEntry("resourceName", "nvidia.com/gpu"));
    changes.clear();

    emulator.delete(EmulatedKind.NODE, "c-1");
    await().atMost(WAIT).until(() -> has(NotificationEventType.DELETE, ObjectType.RESOURCE_POOL));
    assertThat(types(NotificationEventType.DELETE))
        .containsExactly(ObjectType.RESOURCE, ObjectType.RESOURCE_POOL);
    assertThat(source.snapshot().resources()).hasSize(3);
  }

  @Test
  void aKubeconfigFileConnectsTheSource(@TempDir Path dir) {
    Path kubeconfig = emulator.writeKubeconfig(dir.resolve("config"));
    KubernetesInventorySource source = startSource(KubernetesConnection.kubeconfig(kubeconfig));
    assertThat(source.snapshot().resources()).hasSize(3);
    assertThat(source.readiness().detail()).contains(emulator.url());
  }

  @Test
  void idsAreStableAcrossSourceRestarts() {
    KubernetesInventorySource first = startSource();
    InventorySnapshot before = first.snapshot();
    first.close();
    KubernetesInventorySource second = startSource();
    InventorySnapshot after = second.snapshot();
    assertThat(after.oCloud().oCloudId()).isEqualTo(before.oCloud().oCloudId());
    assertThat(after.resources().keySet()).isEqualTo(before.resources().keySet());
    assertThat(after.resourcePools().keySet()).isEqualTo(before.resourcePools().keySet());
    assertThat(after.resourceTypes().keySet()).isEqualTo(before.resourceTypes().keySet());
    assertThat(after.deploymentManagers().keySet()).isEqualTo(before.deploymentManagers().keySet());
  }

  @Test
  void sourceServesTheLastSnapshotWhileTheApiServerIsDownAndRecoversAfterCompaction() {
    KubernetesInventorySource source = startSource();
    emulator.stop();
    await().atMost(WAIT).until(() -> source.readiness().stale());
    assertThat(source.readiness().detail()).contains("unreachable since");
    assertThat(source.snapshot().resources()).hasSize(3);
    await().atMost(WAIT).until(() -> source.stalenessSeconds() >= 1);

    emulator.create(EmulatedKind.NODE, NodeFixtures.node("d-1", "zone-a", "2", "8Gi"));
    emulator.delete(EmulatedKind.NODE, "b-1");
    emulator.compact();
    emulator.start();

    await()
        .atMost(WAIT)
        .until(
            () ->
                !source.readiness().stale()
                    && source.snapshot().resources().size() == 3
                    && source.snapshot().resources().values().stream()
                        .anyMatch(r -> r.extensions().get("nodeName").equals("d-1")));
    assertThat(source.readiness().ready()).isTrue();
    assertThat(has(NotificationEventType.CREATE, ObjectType.RESOURCE)).isTrue();
    assertThat(has(NotificationEventType.DELETE, ObjectType.RESOURCE_POOL)).isTrue();
    assertThat(emulator.requestCount("list")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aNodeDeletedAndRecreatedUnderTheSameNameWhileTheWatchWasDownReplacesItsResource() {
    // A relist (here after compaction) hands the informer the recreated node as an update of the
    // old one: same name, new UID. The old resource must go (and be notified deleted), not linger
    // beside the new one for ever.
    KubernetesInventorySource source = startSource();
    Resource old = resourceNamed(source.snapshot(), "a-1");
    emulator.stop();
    emulator.delete(EmulatedKind.NODE, "a-1");
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("a-1", "zone-a", "4", "16Gi"));
    emulator.compact();
    emulator.start();

    await()
        .atMost(WAIT)
        .until(
            () ->
                source.snapshot().resources().values().stream()
                    .anyMatch(
                        r ->
                            r.extensions().get("nodeName").equals("a-1")
                                && !r.resourceId().equals(old.resourceId())));
    InventorySnapshot s = source.snapshot();
    assertThat(s.resources()).hasSize(3).doesNotContainKey(old.resourceId());
    assertThat(s.resources().values())
        .filteredOn(r -> r.extensions().get("nodeName").equals("a-1"))
        .hasSize(1);
    assertThat(source.nodeHealth()).hasSize(3).doesNotContainKey(old.resourceId());
    assertThat(s.deploymentManagers().values().iterator().next().capacity())
        .containsEntry("cpu", "16")
        .containsEntry("nodes", "3");
    // Listeners hear a batch right after its snapshot is published, on the applier's thread: a
    // loaded machine can run this check in between.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(changes)
                    .filteredOn(c -> c.objectType() == ObjectType.RESOURCE)
                    .extracting(InventoryChange::eventType, InventoryChange::objectId)
                    .contains(tuple(NotificationEventType.DELETE, old.resourceId())));
  }

  @Test
  void nodesFromANewerApiServerWithUnknownOrMissingFieldsAreStillServed() {
    ObjectNode future = NodeFixtures.node("future-1", "zone-a", "4", "16Gi");
    ((ObjectNode) future.path("status")).putObject("someFutureStatus").put("enabled", true);
    ((ObjectNode) future.path("status").path("nodeInfo")).remove("bootID");
    ((ObjectNode) future.path("status").path("nodeInfo")).put("newInfoField", "x");
    emulator.create(EmulatedKind.NODE, future);
    KubernetesInventorySource source = startSource();
    assertThat(resourceNamed(source.snapshot(), "future-1").extensions())
        .containsEntry("ready", true);
  }

  private static ObjectNode labels(String key, String value) {
    ObjectNode patch = JSON.objectNode();
    patch.putObject("metadata").putObject("labels").put(key, value);
    return patch;
  }

  private boolean has(NotificationEventType type, ObjectType objectType) {
    return changes.stream().anyMatch(c -> c.eventType() == type && c.objectType() == objectType);
  }

  private List<ObjectType> types(NotificationEventType type) {
    return changes.stream()
        .filter(c -> c.eventType() == type)
        .map(InventoryChange::objectType)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  static Resource resourceNamed(InventorySnapshot s, String name) {
    return s.resources().values().stream()
        .filter(r -> name.equals(r.extensions().get("nodeName")))
        .findFirst()
        .orElseThrow();
  }
}
