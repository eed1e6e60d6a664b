package io.netweave.o2ims.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway on the Kubernetes backend: the official client over real HTTP against the
 * Kubernetes API emulator, the O2 API read through the SDK. Node changes made in the "cluster" show
 * in the O2 API without a restart; ids survive a gateway restart; the gateway rides out an API
 * server outage with an expired watch.
 */
class KubernetesBackendIT {
  private static final Duration CHANGE_SEEN = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  private final KubeApiEmulator emulator = new KubeApiEmulator().start();
  private Gateway gateway;
  private O2imsClient client;

  @BeforeEach
  void cluster() {
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-2", "zone-a", "8", "32Gi"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-3", "zone-b", "4", "16Gi"));
    startGateway();
  }

  @AfterEach
  void stop() {
    client.close();
    gateway.close();
    emulator.close();
  }

  private void startGateway() {
    gateway =
        InProcessGateways.start(
            dataDir, Map.of("backend", "kubernetes", "kubernetes.api_url", emulator.url()));
    client = O2imsClient.builder().baseUrl(GatewayHttp.base(gateway)).build();
    await().atMost(Duration.ofSeconds(60)).until(() -> readyz().statusCode() == 200);
  }

  private HttpResponse<String> readyz() throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(GatewayHttp.base(gateway) + "/readyz")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, ResourcePool> poolsByName() {
    return client.resourcePools().list().collect(Collectors.toMap(ResourcePool::name, p -> p));
  }

  private Optional<Resource> node(String name) {
    return client.resourcePools().list().toList().stream()
        .flatMap(p -> client.resources(p.resourcePoolId()).list())
        .filter(r -> name.equals(r.extensions().get("nodeName")))
        .findFirst();
  }

  private static ObjectNode patch() {
    return JsonNodeFactory.instance.objectNode();
  }

  @Test
  void theClusterIsServedAsPoolsResourcesTypesAndOneDeploymentManager() {
    assertThat(poolsByName().keySet()).containsExactlyInAnyOrder("zone-a", "zone-b");
    assertThat(client.resources(poolsByName().get("zone-a").resourcePoolId()).list())
        .extracting(r -> r.extensions().get("nodeName"))
        .containsExactlyInAnyOrder("edge-1", "edge-2");
    assertThat(client.resourceTypes().list()).isNotEmpty();
    assertThat(client.deploymentManagers().list().toList())
        .singleElement()
        .satisfies(dm -> assertThat(dm.capacity()).containsEntry("cpu", "16"));
    assertThat(client.oCloud().extensions()).isNotNull();
    // No ocloud.name configured: the Kubernetes default, not the demo O-Cloud's name
    assertThat(client.oCloud().name()).isEqualTo("netweave");
  }

  @Test
  void createdLabelledCordonedResizedAndDeletedNodesShowInTheApi() {
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-4", "zone-c", "2", "8Gi"));
    await().atMost(CHANGE_SEEN).until(() -> poolsByName().containsKey("zone-c"));
    assertThat(node("edge-4")).isPresent();

    ObjectNode relabel = patch();
    relabel.putObject("metadata").putObject("labels").put("topology.kubernetes.io/zone", "zone-b");
    emulator.patch(EmulatedKind.NODE, "edge-4", relabel, false);
    await()
        .atMost(CHANGE_SEEN)
        .until(
            () ->
                node("edge-4")
                    .map(
                        r ->
                            r.resourcePoolId().equals(poolsByName().get("zone-b").resourcePoolId()))
                    .orElse(false));
    await().atMost(CHANGE_SEEN).until(() -> !poolsByName().containsKey("zone-c"));

    ObjectNode cordon = patch();
    cordon.putObject("spec").put("unschedulable", true);
    emulator.patch(EmulatedKind.NODE, "edge-4", cordon, false);
    await()
        .atMost(CHANGE_SEEN)
        .until(
            () ->
                node("edge-4")
                    .map(r -> Boolean.TRUE.equals(r.extensions().get("unschedulable")))
                    .orElse(false));

    ObjectNode resize = patch();
    ObjectNode status = resize.putObject("status");
    status.putObject("capacity").put("cpu", "6");
    status.putObject("allocatable").put("cpu", "6");
    emulator.patch(EmulatedKind.NODE, "edge-4", resize, true);
    await()
        .atMost(CHANGE_SEEN)
        .until(
            () ->
                node("edge-4")
                    .map(r -> ((Map<?, ?>) r.extensions().get("capacity")).get("cpu"))
                    .map("6"::equals)
                    .orElse(false));

    emulator.delete(EmulatedKind.NODE, "edge-4");
    await().atMost(CHANGE_SEEN).until(() -> node("edge-4").isEmpty());
  }

  @Test
  void nodesTheClientCannotReadHideNoOtherNodeAndStopNoWatch() {
    // a malformed quantity, and a member of an unexpected type, arriving through the watch
    ObjectNode badQuantity = NodeFixtures.node("edge-q", "zone-a", "4", "16Gi");
    ((ObjectNode) badQuantity.path("status").path("capacity")).put("cpu", "four");
    emulator.create(EmulatedKind.NODE, badQuantity);
    ObjectNode badType = NodeFixtures.node("edge-t", "zone-a", "4", "16Gi");
    ((ObjectNode) badType.path("spec")).putObject("unschedulable").put("x", 1);
    emulator.create(EmulatedKind.NODE, badType);
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-5", "zone-b", "2", "8Gi"));

    await().atMost(CHANGE_SEEN).until(() -> node("edge-5").isPresent());
    @SuppressWarnings("unchecked")
    Map<String, Object> capacity =
        (Map<String, Object>) node("edge-q").orElseThrow().extensions().get("capacity");
    assertThat(capacity).doesNotContainKey("cpu").containsEntry("memory", "16Gi");
    assertThat(node("edge-t")).isEmpty();
    assertThat(node("edge-1")).isPresent();
  }

  @Test
  void idsAreTheSameAfterAGatewayRestart() {
    Set<UUID> pools =
        client.resourcePools().list().map(ResourcePool::resourcePoolId).collect(Collectors.toSet());
    Set<UUID> resources =
        pools.stream()
            .flatMap(p -> client.resources(p).list())
            .map(Resource::resourceId)
            .collect(Collectors.toSet());
    UUID ocloud = client.oCloud().oCloudId();
    client.close();
    gateway.close();

    startGateway();
    assertThat(client.oCloud().oCloudId()).isEqualTo(ocloud);
    Set<UUID> poolsAfter =
        client.resourcePools().list().map(ResourcePool::resourcePoolId).collect(Collectors.toSet());
    assertThat(poolsAfter).isEqualTo(pools);
    assertThat(
            poolsAfter.stream()
                .flatMap(p -> client.resources(p).list())
                .map(Resource::resourceId)
                .collect(Collectors.toSet()))
        .isEqualTo(resources);
  }

  @Test
  void theGatewayKeepsServingThroughAnApiServerOutageAndResumesWatching() throws Exception {
    emulator.stop();
    assertThat(poolsByName()).containsKeys("zone-a", "zone-b");
    await().atMost(Duration.ofSeconds(60)).until(() -> readyz().body().contains("\"stale\":true"));

    emulator.compact();
    emulator.restart();
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-9", "zone-a", "4", "16Gi"));
    await().atMost(Duration.ofSeconds(60)).until(() -> node("edge-9").isPresent());
    await().atMost(Duration.ofSeconds(60)).until(() -> readyz().body().contains("\"stale\":false"));
    List<String> names =
        client
            .resources(poolsByName().get("zone-a").resourcePoolId())
            .list()
            .map(r -> (String) r.extensions().get("nodeName"))
            .toList();
    assertThat(names).containsExactlyInAnyOrder("edge-1", "edge-2", "edge-9");
  }
}
