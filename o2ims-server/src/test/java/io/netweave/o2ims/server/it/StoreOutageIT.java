package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway with {@code notifications.store: redis} while its real redis-server is down: every
 * request that needs the store (inventory and alarm subscriptions, alarm records) answers {@code
 * 503} problem+json with {@code Retry-After} and changes nothing, the inventory itself is still
 * served, and the same requests succeed once Redis is back.
 */
class StoreOutageIT {
  private static final String V1 = "/o2ims-infrastructureInventory/v1";
  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * Each subscription kind: its collection, the member naming its id, and the Redis hash holding
   * its records.
   */
  private static final List<String[]> KINDS =
      List.of(
          new String[] {V1 + "/subscriptions", "subscriptionId", "netweave:subs"},
          new String[] {AlarmApiIT.SUBS, "alarmSubscriptionId", "netweave:alarm:subs"});

  @TempDir Path dir;
  private final RedisServerProcess redis = RedisServerProcess.start();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    receiver.close();
    redis.close();
  }

  @Test
  void requestsThatNeedTheStoreAnswer503WithRetryAfterWhileRedisIsDownAndWorkOnceItIsBack() {
    gateway =
        InProcessGateways.start(
            dir,
            Map.of(
                "backend", "demo",
                "notifications.store", "redis",
                "redis.url", redis.uri()));
    Client client = new Client(GatewayHttp.base(gateway));
    await().atMost(WAIT).until(() -> client.get("/readyz").status() == 200);
    String before = subscribe(client, "/before");
    assertThat(client.get(V1 + "/subscriptions/" + before).status()).isEqualTo(200);

    redis.kill();

    List<Reply> refused =
        List.of(
            client.postJson(V1 + "/subscriptions", body("/during")),
            client.get(V1 + "/subscriptions"),
            client.get(V1 + "/subscriptions/" + before),
            client.delete(V1 + "/subscriptions/" + before),
            client.postJson(
                AlarmApiIT.SUBS, "{\"callback\":\"" + receiver.url("/alarms-during") + "\"}"),
            client.get(AlarmApiIT.SUBS),
            client.get(AlarmApiIT.ALARMS));
    ReferenceSchemas schemas = ReferenceSchemas.v1();
    for (Reply r : refused) {
      assertThat(r.status()).as(r.raw().request().method() + " " + r.raw().uri()).isEqualTo(503);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.header("Retry-After")).contains("5");
      JsonNode problem = r.json();
      assertThat(problem.path("status").asInt()).isEqualTo(503);
      assertThat(schemas.errors("ProblemDetails", problem)).as(r.body()).isEmpty();
      assertThat(problem.path("detail").asText()).contains("(Redis) cannot be reached");
      assertThat(problem.path("additionalAttributes").path("requestId").asText())
          .isEqualTo(r.header("X-Request-Id").orElseThrow());
    }
    // The inventory is not in the store: still served.
    assertThat(client.get(V1 + "/resourcePools").status()).isEqualTo(200);

    redis.restart();

    // Lettuce reconnects on its own; the refused create can be sent again as it was.
    await()
        .atMost(WAIT)
        .until(() -> client.postJson(V1 + "/subscriptions", body("/during")).status() == 201);
    Reply list = client.get(V1 + "/subscriptions");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().findValuesAsText("callback")).contains(receiver.url("/during"));
    assertThat(client.get(AlarmApiIT.ALARMS).status()).isEqualTo(200);
  }

  /**
   * With {@code notifications.redis_wait_replicas: 1}, a create the replica does not acknowledge
   * (it is down: a Redis failover with one replica per master is such a time) is a 503 with {@code
   * Retry-After}, as when Redis is down, not a 500. The master has it, so the same create sent
   * again meets it as a duplicate; but a 409 names it to the client as surely as a 201 would, so it
   * too waits for the replica: 503 while the replica is down, and the 409 naming it only once a
   * replica holds that subscription (a failover then cannot lose the subscription a 409 named).
   * Inventory and alarm subscriptions alike.
   */
  @Test
  void aCreateNoReplicaAcknowledgedAnswers503AndIsA409NamingItOnlyOnceAReplicaHasIt() {
    try (RedisServerProcess replica =
        RedisServerProcess.start(
            List.of("--replicaof", "127.0.0.1", Integer.toString(redis.port())))) {
      Client client = startWaitingForOneReplica(Map.of());
      subscribe(client, "/acknowledged");

      replica.kill();

      for (String[] kind : KINDS) {
        String unacknowledged = body("/unacknowledged");
        for (int attempt = 0; attempt < 2; attempt++) {
          Reply refused = client.postJson(kind[0], unacknowledged);
          assertThat(refused.status()).as(attempt + ": " + refused.body()).isEqualTo(503);
          assertThat(refused.contentType()).startsWith("application/problem+json");
          assertThat(refused.header("Retry-After")).contains("5");
          assertThat(refused.json().path("detail").asText())
              .contains("reached 0 of the 1 Redis replicas required within 200 ms");
          assertThat(refused.json().path("additionalAttributes").has(kind[1])).isFalse();
        }
      }

      replica.restart();

      for (String[] kind : KINDS) {
        await("a 409 once the restarted replica has synchronized")
            .atMost(WAIT)
            .until(() -> client.postJson(kind[0], body("/unacknowledged")).status() == 409);
        String named =
            client
                .postJson(kind[0], body("/unacknowledged"))
                .json()
                .path("additionalAttributes")
                .path(kind[1])
                .asText();
        assertThat(named).isNotEmpty();
        assertThat(replica.call("HEXISTS", kind[2], named))
            .as("the replica holds the subscription the 409 named")
            .isEqualTo(":1");
        assertThat(client.get(kind[0] + "/" + named).status()).isEqualTo(200);
      }
    }
  }

  /**
   * The same with the owner's quota ({@code subscriptions.max_per_subject}) at one: the create the
   * replica did not acknowledge is stored on the master and fills the quota, so its retry is judged
   * a duplicate before the quota (it used to be a 403, telling the SMO it was out of quota): a 503
   * while the replica is down, as the first answer, and the 409 naming it once a replica holds it.
   * A new subscription is still a 403 and stores nothing.
   */
  @Test
  void aRetriedCreateThatFilledTheQuotaWaitsForTheReplicaAndIsA409NotA403() {
    try (RedisServerProcess replica =
        RedisServerProcess.start(
            List.of("--replicaof", "127.0.0.1", Integer.toString(redis.port())))) {
      Client client = startWaitingForOneReplica(Map.of("subscriptions.max_per_subject", "1"));

      replica.kill();

      for (String[] kind : KINDS) {
        for (int attempt = 0; attempt < 2; attempt++) {
          Reply refused = client.postJson(kind[0], body("/filled"));
          assertThat(refused.status()).as(attempt + ": " + refused.body()).isEqualTo(503);
          assertThat(refused.json().path("detail").asText())
              .contains("reached 0 of the 1 Redis replicas required within 200 ms");
        }
      }

      replica.restart();

      for (String[] kind : KINDS) {
        await("a 409 once the restarted replica has synchronized")
            .atMost(WAIT)
            .until(() -> client.postJson(kind[0], body("/filled")).status() == 409);
        String named =
            client
                .postJson(kind[0], body("/filled"))
                .json()
                .path("additionalAttributes")
                .path(kind[1])
                .asText();
        assertThat(replica.call("HEXISTS", kind[2], named))
            .as("the replica holds the subscription the 409 named")
            .isEqualTo(":1");
        Reply fresh = client.postJson(kind[0], body("/fresh"));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(403);
        assertThat(replica.call("HLEN", kind[2])).isEqualTo(":1");
      }
    }
  }

  /**
   * The demo gateway with its notification store on {@link #redis}, acknowledging writes once one
   * replica holds them (200 ms at most), plus {@code extra}; ready.
   */
  private Client startWaitingForOneReplica(Map<String, String> extra) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "backend", "demo",
                "notifications.store", "redis",
                "redis.url", redis.uri(),
                "notifications.redis_wait_replicas", "1",
                "notifications.redis_wait_timeout", "200ms"));
    settings.putAll(extra);
    gateway = InProcessGateways.start(dir, settings);
    Client client = new Client(GatewayHttp.base(gateway));
    await().atMost(WAIT).until(() -> client.get("/readyz").status() == 200);
    return client;
  }

  private String body(String path) {
    return "{\"callback\":\"" + receiver.url(path) + "\"}";
  }

  private String subscribe(Client client, String path) {
    Reply r = client.postJson(V1 + "/subscriptions", body(path));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().path("subscriptionId").asText();
  }
}
