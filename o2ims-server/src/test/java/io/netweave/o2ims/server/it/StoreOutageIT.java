package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import java.nio.file.Path;
import java.time.Duration;
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
    for (Reply r : refused) {
      assertThat(r.status()).as(r.raw().request().method() + " " + r.raw().uri()).isEqualTo(503);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.header("Retry-After")).contains("5");
      JsonNode problem = r.json();
      assertThat(problem.path("status").asInt()).isEqualTo(503);
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
   * Retry-After}, as when Redis is down, not a 500; the master has it, so the same create sent
   * again is a 409 naming it.
   */
  @Test
  void aCreateNoReplicaAcknowledgedAnswers503WithRetryAfterAndIsADuplicateWhenSentAgain() {
    try (RedisServerProcess replica =
        RedisServerProcess.start(
            List.of("--replicaof", "127.0.0.1", Integer.toString(redis.port())))) {
      gateway =
          InProcessGateways.start(
              dir,
              Map.of(
                  "backend", "demo",
                  "notifications.store", "redis",
                  "redis.url", redis.uri(),
                  "notifications.redis_wait_replicas", "1",
                  "notifications.redis_wait_timeout", "200ms"));
      Client client = new Client(GatewayHttp.base(gateway));
      await().atMost(WAIT).until(() -> client.get("/readyz").status() == 200);
      subscribe(client, "/acknowledged");

      replica.kill();

      Reply refused = client.postJson(V1 + "/subscriptions", body("/unacknowledged"));
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.header("Retry-After")).contains("5");
      assertThat(refused.json().path("detail").asText())
          .contains("reached 0 of the 1 Redis replicas required within 200 ms");
      Reply again = client.postJson(V1 + "/subscriptions", body("/unacknowledged"));
      assertThat(again.status()).as(again.body()).isEqualTo(409);
      assertThat(again.json().path("additionalAttributes").path("subscriptionId").asText())
          .isNotEmpty();
    }
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
