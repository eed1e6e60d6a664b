package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NameBasedUuid;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway in-process: subscription routes, the demo backend, the engine, admin routes;
 * and the demo O-Cloud's id across a rename (restarts on one data directory).
 */
class NotificationGatewayIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String INV = "/o2ims-infrastructureInventory";
  private static final String SUBS = INV + "/v1/subscriptions";

  private final ObjectMapper mapper = O2Json.newMapper();
  private final GatewayHttp http = new GatewayHttp();
  private final CallbackReceiver receiver = new CallbackReceiver();
  @TempDir Path dataDir;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    receiver.close();
  }

  private void start(Map<String, String> overrides) {
    Map<String, String> settings = new java.util.HashMap<>();
    settings.put("notifications.retry_initial_delay", "10ms");
    settings.put("notifications.retry_max_delay", "50ms");
    settings.put("notifications.poll_interval", "20ms");
    settings.put("notifications.lease_ttl", "1s");
    settings.putAll(overrides);
    gateway = InProcessGateways.start(dataDir, settings);
  }

  private HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder b = http.request(method, GatewayHttp.base(gateway) + path, body);
    // A bodiless admin POST says it is not a cross-site form (the demo profile refuses those).
    return http.send(body == null ? b.header("X-Requested-With", "NotificationGatewayIT") : b);
  }

  private JsonNode json(String text) {
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String subscribe(String path, String filter) {
    HttpResponse<String> r =
        send(
            "POST",
            SUBS,
            "{\"callback\":\"" + receiver.url(path) + "\",\"filter\":\"" + filter + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r.body()).get("subscriptionId").asText();
  }

  private String addNode(String name) {
    HttpResponse<String> r =
        send("POST", "/admin/v1/demo/resources", "{\"nodeName\":\"" + name + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r.body()).get("resourceId").asText();
  }

  @Test
  void aNodeAddedThroughTheDemoAdminApiIsNotifiedToTheSubscriber() {
    start(Map.of());
    subscribe("/nodes", "(eq,objectType,Resource)");
    String nodeId = addNode("e2e-node-1");
    await().atMost(WAIT).until(() -> receiver.notifications("/nodes").size() == 1);
    InventoryChangeNotification n = receiver.notifications("/nodes").get(0);
    assertThat(n.notificationEventType()).isEqualTo(NotificationEventType.CREATE);
    assertThat(n.objectRef().orElseThrow()).endsWith("/resources/" + nodeId);
    assertThat(n.postObjectState().orElseThrow()).containsEntry("resourceId", nodeId);
    assertThat(n.priorObjectState()).isEmpty();
    String metrics = send("GET", "/metrics", null).body();
    assertThat(metrics)
        .contains("notifications_delivered 1")
        .contains("notifications_delivery_latency_ms{quantile=\"0.99\"}")
        .contains("notifications_delivery_latency_ms_count 1");
  }

  @Test
  void refusedCallbacksAreA400NamingTheCallback() {
    start(Map.of("notifications.callback_allow_list", ""));
    HttpResponse<String> loopback =
        send("POST", SUBS, "{\"callback\":\"" + receiver.url("/x") + "\"}");
    assertThat(loopback.statusCode()).isEqualTo(400);
    assertThat(loopback.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(json(loopback.body()).path("detail").asText()).contains("loopback or private");
    HttpResponse<String> metadata =
        send("POST", SUBS, "{\"callback\":\"http://169.254.169.254/latest/meta-data\"}");
    assertThat(metadata.statusCode()).isEqualTo(400);
    assertThat(json(metadata.body()).path("additionalAttributes").path("member").asText())
        .isEqualTo("callback");
  }

  @Test
  void deadLettersAreListedAndReplayedThroughTheAdminApi() {
    start(Map.of("notifications.max_attempts", "2"));
    AtomicBoolean up = new AtomicBoolean();
    receiver.answer("/down", n -> up.get() ? 204 : 500);
    String subscriptionId = subscribe("/down", "(eq,objectType,Resource)");
    addNode("e2e-node-2");
    String list = "/admin/v1/notifications/dead-letters";
    await().atMost(WAIT).until(() -> json(send("GET", list, null).body()).size() == 1);
    JsonNode dead = json(send("GET", list, null).body()).get(0);
    assertThat(dead.get("subscriptionId").asText()).isEqualTo(subscriptionId);
    assertThat(dead.get("attempts").asInt()).isEqualTo(2);
    assertThat(dead.get("reason").asText()).isEqualTo("HTTP 500");
    assertThat(dead.get("notification").get("notificationEventType").asInt()).isZero();

    up.set(true);
    assertThat(
            send("POST", list + "/" + dead.get("deadLetterId").asText() + "/replay", null)
                .statusCode())
        .isEqualTo(202);
    await().atMost(WAIT).until(() -> receiver.notifications("/down").size() == 1);
    assertThat(receiver.notifications("/down").get(0).notificationId().toString())
        .isEqualTo(dead.get("notificationId").asText());
    assertThat(json(send("GET", list, null).body()).size()).isZero();
    assertThat(
            send("POST", list + "/" + java.util.UUID.randomUUID() + "/replay", null).statusCode())
        .isEqualTo(404);
  }

  private String subscribeIn(String view, String path) {
    HttpResponse<String> r =
        send(
            "POST",
            INV + "/" + view + "/subscriptions",
            "{\"callback\":\"" + receiver.url(path) + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r.body()).get("subscriptionId").asText();
  }

  /** Every inventory object's JSON in both views, to compare ids across a restart. */
  private Map<String, String> inventory() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String path :
        java.util.List.of(
            "/v1/resourcePools",
            "/v1/resourceTypes",
            "/v1/deploymentManagers",
            "/v2/resourcePools",
            "/v2/locations",
            "/v2/oCloudSites")) {
      HttpResponse<String> r = send("GET", INV + path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      out.put(path, r.body());
    }
    String pool = json(out.get("/v1/resourcePools")).get(0).get("resourcePoolId").asText();
    String resources = "/v1/resourcePools/" + pool + "/resources";
    out.put(resources, send("GET", INV + resources, null).body());
    return out;
  }

  private JsonNode delivered(String path) {
    java.util.List<JsonNode> bodies = new java.util.ArrayList<>();
    for (CallbackReceiver.Received r : receiver.received(path)) {
      if (r.delivered()) {
        bodies.add(json(r.body()));
      }
    }
    return mapper.valueToTree(bodies);
  }

  @Test
  void aRenamedDemoOCloudKeepsEveryIdAndItsSubscribersHearOnlyOfTheNewName() {
    // The service URI is fixed: built from the listener, it would change with the free port.
    String uri = "https://o2ims.example.net";
    start(Map.of("ocloud.name", "alpha", "ocloud.service_uri", uri));
    JsonNode before = json(send("GET", INV + "/v1", null).body());
    // A first start on a data directory derives the id from the name, as earlier releases did.
    assertThat(before.get("oCloudId").asText())
        .isEqualTo(NameBasedUuid.v5(DemoInventory.OCLOUD_NAMESPACE, "alpha").toString());
    Map<String, String> inventoryBefore = inventory();
    subscribeIn("v1", "/all-v1");
    subscribeIn("v2", "/all-v2");
    gateway.close();

    start(Map.of("ocloud.name", "beta", "ocloud.service_uri", uri));
    JsonNode after = json(send("GET", INV + "/v1", null).body());
    assertThat(after.get("name").asText()).isEqualTo("beta");
    assertThat(after.get("oCloudId")).isEqualTo(before.get("oCloudId"));
    assertThat(after.get("globalCloudId")).isEqualTo(before.get("globalCloudId"));
    assertThat(inventory()).isEqualTo(inventoryBefore);

    // The restart's catch-up notifies the O-Cloud (and whatever else it found) at once, in one
    // batch. Notifications of one subscription keep their order, so once a node added after that
    // is changed and notified, the list holds the whole catch-up before it (a label: nothing else
    // in the O2 view depends on it).
    String[] views = {"v1", "v2"};
    for (String view : views) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  delivered("/all-" + view)
                      .findValuesAsText("objectRef")
                      .contains(INV + "/" + view));
    }
    String pool =
        json(inventoryBefore.get("/v1/resourcePools")).get(0).get("resourcePoolId").asText();
    String nodeId =
        json(inventoryBefore.get("/v1/resourcePools/" + pool + "/resources"))
            .get(0)
            .get("resourceId")
            .asText();
    HttpResponse<String> patched =
        send("PATCH", "/admin/v1/demo/resources/" + nodeId, "{\"labels\":{\"team\":\"ran\"}}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    for (String view : views) {
      String path = "/all-" + view;
      await()
          .atMost(WAIT)
          .until(
              () ->
                  delivered(path).findValuesAsText("objectRef").stream()
                      .anyMatch(ref -> ref.endsWith("/resources/" + nodeId)));
      JsonNode got = delivered(path);
      assertThat(got).as(view + ": %s", got).hasSize(2);
      JsonNode modify = got.get(0);
      assertThat(modify.get("notificationEventType").asInt()).isEqualTo(1);
      assertThat(modify.get("objectRef").asText()).isEqualTo(INV + "/" + view);
      assertThat(modify.get("priorObjectState").get("name").asText()).isEqualTo("alpha");
      assertThat(modify.get("postObjectState").get("name").asText()).isEqualTo("beta");
      ((com.fasterxml.jackson.databind.node.ObjectNode) modify.get("priorObjectState"))
          .remove("name");
      ((com.fasterxml.jackson.databind.node.ObjectNode) modify.get("postObjectState"))
          .remove("name");
      assertThat(modify.get("postObjectState")).isEqualTo(modify.get("priorObjectState"));
      assertThat(got.get(1).get("notificationEventType").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aConfiguredOCloudIdWinsAndLeavesTheKeptIdForWhenItIsUnsetAgain() {
    start(Map.of("ocloud.name", "alpha"));
    String kept = json(send("GET", INV + "/v1", null).body()).get("oCloudId").asText();
    gateway.close();

    String configured = "0d5f3c2e-7a41-4b8e-9c6d-1e2f3a4b5c6d";
    start(Map.of("ocloud.name", "alpha", "ocloud.id", configured));
    assertThat(json(send("GET", INV + "/v1", null).body()).get("oCloudId").asText())
        .isEqualTo(configured);
    gateway.close();

    start(Map.of("ocloud.name", "gamma"));
    JsonNode cloud = json(send("GET", INV + "/v1", null).body());
    assertThat(cloud.get("oCloudId").asText()).isEqualTo(kept);
    assertThat(cloud.get("name").asText()).isEqualTo("gamma");
  }
}
