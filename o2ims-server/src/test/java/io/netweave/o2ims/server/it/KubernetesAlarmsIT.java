package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threeten.extra.MutableClock;

/**
 * Node alarms from a "cluster": the gateway's Kubernetes adapter (the official client, watching
 * over real HTTP) against the Kubernetes API emulator, whose nodes the test changes. The gateway
 * runs on a fake clock, so debounce is checked by advancing it. Records (severities, times,
 * extensions) are read through the monitoring API and the notifications a real HTTP receiver gets
 * are checked field by field against the kni-v2 schema: exactly one per transition.
 */
class KubernetesAlarmsIT {
  static final String ALARMS = AlarmApiIT.ALARMS;
  static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
  static final String GLOBAL_CLOUD = "9d2b8f4e-5c1a-4e7b-8f3d-2a6c9e1b7d40";

  @TempDir Path dataDir;
  final KubeApiEmulator emulator = new KubeApiEmulator().start();
  final CallbackReceiver receiver = new CallbackReceiver();
  final MutableClock clock = MutableClock.of(T0, ZoneOffset.UTC);
  final ReferenceSchemas schemas = ReferenceSchemas.alarms();
  Gateway gateway;
  Client client;

  @BeforeEach
  void cluster() {
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    for (String n : List.of("edge-1", "edge-2", "edge-3")) {
      emulator.create(EmulatedKind.NODE, NodeFixtures.node(n, "zone-a", "4", "16Gi"));
    }
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "backend", "kubernetes",
                "kubernetes.api_url", emulator.url(),
                "ocloud.global_cloud_id", GLOBAL_CLOUD,
                "notifications.poll_interval", "50ms",
                "alarms.evaluation_interval", "100ms",
                "alarms.node_unschedulable.enabled", "true"),
            clock);
    client = new Client(GatewayHttp.base(gateway));
    await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/readyz").status() == 200);
    Reply sub = client.postJson(AlarmApiIT.SUBS, "{\"callback\":\"" + receiver.url("/smo") + "\"}");
    assertThat(sub.status()).as(sub.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    gateway.close();
    emulator.close();
    receiver.close();
  }

  /** Sets conditions of a node through its status subresource, each transitioning at {@code at}. */
  void conditions(String node, Map<String, String> statuses, Instant at) {
    ObjectNode current = emulator.get(EmulatedKind.NODE, null, node);
    ArrayNode list = (ArrayNode) current.path("status").path("conditions").deepCopy();
    Map<String, String> left = new HashMap<>(statuses);
    for (JsonNode c : list) {
      String status = left.remove(c.path("type").asText());
      if (status != null && !status.equals(c.path("status").asText())) {
        ((ObjectNode) c)
            .put("status", status)
            .put("lastTransitionTime", at.toString())
            .put("reason", "Test" + status)
            .put("message", c.path("type").asText() + " is " + status);
      }
    }
    left.forEach(
        (type, status) ->
            list.addObject()
                .put("type", type)
                .put("status", status)
                .put("lastHeartbeatTime", at.toString())
                .put("lastTransitionTime", at.toString())
                .put("reason", "Test" + status)
                .put("message", type + " is " + status));
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("status").set("conditions", list);
    emulator.patch(EmulatedKind.NODE, node, patch, true);
  }

  /** Sets one condition of a node as given, keeping the others. */
  void condition(
      String node, String type, String status, String reason, String message, Instant since) {
    ObjectNode current = emulator.get(EmulatedKind.NODE, null, node);
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (JsonNode c : current.path("status").path("conditions")) {
      if (!c.path("type").asText().equals(type)) {
        list.add(c);
      }
    }
    list.addObject()
        .put("type", type)
        .put("status", status)
        .put("lastHeartbeatTime", clock.instant().toString())
        .put("lastTransitionTime", since.toString())
        .put("reason", reason)
        .put("message", message);
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("status").set("conditions", list);
    emulator.patch(EmulatedKind.NODE, node, patch, true);
  }

  List<JsonNode> alarmsOf(String node) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : client.get(ALARMS + "?filter=(eq,extensions/nodeName," + node + ")").json()) {
      out.add(a);
    }
    return out;
  }

  /**
   * Whether the gateway's inventory lists {@code node} as unschedulable (its health, which dates
   * the cordon, is updated in the same applied batch, before the inventory snapshot).
   */
  boolean inventoryShowsCordoned(String node) {
    for (JsonNode pool : client.get(Client.V1 + "/resourcePools").json()) {
      String resources =
          Client.V1
              + "/resourcePools/"
              + pool.path("resourcePoolId").asText()
              + "/resources?filter=(eq,extensions/nodeName,"
              + node
              + ")";
      for (JsonNode r : client.get(resources).json()) {
        if (r.path("extensions").path("unschedulable").asBoolean()) {
          return true;
        }
      }
    }
    return false;
  }

  JsonNode awaitAlarm(String node, String name, boolean active) {
    List<JsonNode> found = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              found.clear();
              alarmsOf(node).stream()
                  .filter(a -> a.path("extensions").path("alarmName").asText().equals(name))
                  .filter(a -> a.has("alarmClearedTime") != active)
                  .forEach(found::add);
              return !found.isEmpty();
            });
    JsonNode a = found.get(0);
    assertThat(schemas.errors("AlarmEventRecord", a)).as(a.toString()).isEmpty();
    return a;
  }

  List<JsonNode> notifications() {
    return receiver.received("/smo").stream()
        .filter(CallbackReceiver.Received::delivered)
        .map(r -> AlarmApiIT.read(r.body()))
        .toList();
  }

  /** "nodeName/alarmName/eventType" of every notification received. */
  List<String> events() {
    return notifications().stream().map(AlarmApiIT::event).toList();
  }

  @Test
  void readinessPressuresAndCordonRaiseAndClearAlarmsNotifiedOncePerTransition() {
    // Ready False with a condition that has no debounce, in one update: the pass that raises
    // NetworkUnavailable has seen Ready False, and within its 60 s debounce (the test's clock
    // stands still) no pass raises NotReady, however often the producer evaluates
    conditions("edge-1", Map.of("Ready", "False", "NetworkUnavailable", "True"), T0);
    awaitAlarm("edge-1", "NodeNetworkUnavailable", true);
    assertThat(alarmsOf("edge-1"))
        .extracting(a -> a.path("extensions").path("alarmName").asText())
        .containsExactly("NodeNetworkUnavailable");
    conditions("edge-1", Map.of("NetworkUnavailable", "False"), T0);
    awaitAlarm("edge-1", "NodeNetworkUnavailable", false);
    clock.add(Duration.ofSeconds(60));
    JsonNode notReady = awaitAlarm("edge-1", "NodeNotReady", true);
    assertThat(notReady.path("perceivedSeverity").asInt()).isEqualTo(1);
    assertThat(notReady.path("alarmRaisedTime").asText()).isEqualTo(T0.plusSeconds(60).toString());
    assertThat(notReady.path("extensions").path("reason").asText()).isEqualTo("TestFalse");
    assertThat(notReady.path("extensions").path("status").asText()).isEqualTo("False");

    // a heartbeat changes nothing
    emulator.patch(
        EmulatedKind.NODE,
        "edge-1",
        NodeFixtures.heartbeat(emulator, "edge-1", T0.plusSeconds(61).toString()),
        true);

    // Unknown: NotReady clears, Unreachable (no debounce) is raised
    clock.add(Duration.ofSeconds(5));
    conditions("edge-1", Map.of("Ready", "Unknown"), clock.instant());
    JsonNode unreachable = awaitAlarm("edge-1", "NodeUnreachable", true);
    assertThat(unreachable.path("perceivedSeverity").asInt()).isZero();
    JsonNode notReadyCleared = awaitAlarm("edge-1", "NodeNotReady", false);
    assertThat(notReadyCleared.path("perceivedSeverity").asInt()).isEqualTo(5);
    assertThat(notReadyCleared.path("alarmClearedTime").asText())
        .isEqualTo(clock.instant().toString());
    conditions("edge-1", Map.of("Ready", "True"), clock.instant());
    awaitAlarm("edge-1", "NodeUnreachable", false);

    // pressures, after their 5 minute debounce
    Instant pressure = clock.instant();
    conditions(
        "edge-2",
        Map.of("MemoryPressure", "True", "DiskPressure", "True", "PIDPressure", "True"),
        pressure);
    clock.add(Duration.ofMinutes(5));
    assertThat(awaitAlarm("edge-2", "NodeMemoryPressure", true).path("perceivedSeverity").asInt())
        .isEqualTo(2);
    assertThat(awaitAlarm("edge-2", "NodeDiskPressure", true).path("perceivedSeverity").asInt())
        .isEqualTo(2);
    assertThat(awaitAlarm("edge-2", "NodePIDPressure", true).path("perceivedSeverity").asInt())
        .isEqualTo(3);
    conditions(
        "edge-2",
        Map.of("MemoryPressure", "False", "DiskPressure", "False", "PIDPressure", "False"),
        clock.instant());
    awaitAlarm("edge-2", "NodeMemoryPressure", false);
    awaitAlarm("edge-2", "NodeDiskPressure", false);
    awaitAlarm("edge-2", "NodePIDPressure", false);

    // a cordon, raised after 60 minutes (switched on for this test)
    ObjectNode cordon = JsonNodeFactory.instance.objectNode();
    cordon.putObject("spec").put("unschedulable", true);
    emulator.patch(EmulatedKind.NODE, "edge-3", cordon, false);
    // The cordon is dated by the gateway's clock when its watch event is applied: advance the
    // clock only once the gateway has applied it (a fixed pause raced the event on a busy machine).
    await().atMost(Duration.ofSeconds(30)).until(() -> inventoryShowsCordoned("edge-3"));
    clock.add(Duration.ofMinutes(60));
    assertThat(awaitAlarm("edge-3", "NodeUnschedulable", true).path("perceivedSeverity").asInt())
        .isEqualTo(3);
    cordon.putObject("spec").put("unschedulable", false);
    emulator.patch(EmulatedKind.NODE, "edge-3", cordon, false);
    awaitAlarm("edge-3", "NodeUnschedulable", false);

    List<String> expected =
        List.of(
            "edge-1/NodeNetworkUnavailable/0",
            "edge-1/NodeNetworkUnavailable/2",
            "edge-1/NodeNotReady/0",
            "edge-1/NodeNotReady/2",
            "edge-1/NodeUnreachable/0",
            "edge-1/NodeUnreachable/2",
            "edge-2/NodeMemoryPressure/0",
            "edge-2/NodeDiskPressure/0",
            "edge-2/NodePIDPressure/0",
            "edge-2/NodeMemoryPressure/2",
            "edge-2/NodeDiskPressure/2",
            "edge-2/NodePIDPressure/2",
            "edge-3/NodeUnschedulable/0",
            "edge-3/NodeUnschedulable/2");
    await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= expected.size());
    // a sentinel raised after those (no debounce): deliveries to the subscription keep their
    // order, so once it arrived a duplicate would have arrived before it and the list is final
    String sentinel = "edge-2/NodeNetworkUnavailable/0";
    conditions("edge-2", Map.of("NetworkUnavailable", "True"), clock.instant());
    await().atMost(Duration.ofSeconds(30)).until(() -> events().contains(sentinel));
    List<String> got = events().stream().filter(e -> !e.equals(sentinel)).toList();
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(got.indexOf("edge-1/NodeNotReady/0"))
        .isLessThan(got.indexOf("edge-1/NodeNotReady/2"));
    // Ready False to Unknown: one pass, one instant; what ends is heard before what begins
    assertThat(got.indexOf("edge-1/NodeNotReady/2"))
        .isLessThan(got.indexOf("edge-1/NodeUnreachable/0"));
    for (JsonNode n : notifications()) {
      assertThat(schemas.errors("AlarmEventNotification", n)).as(n.toString()).isEmpty();
      assertThat(n.path("globalCloudID").asText()).isEqualTo(GLOBAL_CLOUD);
      assertThat(n.path("objectRef").asText())
          .isEqualTo(ALARMS + "/" + n.path("alarmEventRecordId").asText());
      JsonNode record = client.get(n.path("objectRef").asText()).json();
      assertThat(n.path("resourceID")).isEqualTo(record.path("resourceID"));
      assertThat(n.path("alarmDefinitionID")).isEqualTo(record.path("alarmDefinitionID"));
      assertThat(n.path("probableCauseID")).isEqualTo(record.path("probableCauseID"));
      assertThat(n.path("alarmRaisedTime")).isEqualTo(record.path("alarmRaisedTime"));
    }
  }

  @Test
  void aReadyMessageKubeletRewritesWithoutATransitionChangesNoAlarm() {
    // kubelet, PLEG unhealthy: the same NotReady condition, its message rewritten every 10 s
    condition("edge-1", "Ready", "False", "KubeletNotReady", pleg(0), T0);
    clock.add(Duration.ofSeconds(60));
    String id = awaitAlarm("edge-1", "NodeNotReady", true).path("alarmEventRecordId").asText();
    for (int i = 1; i <= 3; i++) {
      clock.add(Duration.ofSeconds(10));
      condition("edge-1", "Ready", "False", "KubeletNotReady", pleg(10 * i), T0);
    }
    // A later change of the same node raises another alarm: once it is listed, the engine has
    // evaluated the node with every rewrite before it (the watch delivers a node's changes in
    // order).
    condition(
        "edge-1",
        "DiskPressure",
        "True",
        "KubeletHasDiskPressure",
        "disk pressure",
        clock.instant().minus(Duration.ofMinutes(10)));
    awaitAlarm("edge-1", "NodeDiskPressure", true);
    assertThat(client.get(ALARMS + "/" + id).json().path("extensions").path("message").asText())
        .isEqualTo(pleg(0));
    // a new reason is a CHANGE; recovery a CLEAR
    condition("edge-1", "Ready", "False", "ContainerRuntimeDown", "container runtime is down", T0);
    await().atMost(Duration.ofSeconds(30)).until(() -> events().contains("edge-1/NodeNotReady/1"));
    condition(
        "edge-1",
        "Ready",
        "True",
        "KubeletReady",
        "kubelet is posting ready status",
        clock.instant());
    await().atMost(Duration.ofSeconds(30)).until(() -> events().contains("edge-1/NodeNotReady/2"));
    // per-subscription order: a CHANGE for any rewritten message would precede the reason's
    assertThat(events().stream().filter(e -> e.contains("/NodeNotReady/")))
        .containsExactly("edge-1/NodeNotReady/0", "edge-1/NodeNotReady/1", "edge-1/NodeNotReady/2");
    JsonNode change =
        notifications().stream()
            .filter(n -> AlarmApiIT.event(n).equals("edge-1/NodeNotReady/1"))
            .findFirst()
            .orElseThrow();
    assertThat(change.path("extensions").path("message").asText())
        .isEqualTo("container runtime is down");
    assertThat(change.path("extensions").path("reason").asText()).isEqualTo("ContainerRuntimeDown");
    assertThat(schemas.errors("AlarmEventNotification", change)).as(change.toString()).isEmpty();
  }

  static String pleg(int seconds) {
    return "PLEG is not healthy: pleg was last seen active 3m"
        + seconds
        + ".5s ago; threshold is 3m0s";
  }

  @Test
  void aDeletedNodeClearsItsActiveAlarm() {
    conditions("edge-3", Map.of("NetworkUnavailable", "True"), T0);
    JsonNode raised = awaitAlarm("edge-3", "NodeNetworkUnavailable", true);
    assertThat(raised.path("perceivedSeverity").asInt()).isEqualTo(1);
    emulator.delete(EmulatedKind.NODE, "edge-3");
    JsonNode cleared = awaitAlarm("edge-3", "NodeNetworkUnavailable", false);
    assertThat(cleared.path("extensions").path("clearReason").asText())
        .isEqualTo("resourceDeleted");
    await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= 2);
    assertThat(events())
        .containsExactly("edge-3/NodeNetworkUnavailable/0", "edge-3/NodeNetworkUnavailable/2");
  }

  @Test
  void afterARelistActiveAlarmsAreReconciledWithTheConditions() {
    conditions("edge-1", Map.of("NetworkUnavailable", "True"), T0);
    awaitAlarm("edge-1", "NodeNetworkUnavailable", true);
    // the API server goes away; meanwhile edge-1 recovers and edge-2 becomes unreachable, and the
    // watch history is compacted, so the informers must relist when it comes back
    emulator.stop();
    conditions("edge-1", Map.of("NetworkUnavailable", "False"), T0.plusSeconds(1));
    conditions("edge-2", Map.of("Ready", "Unknown"), T0.plusSeconds(1));
    emulator.compact();
    emulator.restart();
    awaitAlarm("edge-1", "NodeNetworkUnavailable", false);
    awaitAlarm("edge-2", "NodeUnreachable", true);
    await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= 3);
    // a sentinel raised after those: once it arrived, anything sent before it has too
    String sentinel = "edge-3/NodeNetworkUnavailable/0";
    conditions("edge-3", Map.of("NetworkUnavailable", "True"), T0.plusSeconds(2));
    await().atMost(Duration.ofSeconds(30)).until(() -> events().contains(sentinel));
    assertThat(events().stream().filter(e -> !e.equals(sentinel)).toList())
        .containsExactlyInAnyOrder(
            "edge-1/NodeNetworkUnavailable/0",
            "edge-1/NodeNetworkUnavailable/2",
            "edge-2/NodeUnreachable/0");
  }

  @Test
  void alarmSubscriptionsAreRefusedWhileNoGlobalCloudIdIsConfigured(@TempDir Path other) {
    try (Gateway unregistered =
        InProcessGateways.start(
            other, Map.of("backend", "kubernetes", "kubernetes.api_url", emulator.url()), clock)) {
      Client c = new Client(GatewayHttp.base(unregistered));
      Reply refused = c.postJson(AlarmApiIT.SUBS, "{\"callback\":\"" + receiver.url("/x") + "\"}");
      new ApiChecks(schemas).problem(refused, 409);
      assertThat(refused.json().path("detail").asText()).contains("globalCloudId");
    }
  }
}
