package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.INV;
import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notification paths {@link ReferenceCoverageIT}'s table left unvalidated, validated as the
 * callback receives them against the O-RAN reference schemas ({@link ReferenceSchemas}): inventory
 * notifications kept in Redis with two replicas running, dead letters replayed through the admin
 * endpoint, and an O-Cloud change (its configured name changed across a restart).
 *
 * <p>One real redis-server, one Kubernetes API emulator and two gateway replicas (kubernetes
 * backend, {@code notifications.store: redis}) for the class; subscriptions are made on the replica
 * that is not the producer, so what reaches the callbacks went through Redis. The O-Cloud test
 * starts its own gateway (embedded store) twice on one data directory.
 */
class ReferenceNotificationPathsIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String V2 = INV + "/v2";
  static final String DEAD_LETTERS = "/admin/v1/notifications/dead-letters";
  static final String CONSUMER = "7c0e8f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6";

  @TempDir static Path dirA;
  @TempDir static Path dirB;
  @TempDir static Path cloudDir;
  static RedisServerFixture redis;
  static KubeApiEmulator emulator;
  static CallbackReceiver receiver;
  static Gateway producer;
  static Gateway other;
  static Client client;
  static ReferenceSchemas v1;
  static ReferenceSchemas v2;

  @BeforeAll
  static void start() {
    v1 = new ReferenceSchemas();
    v2 = ReferenceSchemas.v2();
    redis = RedisServerFixture.start();
    receiver = new CallbackReceiver();
    emulator = new KubeApiEmulator().start();
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
    // The first replica is ready once it produced the first baseline, so it holds the producer
    // lease when the second starts (as in ViewSubscriptionReplicasIT).
    producer = replica(dirA);
    other = replica(dirB);
    client = new Client(GatewayHttp.base(other));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {other, producer, emulator, receiver, redis}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  static Gateway replica(Path dir) {
    Map<String, String> m = new HashMap<>();
    m.put("backend", "kubernetes");
    m.put("kubernetes.api_url", emulator.url());
    m.put("notifications.store", "redis");
    m.put("redis.url", redis.uri());
    m.put("notifications.poll_interval", "20ms");
    m.put("notifications.retry_initial_delay", "10ms");
    m.put("notifications.retry_max_delay", "50ms");
    m.put("notifications.max_attempts", "2");
    m.put("notifications.lease_ttl", "3s");
    Gateway g = InProcessGateways.start(dir, m);
    Client c = new Client(GatewayHttp.base(g));
    await().atMost(WAIT).until(() -> c.get("/readyz").status() == 200);
    return g;
  }

  static String subscribe(Client c, String root, String path, String filter) {
    Reply r =
        c.postJson(
            root + "/subscriptions",
            "{\"callback\":\""
                + receiver.url(path)
                + "\",\"consumerSubscriptionId\":\""
                + CONSUMER
                + "\",\"filter\":\""
                + filter
                + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().path("subscriptionId").asText();
  }

  @Test
  void inventoryNotificationsKeptInRedisValidateInBothViewsAsReceived() {
    String s1 = subscribe(client, V1, "/redis-v1", "(eq,objectType,Resource)");
    String s2 = subscribe(client, V2, "/redis-v2", "(eq,objectType,Resource)");
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("ref-redis", "zone-a", "2", "8Gi"));
    String resource = awaitResourceId("/redis-v1", "ref-redis");
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").putObject("labels").put("team", "ran");
    emulator.patch(EmulatedKind.NODE, "ref-redis", patch, false);
    await().atMost(WAIT).until(() -> events("/redis-v1", resource).contains(1));
    emulator.delete(EmulatedKind.NODE, "ref-redis");

    for (String[] view : new String[][] {{"v1", "/redis-v1"}, {"v2", "/redis-v2"}}) {
      await().atMost(WAIT).until(() -> events(view[1], resource).contains(2));
      assertThat(events(view[1], resource)).as(view[0]).containsExactly(0, 1, 2);
      ReferenceSchemas schemas = view[0].equals("v1") ? v1 : v2;
      for (JsonNode body : bodies(view[1])) {
        assertThat(schemas.inventoryNotificationErrors(body)).as(body.toString()).isEmpty();
        assertThat(ref(body))
            .isEqualTo(
                INV
                    + "/"
                    + view[0]
                    + "/resourcePools/"
                    + state(body).path("resourcePoolId").asText()
                    + "/resources/"
                    + resource);
        assertThat(body.path("consumerSubscriptionId").asText()).isEqualTo(CONSUMER);
      }
    }
    // One change, one notificationId, whichever view (DECISIONS "Payload").
    assertThat(ids("/redis-v1", resource)).isEqualTo(ids("/redis-v2", resource));
    assertThat(client.delete(V1 + "/subscriptions/" + s1).status()).isEqualTo(200);
    assertThat(client.delete(V2 + "/subscriptions/" + s2).status()).isEqualTo(200);
  }

  @Test
  void deadLettersReplayedThroughTheAdminEndpointAreTheOriginalNotificationAndValidate() {
    AtomicBoolean up = new AtomicBoolean();
    receiver.answer("/dead-v1", n -> up.get() ? 204 : 500);
    receiver.answer("/dead-v2", n -> up.get() ? 204 : 500);
    String s1 = subscribe(client, V1, "/dead-v1", "(eq,objectType,Resource)");
    String s2 = subscribe(client, V2, "/dead-v2", "(eq,objectType,Resource)");
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("ref-dead", "zone-b", "2", "8Gi"));

    // Both subscriptions' notifications exhaust their two attempts; the dead letters are in Redis,
    // listed and replayed through the replica that is not the producer.
    await()
        .atMost(WAIT)
        .until(() -> deadLetters().findValuesAsText("subscriptionId").containsAll(List.of(s1, s2)));
    Map<String, JsonNode> letters = new HashMap<>();
    for (JsonNode d : deadLetters()) {
      letters.put(d.path("subscriptionId").asText(), d);
    }
    up.set(true);
    for (String[] sub : new String[][] {{s1, "/dead-v1", "v1"}, {s2, "/dead-v2", "v2"}}) {
      JsonNode letter = letters.get(sub[0]);
      List<CallbackReceiver.Received> failed = receiver.received(sub[1]);
      assertThat(failed).hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(500));
      JsonNode original = AlarmApiIT.read(failed.get(0).body());
      assertThat(AlarmApiIT.read(failed.get(1).body())).isEqualTo(original);
      assertThat(letter.path("notificationId").asText())
          .isEqualTo(original.path("notificationId").asText());

      Reply replay =
          client.send(
              HttpRequest.newBuilder(
                      client.uri(
                          DEAD_LETTERS + "/" + letter.path("deadLetterId").asText() + "/replay"))
                  // a bodiless admin POST says it is not a cross-site form (demo profile)
                  .header("X-Requested-With", "ReferenceNotificationPathsIT")
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(replay.status()).as(replay.body()).isEqualTo(202);
      await().atMost(WAIT).until(() -> bodies(sub[1]).size() == 1);
      JsonNode replayed = bodies(sub[1]).get(0);
      ReferenceSchemas schemas = sub[2].equals("v1") ? v1 : v2;
      assertThat(schemas.inventoryNotificationErrors(replayed)).as(replayed.toString()).isEmpty();
      assertThat(replayed).as(sub[2]).isEqualTo(original);
      assertThat(replayed.path("notificationEventType").asInt()).isZero();
      assertThat(ref(replayed)).startsWith(INV + "/" + sub[2] + "/resourcePools/");
      assertThat(state(replayed).path("extensions").path("nodeName").asText())
          .isEqualTo("ref-dead");
    }
    assertThat(deadLetters().findValuesAsText("subscriptionId")).doesNotContain(s1, s2);
    assertThat(client.delete(V1 + "/subscriptions/" + s1).status()).isEqualTo(200);
    assertThat(client.delete(V2 + "/subscriptions/" + s2).status()).isEqualTo(200);
  }

  @Test
  void anOCloudWhoseConfiguredNameChangedAcrossARestartIsNotifiedAsAModifyInBothViews() {
    JsonNode cloudBefore;
    // The kubernetes backend (the O-Cloud id derives from the kube-system UID, so it survives the
    // rename; the demo backend keeps it in the data directory, see the coverage table), the
    // embedded
    // store in its own data directory, the class's emulator.
    Map<String, String> settings = new HashMap<>();
    settings.put("backend", "kubernetes");
    settings.put("kubernetes.api_url", emulator.url());
    settings.put("ocloud.name", "ref-before");
    settings.put("ocloud.service_uri", "https://o2ims.example.net");
    settings.put("ocloud.global_cloud_id", "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d");
    settings.put("notifications.poll_interval", "20ms");
    settings.put("notifications.retry_initial_delay", "10ms");
    // the restarted gateway produces once the first one's producer lease has expired
    settings.put("notifications.lease_ttl", "1s");
    try (Gateway before = InProcessGateways.start(cloudDir, settings)) {
      Client c = new Client(GatewayHttp.base(before));
      await().atMost(WAIT).until(() -> c.get("/readyz").status() == 200);
      subscribe(c, V1, "/ocloud-v1", "(eq,objectType,OCloud)");
      subscribe(c, V2, "/ocloud-v2", "(eq,objectType,OCloud)");
      assertThat(c.get(V1).json().path("name").asText()).isEqualTo("ref-before");
      cloudBefore = c.get(V1).json().path("oCloudId");
    }
    settings.put("ocloud.name", "ref-after");
    try (Gateway after = InProcessGateways.start(cloudDir, settings)) {
      Client c = new Client(GatewayHttp.base(after));
      await().atMost(WAIT).until(() -> c.get("/readyz").status() == 200);
      assertThat(c.get(V1).json().path("oCloudId")).isEqualTo(cloudBefore);
      for (String[] view : new String[][] {{"v1", "/ocloud-v1"}, {"v2", "/ocloud-v2"}}) {
        await().atMost(WAIT).until(() -> !bodies(view[1]).isEmpty());
        List<JsonNode> bodies = bodies(view[1]);
        assertThat(bodies).as(view[0]).hasSize(1);
        JsonNode body = bodies.get(0);
        ReferenceSchemas schemas = view[0].equals("v1") ? v1 : v2;
        assertThat(schemas.inventoryNotificationErrors(body)).as(body.toString()).isEmpty();
        assertThat(ReferenceSchemas.inventorySchemaOf(ref(body))).isEqualTo("OCloudInfo");
        assertThat(ref(body)).isEqualTo(INV + "/" + view[0]);
        assertThat(body.path("notificationEventType").asInt()).isEqualTo(1);
        assertThat(body.path("priorObjectState").path("name").asText()).isEqualTo("ref-before");
        assertThat(body.path("postObjectState").path("name").asText()).isEqualTo("ref-after");
      }
      assertThat(c.get(V1).json().path("name").asText()).isEqualTo("ref-after");
    }
  }

  private static JsonNode deadLetters() {
    Reply r = client.get(DEAD_LETTERS);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String ref(JsonNode body) {
    return body.path("objectRef").asText();
  }

  private static JsonNode state(JsonNode body) {
    return body.has("postObjectState")
        ? body.path("postObjectState")
        : body.path("priorObjectState");
  }

  private static List<JsonNode> bodies(String path) {
    List<JsonNode> out = new ArrayList<>();
    for (CallbackReceiver.Received r : receiver.received(path)) {
      if (r.delivered()) {
        out.add(AlarmApiIT.read(r.body()));
      }
    }
    return out;
  }

  private static String awaitResourceId(String path, String nodeName) {
    String[] id = new String[1];
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (JsonNode b : bodies(path)) {
                if (state(b).path("extensions").path("nodeName").asText().equals(nodeName)) {
                  id[0] = state(b).path("resourceId").asText();
                  return true;
                }
              }
              return false;
            });
    return id[0];
  }

  private static List<Integer> events(String path, String resourceId) {
    return bodies(path).stream()
        .filter(b -> ref(b).endsWith("/resources/" + resourceId))
        .map(b -> b.path("notificationEventType").asInt())
        .toList();
  }

  private static List<String> ids(String path, String resourceId) {
    return bodies(path).stream()
        .filter(b -> ref(b).endsWith("/resources/" + resourceId))
        .map(b -> b.path("notificationId").asText())
        .toList();
  }
}
