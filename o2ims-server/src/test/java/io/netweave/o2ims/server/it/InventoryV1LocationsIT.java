package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.INV;
import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A v1 deployment manager's {@code supportedLocations} (R004: "globalLocationIDs that were assigned
 * to the OCloud Site(s) which this Deployment Manager supports") are the globalLocationIds of its
 * sites' locations, the same list as in v2: sorted, each once, for one cluster and for several.
 * When a pool's region changes, the v1 manager is served and notified with its new list, as in v2.
 * Kubernetes emulators behind the whole gateway; v1 objects checked against the R004 schema.
 */
class InventoryV1LocationsIT {
  private static final String V2 = INV + "/v2";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  private final List<KubeApiEmulator> clusters = new ArrayList<>();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final ApiChecks v1 = new ApiChecks(new ReferenceSchemas());
  private Gateway gateway;
  private Client client;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    receiver.close();
    clusters.forEach(KubeApiEmulator::close);
  }

  /** A cluster whose nodes are (name, zone, region). */
  private KubeApiEmulator cluster(String[]... nodes) {
    KubeApiEmulator e = new KubeApiEmulator().start();
    e.bookmarkInterval(Duration.ofMillis(300));
    e.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    for (String[] n : nodes) {
      ObjectNode node = NodeFixtures.node(n[0], n[1], "4", "16Gi");
      ((ObjectNode) node.path("metadata").path("labels"))
          .put("topology.kubernetes.io/region", n[2]);
      e.create(EmulatedKind.NODE, node);
    }
    clusters.add(e);
    return e;
  }

  private void start(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("backend", "kubernetes");
    all.put("notifications.poll_interval", "20ms");
    all.put("notifications.retry_initial_delay", "10ms");
    gateway = InProcessGateways.start(dataDir, all);
    client = new Client(GatewayHttp.base(gateway));
    await().atMost(WAIT).until(() -> client.get("/readyz").status() == 200);
  }

  /** supportedLocations of every manager, by manager name, from a view's list. */
  private Map<String, List<String>> byName(JsonNode managers) {
    Map<String, List<String>> out = new HashMap<>();
    for (JsonNode dm : managers) {
      out.put(dm.path("name").asText(), texts(dm.path("supportedLocations")));
    }
    return out;
  }

  private JsonNode v1Managers() {
    JsonNode list = v1.okList(client.get(V1 + "/deploymentManagers"), "DeploymentManager");
    for (JsonNode dm : list) {
      String id = dm.path("deploymentManagerId").asText();
      assertThat(v1.ok(client.get(V1 + "/deploymentManagers/" + id), "DeploymentManager"))
          .isEqualTo(dm);
    }
    return list;
  }

  private JsonNode v2Managers() {
    Reply r = client.get(V2 + "/deploymentManagers");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void oneClusterListsItsRegionsOnceSortedAndFollowsARegionChangeWithANotification() {
    KubeApiEmulator cluster =
        cluster(
            new String[] {"edge-1", "zone-a", "eu-west-1"},
            new String[] {"edge-2", "zone-b", "eu-north-9"},
            new String[] {"edge-3", "zone-c", "eu-west-1"});
    start(Map.of("kubernetes.api_url", cluster.url(), "kubernetes.cluster_name", "central"));

    Map<String, List<String>> inV1 = byName(v1Managers());
    assertThat(inV1).containsExactly(Map.entry("central", List.of("eu-north-9", "eu-west-1")));
    assertThat(inV1).isEqualTo(byName(v2Managers()));
    // The v1 filter sees the same list.
    assertThat(
            client.get(V1 + "/deploymentManagers?filter=(eq,supportedLocations,eu-north-9)").json())
        .hasSize(1);

    Reply sub =
        client.postJson(
            V1 + "/subscriptions",
            "{\"callback\":\""
                + receiver.url("/v1-dm")
                + "\",\"filter\":\"(eq,objectType,DeploymentManager)\"}");
    assertThat(sub.status()).as(sub.body()).isEqualTo(201);
    Reply sub2 =
        client.postJson(
            V2 + "/subscriptions",
            "{\"callback\":\""
                + receiver.url("/v2-dm")
                + "\",\"filter\":\"(eq,objectType,DeploymentManager)\"}");
    assertThat(sub2.status()).as(sub2.body()).isEqualTo(201);

    // zone-b's only node moves to another region: zone-b's pool, site and location change.
    ObjectNode patch = cluster.newObject();
    patch
        .putObject("metadata")
        .putObject("labels")
        .put("topology.kubernetes.io/region", "eu-south-3");
    cluster.patch(EmulatedKind.NODE, "edge-2", patch, false);

    List<String> after = List.of("eu-south-3", "eu-west-1");
    await()
        .atMost(WAIT)
        .until(() -> modifies("/v1-dm").size() >= 1 && modifies("/v2-dm").size() >= 1);
    JsonNode n = modifies("/v1-dm").get(0);
    assertThat(n.path("objectRef").asText()).startsWith(V1 + "/deploymentManagers/");
    assertThat(texts(n.path("priorObjectState").path("supportedLocations")))
        .isEqualTo(List.of("eu-north-9", "eu-west-1"));
    assertThat(texts(n.path("postObjectState").path("supportedLocations"))).isEqualTo(after);
    assertThat(v1.schemas().errors("DeploymentManager", n.path("postObjectState"))).isEmpty();
    JsonNode inTwo = modifies("/v2-dm").get(0);
    assertThat(texts(inTwo.path("postObjectState").path("supportedLocations"))).isEqualTo(after);
    assertThat(inTwo.path("notificationId")).isEqualTo(n.path("notificationId"));
    assertThat(modifies("/v1-dm")).hasSize(1);

    // Served from the response cache before the change, the list is the new one after it.
    await().atMost(WAIT).until(() -> byName(v1Managers()).get("central").equals(after));
    assertThat(byName(v1Managers())).isEqualTo(byName(v2Managers()));
  }

  @Test
  void severalClustersEachListTheirOwnSitesLocations() {
    KubeApiEmulator central =
        cluster(
            new String[] {"c1-a", "zone-a", "eu-west-1"},
            new String[] {"c1-b", "zone-b", "eu-north-9"});
    KubeApiEmulator lyon = cluster(new String[] {"c2-a", "zone-a", "eu-west-3"});
    KubeApiEmulator edge3 =
        cluster(
            new String[] {"c3-a", "zone-a", "eu-west-1"},
            new String[] {"c3-b", "zone-b", "eu-west-1"});
    String list =
        "[{\"name\":\"edge-2\",\"api_url\":\""
            + lyon.url()
            + "\",\"site\":{\"name\":\"Lyon\",\"global_location_id\":\"lyon-1\"}},"
            + "{\"name\":\"edge-3\",\"api_url\":\""
            + edge3.url()
            + "\"}]";
    start(
        Map.of(
            "kubernetes.api_url",
            central.url(),
            "kubernetes.cluster_name",
            "central",
            "kubernetes.clusters",
            list));

    Map<String, List<String>> inV1 = byName(v1Managers());
    assertThat(inV1)
        .containsOnly(
            Map.entry("central", List.of("eu-north-9", "eu-west-1")),
            Map.entry("edge-2", List.of("lyon-1")),
            Map.entry("edge-3", List.of("eu-west-1")));
    assertThat(inV1).isEqualTo(byName(v2Managers()));
  }

  /** The modify notifications accepted on a path, in arrival order. */
  private List<JsonNode> modifies(String path) {
    return receiver.received(path).stream()
        .filter(CallbackReceiver.Received::delivered)
        .map(r -> parse(r.body()))
        .filter(n -> n.path("notificationEventType").asInt() == 1)
        .toList();
  }

  private static JsonNode parse(String body) {
    try {
      return O2Json.newMapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
