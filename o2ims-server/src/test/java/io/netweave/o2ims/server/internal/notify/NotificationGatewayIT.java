package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
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
 * The whole gateway in-process: subscription routes, the demo backend, the engine, admin routes.
 */
class NotificationGatewayIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SUBS = "/o2ims-infrastructureInventory/v1/subscriptions";

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
}
