package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A 5,000-node cluster syncs completely (the time is logged, not asserted). */
class LargeClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(LargeClusterIT.class);
  private static final int NODES = 5_000;
  private static final int ZONES = 10;

  private final KubeApiEmulator emulator = new KubeApiEmulator().start();
  private KubernetesInventorySource source;

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
    emulator.close();
  }

  @Test
  void fiveThousandNodesSyncIntoOneConsistentSnapshot() {
    String[] flavours = {"m5.xlarge", "m5.2xlarge", "c5.4xlarge"};
    for (int i = 0; i < NODES; i++) {
      ObjectNode node =
          NodeFixtures.node(String.format("node-%05d", i), "zone-" + (i % ZONES), "4", "16Gi");
      ((ObjectNode) node.path("metadata").path("labels"))
          .put("node.kubernetes.io/instance-type", flavours[i % 3]);
      emulator.create(EmulatedKind.NODE, node);
    }
    UUID cloud = UUID.fromString("0b7d5d0e-4e0b-4c52-8d4b-2d0f6f1f9a11");
    KubernetesSettings settings =
        KubernetesSettings.builder()
            .connection(
                KubernetesConnection.explicit(URI.create(emulator.url()), "", Optional.empty()))
            .oCloudId(cloud)
            .build();
    source =
        new KubernetesInventorySource(
            KubernetesConnections.apiClient(settings), settings, Clock.systemUTC());
    List<InventoryChange> changes = new CopyOnWriteArrayList<>();
    source.addListener((s, batch) -> changes.addAll(batch));
    long start = System.nanoTime();
    source.start();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> source.readiness().ready());
    LOG.info(
        "{} nodes synced in {} ms", NODES, Duration.ofNanos(System.nanoTime() - start).toMillis());

    InventorySnapshot s = source.snapshot();
    assertThat(s.oCloud().oCloudId()).isEqualTo(cloud);
    assertThat(s.resources()).hasSize(NODES);
    assertThat(s.resourcePools()).hasSize(ZONES);
    assertThat(s.resourceTypes()).hasSize(3);
    assertThat(s.deploymentManagers().values().iterator().next().capacity())
        .containsEntry("cpu", "20k")
        .containsEntry("nodes", Integer.toString(NODES));
    assertThat(emulator.requestCount("list")).as("paged list").isGreaterThanOrEqualTo(NODES / 500);
    assertThat(changes).isEmpty();

    emulator.create(EmulatedKind.NODE, NodeFixtures.node("late", "zone-1", "4", "16Gi"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                changes.stream()
                    .anyMatch(
                        c ->
                            c.eventType() == NotificationEventType.CREATE
                                && c.objectType() == ObjectType.RESOURCE));
    assertThat(source.snapshot().resources()).hasSize(NODES + 1);
  }
}
