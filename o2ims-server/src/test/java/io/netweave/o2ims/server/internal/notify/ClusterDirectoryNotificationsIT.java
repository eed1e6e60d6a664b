package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.SecretVolume;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway on a watched cluster directory ({@code kubernetes.clusters_dir}) laid out as
 * Kubernetes mounts a Secret volume ({@code ..data} symlink to a timestamped directory, each key a
 * symlink through it) and updated with the same atomic symlink swap: a cluster added to the volume
 * brings its deployment manager, pools and resources, each notified as created to an inventory
 * subscription (a real HTTP receiver); removed, each is notified as deleted.
 */
class ClusterDirectoryNotificationsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String INV = "/o2ims-infrastructureInventory";

  @TempDir Path dataDir;
  @TempDir Path volumeDir;
  private final ObjectMapper mapper = O2Json.newMapper();
  private final GatewayHttp http = new GatewayHttp();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final List<KubeApiEmulator> emulators = new ArrayList<>();
  private SecretVolume volume;
  private Gateway gateway;

  @BeforeEach
  void volume() {
    volume = new SecretVolume(volumeDir);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    receiver.close();
    emulators.forEach(KubeApiEmulator::close);
  }

  private KubeApiEmulator cluster(String... nodes) {
    KubeApiEmulator e = NodeFixtures.cluster(nodes);
    emulators.add(e);
    return e;
  }

  private HttpResponse<String> send(String method, String path, String body) {
    return http.send(gateway, method, path, body);
  }

  private JsonNode get(String path) {
    HttpResponse<String> r = send("GET", path, null);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    try {
      return mapper.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Set<String> refs(NotificationEventType type) {
    return receiver.notifications("/inventory").stream()
        .filter(n -> n.notificationEventType() == type)
        .map(n -> n.objectRef().orElse(""))
        .collect(Collectors.toSet());
  }

  @Test
  void aVolumeAloneMakesTheOCloudWhoseIdComesFromTheClusterNamedByClusterName() throws IOException {
    KubeApiEmulator central = cluster("central-1");
    KubeApiEmulator edge = cluster("edge-a1");
    String kubeSystemUid =
        central
            .get(EmulatedKind.NAMESPACE, null, "kube-system")
            .path("metadata")
            .path("uid")
            .asText();
    volume.publish(Map.of("edge-a", edge));
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "backend", "kubernetes",
                "kubernetes.cluster_name", "central",
                "kubernetes.clusters_dir", volumeDir.toString(),
                "kubernetes.clusters_dir_rescan", "1s"));
    // The edge cluster syncs, but the O-Cloud's own cluster is not there: no O-Cloud id yet, so
    // the gateway is not ready and serves nothing (never an O-Cloud under the nil UUID).
    await()
        .atMost(WAIT)
        .until(() -> send("GET", "/readyz", null).body().contains("cluster edge-a: ready"));
    HttpResponse<String> waiting = send("GET", "/readyz", null);
    assertThat(waiting.statusCode()).isEqualTo(503);
    assertThat(waiting.body()).contains("waiting for cluster central, the O-Cloud's own");
    assertThat(send("GET", INV + "/v1", null).statusCode()).isEqualTo(503);

    volume.publish(Map.of("central", central, "edge-a", edge));
    await().atMost(WAIT).until(() -> send("GET", "/readyz", null).statusCode() == 200);
    assertThat(get(INV + "/v1").path("oCloudId").asText())
        .isEqualTo(
            io.netweave.o2ims.k8s.internal.O2Ids.oCloudFromKubeSystem(kubeSystemUid).toString());
    await().atMost(WAIT).until(() -> get(INV + "/v1/deploymentManagers").size() == 2);
    assertThat(get(INV + "/v1/deploymentManagers"))
        .extracting(d -> d.path("name").asText())
        .containsExactlyInAnyOrder("central", "edge-a");
  }

  @Test
  void aClusterAddedToTheVolumeIsNotifiedAsCreatedAndRemovedAsDeleted() throws IOException {
    KubeApiEmulator central = cluster("central-1");
    KubeApiEmulator edge = cluster("edge-a1", "edge-a2");
    volume.publish(Map.of());
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "backend", "kubernetes",
                "kubernetes.api_url", central.url(),
                "kubernetes.clusters_dir", volumeDir.toString(),
                "kubernetes.clusters_dir_rescan", "1s",
                "notifications.retry_initial_delay", "10ms",
                "notifications.poll_interval", "20ms",
                "notifications.lease_ttl", "1s",
                "notifications.subscription_refresh", "50ms"));
    await().atMost(WAIT).until(() -> send("GET", "/readyz", null).statusCode() == 200);
    HttpResponse<String> sub =
        send(
            "POST",
            INV + "/v1/subscriptions",
            "{\"callback\":\"" + receiver.url("/inventory") + "\"}");
    assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);

    // Changes made before this replica became the producer are its silent baseline: wait until a
    // probe change in the central cluster is notified.
    AtomicInteger probes = new AtomicInteger();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              central.create(
                  EmulatedKind.NODE,
                  NodeFixtures.node(
                      "probe-" + probes.incrementAndGet(), "zone-central-1", "1", "1Gi"));
              return !receiver.notifications("/inventory").isEmpty();
            });

    volume.publish(Map.of("edge-a", edge));
    // While the added cluster syncs, the others keep answering: any 503 here fails the test.
    await()
        .atMost(WAIT)
        .until(() -> get(INV + "/v1/deploymentManagers?filter=(eq,name,edge-a)").size() == 1);
    String dm =
        get(INV + "/v1/deploymentManagers?filter=(eq,name,edge-a)")
            .get(0)
            .path("deploymentManagerId")
            .asText();
    List<String> expected = new ArrayList<>();
    expected.add(INV + "/v1/deploymentManagers/" + dm);
    for (String zone : List.of("zone-edge-a1", "zone-edge-a2")) {
      JsonNode pools = get(INV + "/v1/resourcePools?filter=(eq,name," + zone + ")");
      assertThat(pools).as(zone).hasSize(1);
      String pool = pools.get(0).path("resourcePoolId").asText();
      expected.add(INV + "/v1/resourcePools/" + pool);
      JsonNode resources = get(INV + "/v1/resourcePools/" + pool + "/resources");
      assertThat(resources).as("resources of " + zone).hasSize(1);
      expected.add(
          INV
              + "/v1/resourcePools/"
              + pool
              + "/resources/"
              + resources.get(0).path("resourceId").asText());
    }
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(refs(NotificationEventType.CREATE)).containsAll(expected));
    assertThat(refs(NotificationEventType.DELETE)).doesNotContainAnyElementsOf(expected);

    volume.publish(Map.of());
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(refs(NotificationEventType.DELETE)).containsAll(expected));
    assertThat(get(INV + "/v1/deploymentManagers?filter=(eq,name,edge-a)")).isEmpty();
    assertThat(get(INV + "/v1/deploymentManagers")).hasSize(1);
    List<InventoryChangeNotification> deletes =
        receiver.notifications("/inventory").stream()
            .filter(n -> n.notificationEventType() == NotificationEventType.DELETE)
            .toList();
    assertThat(deletes).allSatisfy(n -> assertThat(n.priorObjectState()).isPresent());
  }
}
