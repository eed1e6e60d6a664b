package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import io.netweave.o2ims.server.it.ReferenceSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * v1 and v2 subscriptions on the same Kubernetes changes (the emulator, the official client, the
 * whole gateway): each hears its own view's shapes and object references; v2 also hears of O-Cloud
 * sites and locations; a v2 filter on {@code oCloudSiteId} selects, and is a 400 in v1. Every v2
 * notification body validates against the kni-v2 {@code InventoryChangeNotification} schema, and
 * its object states against the schema of the object its {@code objectRef} names.
 */
class ViewSubscriptionsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String INV = "/o2ims-infrastructureInventory";
  private static final String CONSUMER = "8C6F3A52-1B2D-4E5F-9A0B-1C2D3E4F5A6B";

  private final ObjectMapper mapper = O2Json.newMapper();
  private final GatewayHttp http = new GatewayHttp();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final KubeApiEmulator emulator = new KubeApiEmulator().start();
  private final ReferenceSchemas v1Schemas = ReferenceSchemas.v1();
  private final ReferenceSchemas v2Schemas = ReferenceSchemas.v2();
  @TempDir Path dataDir;
  private Gateway gateway;

  @BeforeEach
  void start() {
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-3", "zone-b", "4", "16Gi"));
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "backend", "kubernetes",
                "kubernetes.api_url", emulator.url(),
                "notifications.retry_initial_delay", "10ms",
                "notifications.poll_interval", "20ms",
                "notifications.lease_ttl", "1s",
                "notifications.subscription_refresh", "50ms"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> send("GET", "/readyz", null).statusCode() == 200);
  }

  @AfterEach
  void stop() {
    gateway.close();
    receiver.close();
    emulator.close();
  }

  private HttpResponse<String> send(String method, String path, String body) {
    return http.send(gateway, method, path, body);
  }

  private JsonNode json(String text) {
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> subscribe(String view, String path, String filter, String consumer) {
    String body =
        "{\"callback\":\""
            + receiver.url(path)
            + "\""
            + (filter == null ? "" : ",\"filter\":\"" + filter + "\"")
            + (consumer == null ? "" : ",\"consumerSubscriptionId\":\"" + consumer + "\"")
            + "}";
    return send("POST", INV + "/" + view + "/subscriptions", body);
  }

  /**
   * Every body received on a path validates against the view's {@code InventoryChangeNotification}
   * schema, its object states against the schema of the object its {@code objectRef} names, and the
   * presence rules of the states ({@link ReferenceSchemas#inventoryNotificationErrors}).
   */
  private void assertBodies(ReferenceSchemas schemas, String path) {
    List<CallbackReceiver.Received> bodies =
        receiver.received(path).stream().filter(CallbackReceiver.Received::delivered).toList();
    assertThat(bodies).as("notifications on " + path).isNotEmpty();
    for (CallbackReceiver.Received r : bodies) {
      assertThat(schemas.inventoryNotificationErrors(json(r.body()))).as(r.body()).isEmpty();
    }
  }

  private String created(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r.body()).path("subscriptionId").asText();
  }

  @Test
  void eachViewHearsItsOwnShapesOfTheSameChange() {
    String siteOfZoneA =
        json(send("GET", INV + "/v2/resourcePools?filter=(eq,name,zone-a)", null).body())
            .get(0)
            .path("oCloudSiteId")
            .asText();
    String v1 = created(subscribe("v1", "/v1-pools", "(eq,objectType,ResourcePool)", null));
    String v2 = created(subscribe("v2", "/v2-pools", "(eq,objectType,ResourcePool)", CONSUMER));
    created(subscribe("v2", "/v2-sites", "(in,objectType,OCloudSite,Location)", null));
    created(subscribe("v2", "/v2-site-a", "(eq,oCloudSiteId," + siteOfZoneA + ")", null));
    HttpResponse<String> inV1 =
        subscribe("v1", "/never", "(eq,oCloudSiteId," + siteOfZoneA + ")", null);
    assertThat(inV1.statusCode()).as(inV1.body()).isEqualTo(400);
    assertThat(send("GET", INV + "/v1/subscriptions", null).body()).contains(v1).doesNotContain(v2);
    assertThat(send("GET", INV + "/v2/subscriptions", null).body()).contains(v2).doesNotContain(v1);
    assertThat(
            json(send("GET", INV + "/v2/subscriptions/" + v2, null).body())
                .path("consumerSubscriptionId")
                .asText())
        .isEqualTo(CONSUMER);
    assertThat(send("GET", INV + "/v1/subscriptions/" + v2, null).statusCode()).isEqualTo(404);

    // Changes made before this replica became the producer are its silent baseline: wait until a
    // probe change (a node in zone-b, which no pool or site notices) is notified.
    created(subscribe("v1", "/probe", "(eq,objectType,Resource)", null));
    java.util.concurrent.atomic.AtomicInteger probes =
        new java.util.concurrent.atomic.AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              emulator.create(
                  EmulatedKind.NODE,
                  NodeFixtures.node("probe-" + probes.incrementAndGet(), "zone-b", "1", "1Gi"));
              return !receiver.notifications("/probe").isEmpty();
            });
    assertThat(receiver.notifications("/v1-pools")).isEmpty();
    assertThat(receiver.notifications("/v2-pools")).isEmpty();

    // A node in a new zone and region: a new pool, a new site, a new location.
    ObjectNode node = NodeFixtures.node("north-1", "zone-n", "4", "16Gi");
    ((ObjectNode) node.path("metadata").path("labels"))
        .put("topology.kubernetes.io/region", "eu-north-9");
    emulator.create(EmulatedKind.NODE, node);

    await().atMost(WAIT).until(() -> !receiver.notifications("/v1-pools").isEmpty());
    await().atMost(WAIT).until(() -> !receiver.notifications("/v2-pools").isEmpty());
    InventoryChangeNotification inOne = receiver.notifications("/v1-pools").get(0);
    InventoryChangeNotification inTwo = receiver.notifications("/v2-pools").get(0);
    assertThat(inOne.notificationEventType()).isEqualTo(NotificationEventType.CREATE);
    assertThat(inTwo.notificationEventType()).isEqualTo(NotificationEventType.CREATE);
    assertThat(inTwo.notificationId()).isEqualTo(inOne.notificationId()); // one id per change
    assertThat(inOne.objectRef().orElseThrow()).startsWith(INV + "/v1/resourcePools/");
    assertThat(inTwo.objectRef().orElseThrow()).startsWith(INV + "/v2/resourcePools/");
    assertThat(inOne.postObjectState().orElseThrow())
        .containsKeys("oCloudId", "globalLocationId")
        .doesNotContainKey("oCloudSiteId");
    assertThat(inTwo.postObjectState().orElseThrow())
        .containsKey("oCloudSiteId")
        .doesNotContainKeys("oCloudId", "globalLocationId", "location");
    String rawTwo = receiver.received("/v2-pools").get(0).body();
    assertThat(json(rawTwo).path("consumerSubscriptionId").asText()).isEqualTo(CONSUMER);

    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<String> refs =
                  receiver.notifications("/v2-sites").stream()
                      .map(n -> n.objectRef().orElse(""))
                      .toList();
              return refs.contains(INV + "/v2/locations/eu-north-9")
                  && refs.stream().anyMatch(r -> r.startsWith(INV + "/v2/oCloudSites/"));
            });
    assertThat(receiver.notifications("/v2-site-a")).isEmpty();

    // The only node of zone-a goes: its pool (in the eu-west-1 site) is deleted.
    emulator.delete(EmulatedKind.NODE, "edge-1");
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/v2-site-a").stream()
                    .anyMatch(
                        n ->
                            n.notificationEventType() == NotificationEventType.DELETE
                                && n.objectRef().orElse("").contains("/v2/resourcePools/")));
    assertThat(receiver.notifications("/v2-site-a"))
        .allSatisfy(
            n ->
                assertThat(
                        n.postObjectState()
                            .or(n::priorObjectState)
                            .orElseThrow()
                            .get("oCloudSiteId"))
                    .isEqualTo(siteOfZoneA));

    for (String path : List.of("/v2-pools", "/v2-sites", "/v2-site-a")) {
      assertBodies(v2Schemas, path);
    }
    for (String path : List.of("/v1-pools", "/probe")) {
      assertBodies(v1Schemas, path);
    }
  }

  /** The collection and event type of each delivered notification on a path, in order. */
  private List<String> events(String path) {
    return receiver.received(path).stream()
        .filter(CallbackReceiver.Received::delivered)
        .map(r -> json(r.body()))
        .map(
            n -> {
              String[] ref = n.path("objectRef").asText().split("/");
              return ref[ref.length - 2] + " " + n.path("notificationEventType").asInt();
            })
        .toList();
  }

  @Test
  void v2NotificationsNameASiteOnlyAfterItsCreateAndDeleteWhatASiteHoldsBeforeTheSite() {
    created(subscribe("v2", "/order", null, null));
    created(subscribe("v1", "/order-v1", null, null));
    // One node in a region of its own: a location, a site, a pool and a resource, in one change;
    // of a flavour of its own too: a resource type.
    ObjectNode node = NodeFixtures.node("edge-far", "zone-far", "4", "16Gi");
    ((ObjectNode) node.path("metadata").path("labels"))
        .put("topology.kubernetes.io/region", "ap-south-9")
        .put("node.kubernetes.io/instance-type", "far.metal");
    emulator.create(EmulatedKind.NODE, node);
    List<String> created =
        List.of("locations 0", "oCloudSites 0", "resourcePools 0", "resources 0");
    await().atMost(WAIT).until(() -> events("/order").containsAll(created));
    assertThat(events("/order").stream().filter(created::contains).toList())
        .as("containers before what they hold: %s", events("/order"))
        .containsExactlyElementsOf(created);

    int before = events("/order").size();
    emulator.delete(EmulatedKind.NODE, "edge-far");
    List<String> deleted =
        List.of("resources 2", "resourcePools 2", "oCloudSites 2", "locations 2");
    await()
        .atMost(WAIT)
        .until(
            () -> events("/order").subList(before, events("/order").size()).containsAll(deleted));
    List<String> after = events("/order").subList(before, events("/order").size());
    assertThat(after.stream().filter(deleted::contains).toList())
        .as("contents before their containers: %s", after)
        .containsExactlyElementsOf(deleted);
    await()
        .atMost(WAIT)
        .until(() -> events("/order-v1").containsAll(List.of("resources 2", "resourcePools 2")));
    assertThat(events("/order")).contains("resourceTypes 0");
    assertThat(events("/order-v1")).contains("resourceTypes 0", "resources 0", "resourcePools 0");
    assertBodies(v2Schemas, "/order");
    assertBodies(v1Schemas, "/order-v1");
  }
}
