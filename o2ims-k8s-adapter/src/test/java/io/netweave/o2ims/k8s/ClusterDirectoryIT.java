package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.spi.InventoryChange;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters added and removed through a watched directory laid out as Kubernetes mounts a Secret
 * volume ({@code ..data} symlink to a timestamped directory, each key a symlink through it),
 * updated with the same atomic symlink swap.
 */
class ClusterDirectoryIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  @TempDir Path scratch;
  private final List<KubeApiEmulator> emulators = new ArrayList<>();
  private final List<InventoryChange> changes = new CopyOnWriteArrayList<>();
  private MultiClusterInventorySource source;
  private ClusterDirectory directory;
  private SecretVolume volume;

  @BeforeEach
  void volume() {
    volume = new SecretVolume(dir);
  }

  @AfterEach
  void stop() {
    if (directory != null) {
      directory.close();
    }
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

  @Test
  void clustersComeAndGoWithTheVolumeAndAreNotified() throws IOException {
    KubeApiEmulator central = cluster("central-1");
    KubeApiEmulator edge1 = cluster("edge1-1");
    KubeApiEmulator edge2 = cluster("edge2-1");
    volume.publish(Map.of("edge-1", edge1));

    source = new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofMillis(100));
    source.addListener((snapshot, batch) -> changes.addAll(batch));
    KubernetesSettings base = KubernetesSettings.builder().qps(200).build();
    source.addCluster(
        "central",
        base.toBuilder()
            .connection(
                KubernetesConnection.explicit(URI.create(central.url()), "", Optional.empty()))
            .clusterName("central")
            .build());
    directory =
        new ClusterDirectory(
            dir,
            source,
            (name, file) ->
                base.toBuilder()
                    .connection(KubernetesConnection.kubeconfig(file))
                    .clusterName(name)
                    .derivedOCloudId()
                    .build(),
            Duration.ofSeconds(5));
    directory.start();
    source.start();
    await().atMost(WAIT).until(() -> source.readiness().ready() && dms().size() == 2);
    assertThat(dms()).containsExactlyInAnyOrder("central", "edge-1");
    assertThat(changes).isEmpty();

    volume.publish(Map.of("edge-1", edge1, "edge-2", edge2));
    await().atMost(WAIT).until(() -> dms().contains("edge-2"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                created(ObjectType.DEPLOYMENT_MANAGER)
                    && created(ObjectType.RESOURCE)
                    && created(ObjectType.RESOURCE_POOL));
    assertThat(source.snapshot().resources()).hasSize(3);

    changes.clear();
    volume.publish(Map.of("edge-2", edge2));
    await().atMost(WAIT).until(() -> !dms().contains("edge-1"));
    assertThat(dms()).containsExactlyInAnyOrder("central", "edge-2");
    assertThat(changes)
        .filteredOn(c -> c.eventType() == NotificationEventType.DELETE)
        .extracting(InventoryChange::objectType)
        .contains(ObjectType.DEPLOYMENT_MANAGER, ObjectType.RESOURCE, ObjectType.RESOURCE_POOL);
    assertThat(directory.clusterNames()).containsExactly("edge-2");
  }

  private boolean created(ObjectType type) {
    return changes.stream()
        .anyMatch(c -> c.eventType() == NotificationEventType.CREATE && c.objectType() == type);
  }

  private List<String> dms() {
    return source.snapshot().deploymentManagers().values().stream()
        .map(DeploymentManager::name)
        .toList();
  }
}
