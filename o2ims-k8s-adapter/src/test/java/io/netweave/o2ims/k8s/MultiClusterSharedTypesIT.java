package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.AlarmDictionary;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One resource type per distinct node flavour across the O-Cloud (DECISIONS, "Kubernetes mapping:
 * Resource type"): two emulated clusters with nodes of the same flavour share one type, whose id is
 * the one the first cluster alone gives; every resource references an existing type whose alarm
 * dictionary is derived from it; the shared type is created and deleted once, as the O-Cloud gains
 * and loses the flavour.
 */
class MultiClusterSharedTypesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<KubeApiEmulator> emulators = new ArrayList<>();
  private final List<InventoryChange> changes = new CopyOnWriteArrayList<>();
  private MultiClusterInventorySource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
    emulators.forEach(KubeApiEmulator::close);
  }

  private KubeApiEmulator cluster(String node) {
    KubeApiEmulator e = NodeFixtures.cluster(node);
    emulators.add(e);
    return e;
  }

  private static KubernetesSettings settings(KubeApiEmulator e, String name, boolean member) {
    KubernetesSettings.Builder b =
        KubernetesSettings.builder()
            .qps(200)
            .connection(KubernetesConnection.explicit(URI.create(e.url()), "", Optional.empty()))
            .clusterName(name);
    if (member) {
      b.derivedOCloudId();
    }
    return b.build();
  }

  private static ObjectNode largeNode(String name) {
    ObjectNode n = NodeFixtures.node(name, "zone-" + name, "16", "64Gi");
    ((ObjectNode) n.path("metadata").path("labels"))
        .put("node.kubernetes.io/instance-type", "m5.4xlarge");
    return n;
  }

  private long typeEvents(NotificationEventType type) {
    return changes.stream()
        .filter(c -> c.objectType() == ObjectType.RESOURCE_TYPE && c.eventType() == type)
        .count();
  }

  private static void everyResourceHasItsType(InventorySnapshot s) {
    for (Resource r : s.resources().values()) {
      assertThat(s.resourceTypes()).as("type of " + r.id()).containsKey(r.resourceTypeId());
    }
    for (ResourceType t : s.resourceTypes().values()) {
      AlarmDictionary d = t.alarmDictionary().orElseThrow();
      assertThat(d.alarmDictionaryId())
          .isEqualTo(
              io.netweave.o2ims.model.NodeAlarm.dictionary(
                      s.oCloud().oCloudId(), t.id(), t.vendor())
                  .alarmDictionaryId());
    }
  }

  @Test
  void oneTypePerFlavourAcrossClustersKeepingTheFirstClustersIds() {
    KubeApiEmulator central = cluster("central-1");
    KubeApiEmulator edge = cluster("edge-1");
    source = new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofMillis(100));
    source.addListener((snapshot, batch) -> changes.addAll(batch));
    source.addCluster("central", settings(central, "central", false));
    source.start();
    await()
        .atMost(WAIT)
        .until(() -> source.readiness().ready() && source.snapshot().resources().size() == 1);
    assertThat(source.snapshot().resourceTypes()).hasSize(1);
    UUID shared = source.snapshot().resourceTypes().keySet().iterator().next();

    // A second cluster with the same flavour: no new type; its resource references the first's.
    source.addCluster("edge", settings(edge, "edge", true));
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 2);
    InventorySnapshot two = source.snapshot();
    assertThat(two.resourceTypes().keySet()).containsExactly(shared);
    assertThat(two.resources().values()).allMatch(r -> r.resourceTypeId().equals(shared));
    everyResourceHasItsType(two);
    assertThat(typeEvents(NotificationEventType.CREATE)).isZero();

    // A new flavour in the second cluster: one new type, notified once.
    edge.create(EmulatedKind.NODE, largeNode("edge-2"));
    await().atMost(WAIT).until(() -> source.snapshot().resourceTypes().size() == 2);
    await().atMost(WAIT).until(() -> typeEvents(NotificationEventType.CREATE) == 1);
    everyResourceHasItsType(source.snapshot());

    // The second cluster's last node of the shared flavour goes: the first still has it.
    edge.delete(EmulatedKind.NODE, "edge-1");
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 2);
    assertThat(source.snapshot().resourceTypes()).containsKey(shared).hasSize(2);
    everyResourceHasItsType(source.snapshot());

    // The second cluster leaves: its flavour's type is deleted once; the shared one stays.
    assertThat(source.removeCluster("edge")).isTrue();
    await().atMost(WAIT).until(() -> source.snapshot().resourceTypes().size() == 1);
    assertThat(source.snapshot().resourceTypes().keySet()).containsExactly(shared);
    await().atMost(WAIT).until(() -> typeEvents(NotificationEventType.DELETE) == 1);
    assertThat(
            changes.stream()
                .filter(c -> c.objectType() == ObjectType.RESOURCE_TYPE)
                .map(c -> c.post().or(c::prior).orElseThrow().id()))
        .doesNotContain(shared);
    everyResourceHasItsType(source.snapshot());
  }
}
