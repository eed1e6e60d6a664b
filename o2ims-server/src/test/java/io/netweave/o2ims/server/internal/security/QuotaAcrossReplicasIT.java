package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-owner quota ({@code subscriptions.max_per_subject}) holds across replicas sharing Redis:
 * many concurrent creates by one owner, spread over two gateway replicas (and for inventory
 * subscriptions over the v1 and v2 views, which share one quota), store exactly the quota, and
 * every other create is the quota's 403 problem. Before the count and the create were one Redis
 * script, each replica counted and created under its own lock, so two replicas together could store
 * up to twice the quota. Alarm subscriptions have their own quota and are checked the same way.
 */
class QuotaAcrossReplicasIT {
  private static final String INV = "/o2ims-infrastructureInventory";
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";
  private static final int QUOTA = 5;
  private static final int ATTEMPTS = 48;

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();

  @Test
  void concurrentCreatesOfOneOwnerOnTwoReplicasStoreExactlyTheQuota() throws Exception {
    ProductionGateways production = new ProductionGateways(dir);
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      Map<String, String> settings = new HashMap<>(production.settings());
      settings.put("subscriptions.max_per_subject", Integer.toString(QUOTA));
      settings.put("rate_limit.write_per_minute", "100000");
      settings.put("notifications.store", "redis");
      settings.put("redis.url", redis.uri());
      try (Gateway first = InProcessGateways.start(dir.resolve("data-1"), settings);
          Gateway second = InProcessGateways.start(dir.resolve("data-2"), settings)) {
        HttpClient http = production.client();
        String alice = production.token("alice", "role:o2ims-reader role:o2ims-subscriber");
        String admin = production.token("noc", "role:o2ims-admin");
        List<Gateway> replicas = List.of(first, second);

        burst(
            http,
            alice,
            replicas,
            List.of(INV + "/v1/subscriptions", INV + "/v2/subscriptions"),
            "subscription");
        assertThat(
                held(http, admin, first, INV + "/v1/subscriptions", "subscriptionId")
                    + held(http, admin, second, INV + "/v2/subscriptions", "subscriptionId"))
            .as("inventory subscriptions stored (v1 and v2 share the quota)")
            .isEqualTo(QUOTA);

        burst(http, alice, replicas, List.of(MON + "/alarmSubscriptions"), "alarm subscription");
        assertThat(held(http, admin, second, MON + "/alarmSubscriptions", "alarmSubscriptionId"))
            .as("alarm subscriptions stored")
            .isEqualTo(QUOTA);
      }
    }
  }

  /**
   * Sends {@link #ATTEMPTS} creates of distinct subscriptions at once, alternating over the
   * replicas and the paths, and checks that exactly {@link #QUOTA} are created and every other is
   * the quota's 403 problem.
   */
  private void burst(
      HttpClient http, String token, List<Gateway> replicas, List<String> paths, String noun)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < ATTEMPTS; i++) {
        String url =
            "https://localhost:"
                + replicas.get(i % replicas.size()).port()
                + paths.get((i / replicas.size()) % paths.size());
        String body =
            "{\"callback\":\"https://smo.example.com/" + noun.replace(' ', '-') + "/" + i + "\"}";
        sent.add(
            pool.submit(
                () -> {
                  go.await();
                  return send(http, "POST", url, token, body);
                }));
      }
      go.countDown();
      List<HttpResponse<String>> refused = new ArrayList<>();
      for (Future<HttpResponse<String>> f : sent) {
        HttpResponse<String> response = f.get();
        if (response.statusCode() != 201) {
          refused.add(response);
        }
      }
      assertThat(ATTEMPTS - refused.size()).as(noun + "s created by the burst").isEqualTo(QUOTA);
      for (HttpResponse<String> response : refused) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
            .startsWith("application/problem+json");
        JsonNode problem = mapper.readTree(response.body());
        assertThat(problem.path("detail").asText())
            .isEqualTo(
                "subscription quota used up: alice holds "
                    + QUOTA
                    + " "
                    + noun
                    + "s, the most one client may hold (subscriptions.max_per_subject);"
                    + " delete some first");
        assertThat(problem.path("additionalAttributes").path("limit").asText())
            .isEqualTo(Integer.toString(QUOTA));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** How many subscriptions a list answers an admin. */
  private int held(HttpClient http, String admin, Gateway gateway, String path, String idMember)
      throws Exception {
    HttpResponse<String> list =
        send(http, "GET", "https://localhost:" + gateway.port() + path, admin, null);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    int n = 0;
    for (JsonNode s : mapper.readTree(list.body())) {
      assertThat(s.has(idMember)).isTrue();
      n++;
    }
    return n;
  }
}
