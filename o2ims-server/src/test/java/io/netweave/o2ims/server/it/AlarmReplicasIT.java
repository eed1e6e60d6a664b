package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.PerceivedSeverity;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.internal.notify.redis.RedisAlarmStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas on one real redis-server and one "cluster" (the Kubernetes API emulator):
 * both watch the nodes, only the producer raises alarms and generates events, subscriptions made on
 * one replica and acknowledgements made on the other are served by both, and every transition
 * reaches every alarm subscription exactly once.
 */
class AlarmReplicasIT {
  @TempDir Path dirA;
  @TempDir Path dirB;
  final RedisServerFixture redis = RedisServerFixture.start();
  final KubeApiEmulator emulator = new KubeApiEmulator().start();
  final CallbackReceiver receiver = new CallbackReceiver();
  Gateway a;
  Gateway b;

  @BeforeEach
  void start() {
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    for (String n : List.of("edge-1", "edge-2", "edge-3")) {
      emulator.create(EmulatedKind.NODE, NodeFixtures.node(n, "zone-a", "4", "16Gi"));
    }
    a = replica(dirA);
    b = replica(dirB);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    emulator.close();
    receiver.close();
    redis.close();
  }

  Gateway replica(Path dir) {
    Map<String, String> m = new HashMap<>();
    m.put("backend", "kubernetes");
    m.put("kubernetes.api_url", emulator.url());
    m.put("ocloud.global_cloud_id", KubernetesAlarmsIT.GLOBAL_CLOUD);
    m.put("notifications.store", "redis");
    m.put("redis.url", redis.uri());
    m.put("notifications.poll_interval", "50ms");
    m.put("notifications.lease_ttl", "3s");
    m.put("alarms.evaluation_interval", "100ms");
    Gateway g = InProcessGateways.start(dir, m);
    Client c = client(g);
    await().atMost(Duration.ofSeconds(60)).until(() -> c.get("/readyz").status() == 200);
    return g;
  }

  static Client client(Gateway g) {
    return new Client(GatewayHttp.base(g));
  }

  void conditions(String node, String type, String status) {
    var current = emulator.get(EmulatedKind.NODE, null, node);
    var list =
        (com.fasterxml.jackson.databind.node.ArrayNode)
            current.path("status").path("conditions").deepCopy();
    boolean found = false;
    for (JsonNode c : list) {
      if (c.path("type").asText().equals(type)) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) c)
            .put("status", status)
            .put("lastTransitionTime", Instant.now().toString());
        found = true;
      }
    }
    if (!found) {
      list.addObject()
          .put("type", type)
          .put("status", status)
          .put("lastTransitionTime", Instant.now().toString())
          .put("reason", "Test");
    }
    var patch = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    patch.putObject("status").set("conditions", list);
    emulator.patch(EmulatedKind.NODE, node, patch, true);
  }

  List<String> events(String path) {
    return receiver.received(path).stream()
        .filter(CallbackReceiver.Received::delivered)
        .map(r -> AlarmApiIT.read(r.body()))
        .map(AlarmApiIT::event)
        .toList();
  }

  String awaitRecord(Client c, String node, boolean active) {
    String[] id = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (JsonNode r :
                  c.get(AlarmApiIT.ALARMS + "?filter=(eq,extensions/nodeName," + node + ")")
                      .json()) {
                if (r.has("alarmClearedTime") != active) {
                  id[0] = r.path("alarmEventRecordId").asText();
                  return true;
                }
              }
              return false;
            });
    return id[0];
  }

  @Test
  void everyTransitionReachesEverySubscriptionOnceWhateverTheReplica() {
    Client ca = client(a);
    Client cb = client(b);
    assertThat(
            ca.postJson(AlarmApiIT.SUBS, "{\"callback\":\"" + receiver.url("/one") + "\"}")
                .status())
        .isEqualTo(201);
    assertThat(
            cb.postJson(
                    AlarmApiIT.SUBS,
                    "{\"callback\":\""
                        + receiver.url("/two")
                        + "\",\"filter\":\"(neq,notificationEventType,1)\"}")
                .status())
        .isEqualTo(201);
    // both replicas list both subscriptions (one store)
    assertThat(ca.get(AlarmApiIT.SUBS).json().size()).isEqualTo(2);
    assertThat(cb.get(AlarmApiIT.SUBS).json().size()).isEqualTo(2);

    conditions("edge-1", "Ready", "Unknown");
    conditions("edge-2", "NetworkUnavailable", "True");
    String unreachable = awaitRecord(cb, "edge-1", true);
    awaitRecord(ca, "edge-2", true);
    // acknowledged through one replica, seen through the other
    assertThat(
            ca.patch(AlarmApiIT.ALARMS + "/" + unreachable, "{\"alarmAcknowledged\":true}")
                .status())
        .isEqualTo(200);
    assertThat(
            cb.patch(AlarmApiIT.ALARMS + "/" + unreachable, "{\"alarmAcknowledged\":true}")
                .status())
        .isEqualTo(200);
    assertThat(
            cb.get(AlarmApiIT.ALARMS + "/" + unreachable)
                .json()
                .path("alarmAcknowledged")
                .asBoolean())
        .isTrue();
    conditions("edge-1", "Ready", "True");
    conditions("edge-2", "NetworkUnavailable", "False");
    awaitRecord(ca, "edge-1", false);
    awaitRecord(cb, "edge-2", false);

    List<String> expected =
        List.of(
            "edge-1/NodeUnreachable/0",
            "edge-1/NodeUnreachable/3",
            "edge-1/NodeUnreachable/2",
            "edge-2/NodeNetworkUnavailable/0",
            "edge-2/NodeNetworkUnavailable/2");
    for (String path : List.of("/one", "/two")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> events(path).size() >= expected.size());
    }
    // a sentinel both filters match, raised after the events above: deliveries to one
    // subscription keep their order, so once it arrived a duplicate sent by either replica would
    // have arrived before it, and the exact lists below are final
    String sentinel = "edge-3/NodeNetworkUnavailable/0";
    conditions("edge-3", "NetworkUnavailable", "True");
    for (String path : List.of("/one", "/two")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> events(path).contains(sentinel));
    }
    for (String path : List.of("/one", "/two")) {
      assertThat(events(path).stream().filter(e -> !e.startsWith("edge-3/")).toList())
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(events(path).stream().filter(e -> e.startsWith("edge-1")).toList())
          .containsExactly(
              "edge-1/NodeUnreachable/0", "edge-1/NodeUnreachable/3", "edge-1/NodeUnreachable/2");
    }
    // kept in Redis and sent by either replica, the bodies keep the reference shape
    ReferenceSchemas schemas = ReferenceSchemas.alarms();
    for (String path : List.of("/one", "/two")) {
      for (CallbackReceiver.Received r : receiver.received(path)) {
        if (r.delivered()) {
          assertThat(schemas.errors("AlarmEventNotification", AlarmApiIT.read(r.body())))
              .as(r.body())
              .isEmpty();
        }
      }
    }
  }

  static final String CONFIG = AlarmApiIT.MON + "/v1/alarmServiceConfiguration";

  @Test
  void mergePatchesOfTheServiceConfigurationSentToBothReplicasAtOnceAreAllKept() {
    Client ca = client(a);
    Client cb = client(b);
    assertThat(
            ca.send("PUT", CONFIG, "application/json", "{\"retentionPeriod\":9,\"extensions\":{}}")
                .status())
        .isEqualTo(200);
    int each = 40;
    List<CompletableFuture<List<Integer>>> writers = new ArrayList<>();
    for (Client c : List.of(ca, cb)) {
      String tag = c == ca ? "a" : "b";
      writers.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  statuses.add(
                      c.patch(CONFIG, "{\"extensions\":{\"" + tag + i + "\":\"x\"}}").status());
                }
                return statuses;
              }));
    }
    for (CompletableFuture<List<Integer>> w : writers) {
      assertThat(w.join()).containsOnly(200);
    }
    // every merge answered 200 is in the configuration: none overwrote another's member
    for (Client c : List.of(ca, cb)) {
      JsonNode config = c.get(CONFIG).json();
      assertThat(config.path("retentionPeriod").asInt()).isEqualTo(9);
      assertThat(config.path("extensions").size()).isEqualTo(2 * each);
    }
  }

  @Test
  void aShorterRetentionPeriodPurgesTheOlderClearedRecordsAtOnceWhateverTheReplica() {
    Client ca = client(a);
    Client cb = client(b);
    Instant now = Instant.now();
    RedisAlarmStore store = new RedisAlarmStore(redis.commands(), "netweave:notify:");
    AlarmEventRecord old = history(now.minus(Duration.ofDays(4)), now.minus(Duration.ofDays(3)));
    AlarmEventRecord recent = history(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    assertThat(store.create(old)).isTrue();
    assertThat(store.create(recent)).isTrue();
    String oldPath = AlarmApiIT.ALARMS + "/" + old.alarmEventRecordId();
    String recentPath = AlarmApiIT.ALARMS + "/" + recent.alarmEventRecordId();
    assertThat(ca.get(oldPath).status()).isEqualTo(200);
    // within the default 14 days; the periodic sweep (alarms.retention_sweep_interval, 1 h) has
    // run at the producer's start already
    assertThat(cb.patch(CONFIG, "{\"retentionPeriod\":2}").status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ca.get(oldPath).status() == 404 && cb.get(oldPath).status() == 404);
    assertThat(ca.get(recentPath).status()).isEqualTo(200);
    assertThat(cb.get(recentPath).status()).isEqualTo(200);
  }

  /** A cleared record of a node the cluster does not have (alarm history). */
  static AlarmEventRecord history(Instant raised, Instant cleared) {
    return AlarmEventRecord.builder()
        .alarmEventRecordId(UUID.randomUUID())
        .resourceTypeID(UUID.randomUUID())
        .resourceID(UUID.randomUUID())
        .alarmDefinitionID(UUID.randomUUID())
        .probableCauseID(UUID.randomUUID())
        .alarmRaisedTime(raised)
        .perceivedSeverity(PerceivedSeverity.MAJOR)
        .extensions(Map.of("nodeName", "gone-1", "alarmName", "NodeNotReady"))
        .build()
        .toBuilder()
        .alarmChangedTime(cleared)
        .cleared(cleared)
        .build();
  }
}
