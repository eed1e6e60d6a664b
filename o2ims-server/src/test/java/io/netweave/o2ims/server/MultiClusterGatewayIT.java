package io.netweave.o2ims.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import io.netweave.o2ims.server.it.ReferenceSchemas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway on three emulated clusters configured as one O-Cloud (the single-cluster keys
 * plus {@code kubernetes.clusters}): both views list every cluster's objects, {@code /readyz} and
 * {@code /metrics} name each cluster, ids survive a restart, and a stopped cluster is flagged stale
 * while the others keep answering.
 */
class MultiClusterGatewayIT {
  private static final String INV = "/o2ims-infrastructureInventory";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private final List<KubeApiEmulator> clusters = new ArrayList<>();
  private Gateway gateway;

  @BeforeEach
  void clusters() {
    for (int i = 1; i <= 3; i++) {
      KubeApiEmulator e = new KubeApiEmulator().start();
      e.bookmarkInterval(Duration.ofMillis(300));
      e.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
      e.create(EmulatedKind.NODE, NodeFixtures.node("c" + i + "-a", "zone-a", "4", "16Gi"));
      e.create(EmulatedKind.NODE, NodeFixtures.node("c" + i + "-b", "zone-b", "4", "16Gi"));
      clusters.add(e);
    }
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    clusters.forEach(KubeApiEmulator::close);
  }

  private void startGateway() {
    startGatewayUnready();
    await().atMost(Duration.ofSeconds(60)).until(() -> get("/readyz").statusCode() == 200);
  }

  private void startGatewayUnready() {
    String list =
        "[{\"name\":\"edge-2\",\"api_url\":\""
            + clusters.get(1).url()
            + "\",\"site\":{\"name\":\"Lyon\",\"global_location_id\":\"lyon-1\","
            + "\"coordinate\":{\"type\":\"Point\",\"coordinates\":[4.83,45.76]},"
            + "\"civic_address\":[{\"ca_type\":1,\"ca_value\":\"FR\"},"
            + "{\"ca_type\":6,\"ca_value\":\"Lyon\"}],"
            + "\"address\":\"Place Bellecour, Lyon\"}},"
            + "{\"name\":\"edge-3\",\"api_url\":\""
            + clusters.get(2).url()
            + "\"}]";
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "backend", "kubernetes",
                "kubernetes.api_url", clusters.get(0).url(),
                "kubernetes.cluster_name", "central",
                "kubernetes.clusters", list,
                "kubernetes.staleness_check", "100ms",
                "alarms.evaluation_interval", "100ms"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(GatewayHttp.base(gateway) + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private Set<String> ids(String view) throws Exception {
    Set<String> ids = new TreeSet<>();
    json(INV + "/" + view + "/resourcePools").findValuesAsText("resourcePoolId").forEach(ids::add);
    json(INV + "/" + view + "/deploymentManagers")
        .findValuesAsText("deploymentManagerId")
        .forEach(ids::add);
    for (JsonNode pool : json(INV + "/" + view + "/resourcePools")) {
      json(INV
              + "/"
              + view
              + "/resourcePools/"
              + pool.path("resourcePoolId").asText()
              + "/resources")
          .findValuesAsText("resourceId")
          .forEach(ids::add);
    }
    return ids;
  }

  @Test
  void threeClustersAreOneOCloudInBothViews() throws Exception {
    startGateway();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(INV + "/v1/deploymentManagers").size() == 3);
    List<String> names = new ArrayList<>();
    json(INV + "/v1/deploymentManagers").forEach(d -> names.add(d.path("name").asText()));
    assertThat(names).containsExactlyInAnyOrder("central", "edge-2", "edge-3");
    assertThat(json(INV + "/v1/resourcePools")).hasSize(6);
    HttpResponse<String> pools = get(INV + "/v2/resourcePools");
    assertThat(pools.headers().firstValue("X-Total-Count")).contains("6");
    Set<String> v1 = ids("v1");
    assertThat(v1).hasSize(6 + 3 + 6);
    assertThat(ids("v2")).isEqualTo(v1);

    JsonNode locations = json(INV + "/v2/locations");
    assertThat(locations.findValuesAsText("globalLocationId"))
        .containsExactlyInAnyOrder("lyon-1", "eu-west-1");
    JsonNode lyon = json(INV + "/v2/locations/lyon-1");
    assertThat(lyon.path("coordinate").path("type").asText()).isEqualTo("Point");
    assertThat(lyon.path("civicAddress").findValuesAsText("caValue")).containsExactly("FR", "Lyon");
    assertThat(lyon.path("address").asText()).isEqualTo("Place Bellecour, Lyon");
    assertThat(json(INV + "/v2/oCloudSites")).hasSize(3);
    // Configured sites, several managers and pools of three clusters, in the reference shapes
    ReferenceSchemas v2Schemas = ReferenceSchemas.v2();
    ReferenceSchemas v1Schemas = ReferenceSchemas.v1();
    assertThat(v2Schemas.arrayErrors("LocationInfo", locations)).as(locations.toString()).isEmpty();
    for (String[] list :
        new String[][] {
          {"oCloudSites", "OCloudSiteInfo"},
          {"deploymentManagers", "DeploymentManager"},
          {"resourcePools", "ResourcePool"}
        }) {
      JsonNode inV2 = json(INV + "/v2/" + list[0]);
      assertThat(v2Schemas.arrayErrors(list[1], inV2)).as(inV2.toString()).isEmpty();
      if (!list[0].equals("oCloudSites")) {
        JsonNode inV1 = json(INV + "/v1/" + list[0]);
        assertThat(v1Schemas.arrayErrors(list[1], inV1)).as(inV1.toString()).isEmpty();
      }
    }
    assertThat(v2Schemas.errors("OCloudInfo", json(INV + "/v2"))).isEmpty();
    assertThat(v1Schemas.errors("OCloudInfo", json(INV + "/v1"))).isEmpty();
    // No ocloud.name configured: the Kubernetes default in both views
    assertThat(json(INV + "/v1").path("name").asText()).isEqualTo("netweave");
    assertThat(json(INV + "/v2").path("name").asText()).isEqualTo("netweave");

    String ready = get("/readyz").body();
    assertThat(ready)
        .contains("cluster central: ready", "cluster edge-2: ready", "cluster edge-3: ready");
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("kubernetes_cluster_edge_2_staleness_seconds")
        .contains("kubernetes_cluster_central_stale 0");

    gateway.close();
    gateway = null;
    startGateway();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(INV + "/v1/deploymentManagers").size() == 3);
    assertThat(ids("v1")).isEqualTo(v1);
  }

  @Test
  void aStoppedClusterIsFlaggedStaleAndTheOthersKeepAnswering() throws Exception {
    startGateway();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(INV + "/v1/deploymentManagers").size() == 3);
    clusters.get(2).stop();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/readyz").body().contains("cluster edge-3: stale"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (JsonNode dm : json(INV + "/v1/deploymentManagers")) {
                if (dm.path("name").asText().equals("edge-3")) {
                  return dm.path("extensions").path("stale").asBoolean(false);
                }
              }
              return false;
            });
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    // the staleness flag rides in extensions: the managers keep the reference shapes
    JsonNode managers = json(INV + "/v2/deploymentManagers");
    assertThat(ReferenceSchemas.v2().arrayErrors("DeploymentManager", managers))
        .as(managers.toString())
        .isEmpty();
    assertThat(get("/metrics").body()).contains("kubernetes_cluster_edge_3_stale 1");
    clusters.get(0).create(EmulatedKind.NODE, NodeFixtures.node("c1-new", "zone-a", "2", "8Gi"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(INV + "/v1/resourcePools").body().contains("zone-a") && countNodes() == 7);
    clusters.get(2).start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/readyz").body().contains("cluster edge-3: ready"));
  }

  @Test
  void theFirstClusterDownAtFirstStartHoldsTheOCloudUntilReachedThenARestartServesItsIdAtOnce()
      throws Exception {
    clusters.get(0).stop();
    startGatewayUnready();
    // The members sync, but the O-Cloud id derives from the first cluster: 503, never a nil id.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/readyz").body().contains("cluster edge-3: ready"));
    HttpResponse<String> waiting = get("/readyz");
    assertThat(waiting.statusCode()).isEqualTo(503);
    assertThat(waiting.body()).contains("waiting for cluster central, the O-Cloud's own");
    assertThat(get(INV + "/v1").statusCode()).isEqualTo(503);
    assertThat(get(INV + "/v2/resourcePools").statusCode()).isEqualTo(503);

    clusters.get(0).start();
    await().atMost(Duration.ofSeconds(60)).until(() -> get("/readyz").statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(INV + "/v1/deploymentManagers").size() == 3);
    String oCloudId = json(INV + "/v1").path("oCloudId").asText();
    assertThat(oCloudId).isNotEqualTo("00000000-0000-0000-0000-000000000000");
    Set<String> ids = ids("v1");

    // A restart while the first cluster is down: the id it derived was kept in the data
    // directory, so the O-Cloud is served at once, with the same ids, by the other clusters.
    gateway.close();
    gateway = null;
    clusters.get(0).stop();
    startGateway();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(INV + "/v1/deploymentManagers").size() == 2);
    assertThat(json(INV + "/v1").path("oCloudId").asText()).isEqualTo(oCloudId);
    assertThat(ids).containsAll(ids("v1"));
    assertThat(ids("v1")).hasSize(ids.size() - 5);

    clusters.get(0).start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(INV + "/v1/deploymentManagers").size() == 3);
    assertThat(ids("v1")).isEqualTo(ids);
    assertThat(json(INV + "/v1").path("oCloudId").asText()).isEqualTo(oCloudId);
  }

  @Test
  void aNodeOfAMemberClusterRaisesItsAlarmUnderItsListedResourceAndType() throws Exception {
    startGateway();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> json(INV + "/v1/deploymentManagers").size() == 3);
    JsonNode resource = null;
    for (JsonNode pool : json(INV + "/v1/resourcePools")) {
      for (JsonNode r :
          json(INV + "/v1/resourcePools/" + pool.path("resourcePoolId").asText() + "/resources")) {
        if (r.path("extensions").path("nodeName").asText().equals("c3-a")) {
          resource = r;
        }
      }
    }
    assertThat(resource).as("node c3-a of cluster edge-3").isNotNull();
    String resourceId = resource.path("resourceId").asText();
    // Ready=Unknown raises NodeUnreachable at once (no debounce).
    var node = clusters.get(2).get(EmulatedKind.NODE, null, "c3-a");
    var conditions =
        (com.fasterxml.jackson.databind.node.ArrayNode)
            node.path("status").path("conditions").deepCopy();
    conditions.forEach(
        c -> {
          if (c.path("type").asText().equals("Ready")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) c)
                .put("status", "Unknown")
                .put("lastTransitionTime", java.time.Instant.now().toString());
          }
        });
    var patch = JSON.createObjectNode();
    patch.putObject("status").set("conditions", conditions);
    clusters.get(2).patch(EmulatedKind.NODE, "c3-a", patch, true);
    String alarms =
        "/o2ims-infrastructureMonitoring/v1/alarms?filter=(eq,resourceID," + resourceId + ")";
    await().atMost(Duration.ofSeconds(30)).until(() -> json(alarms).size() == 1);
    JsonNode alarm = json(alarms).get(0);
    assertThat(alarm.path("extensions").path("alarmName").asText()).isEqualTo("NodeUnreachable");
    assertThat(alarm.path("resourceTypeID").asText())
        .isEqualTo(resource.path("resourceTypeId").asText());
    assertThat(json(INV + "/v1/resourceTypes").findValuesAsText("resourceTypeId"))
        .contains(alarm.path("resourceTypeID").asText());
  }

  private int countNodes() throws Exception {
    int n = 0;
    for (JsonNode pool : json(INV + "/v1/resourcePools")) {
      n +=
          json(INV + "/v1/resourcePools/" + pool.path("resourcePoolId").asText() + "/resources")
              .size();
    }
    return n;
  }
}
