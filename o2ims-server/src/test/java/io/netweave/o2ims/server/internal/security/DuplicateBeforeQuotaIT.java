package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A create that repeats a subscription which exists is refused as a duplicate (409) also when its
 * caller's quota ({@code subscriptions.max_per_subject}) is used up: an SMO retrying a create whose
 * answer it lost learns that its subscription exists, not that it is out of quota. The id is named
 * to the owner and admins only, as for any duplicate. A new subscription past the quota is still
 * refused (403) and stores nothing. For inventory subscriptions of both views and alarm
 * subscriptions, on the embedded store and on Redis shared by two replicas, under the production
 * profile (bearer tokens, so that owners differ).
 */
class DuplicateBeforeQuotaIT {
  private static final String INV = "/o2ims-infrastructureInventory";
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";
  private static final String SUBSCRIBER = "role:o2ims-reader role:o2ims-subscriber";
  private static final String DUPLICATE =
      "a subscription with the same callback, filter and consumerSubscriptionId exists";

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();
  private ProductionGateways production;

  /** One of the three collections a quota covers, with its id member. */
  private record Collection(String path, String idMember) {}

  private static final List<Collection> COLLECTIONS =
      List.of(
          new Collection(INV + "/v1/subscriptions", "subscriptionId"),
          new Collection(INV + "/v2/subscriptions", "subscriptionId"),
          new Collection(MON + "/alarmSubscriptions", "alarmSubscriptionId"));

  @BeforeEach
  void keys() {
    production = new ProductionGateways(dir);
  }

  private Gateway start(String dataDir, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(production.settings());
    settings.put("subscriptions.max_per_subject", "2");
    settings.put("rate_limit.write_per_minute", "1000");
    settings.putAll(extra);
    return InProcessGateways.start(dir.resolve(dataDir), settings);
  }

  @Test
  void onTheEmbeddedStoreARetriedCreateIsADuplicateEvenWhenTheQuotaIsUsedUp() throws Exception {
    try (Gateway gateway = start("data", Map.of())) {
      check(gateway, gateway);
    }
  }

  @Test
  void onRedisARetriedCreateOnAnotherReplicaIsADuplicateEvenWhenTheQuotaIsUsedUp()
      throws Exception {
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      Map<String, String> shared = Map.of("notifications.store", "redis", "redis.url", redis.uri());
      try (Gateway first = start("data-1", shared);
          Gateway second = start("data-2", shared)) {
        check(first, second);
      }
    }
  }

  /**
   * Fills each owner's quota through {@code first} and repeats the creates through {@code second}
   * (the same gateway, or another replica of the same store).
   */
  private void check(Gateway first, Gateway second) throws IOException {
    HttpClient http = production.client();
    String alice = production.token("alice", SUBSCRIBER);
    String bob = production.token("bob", SUBSCRIBER);
    String admin = production.token("noc", "role:o2ims-admin");
    for (Collection c : COLLECTIONS) {
      String one = url(first, c);
      String retry = url(second, c);
      String body = "{\"callback\":\"https://smo.example.com/alice\"}";
      String filtered =
          c.path().startsWith(MON)
              ? "{\"callback\":\"https://smo.example.com/alice\",\"filter\":\"NEW\"}"
              : "{\"callback\":\"https://smo.example.com/alice\","
                  + "\"filter\":\"(eq,objectType,ResourcePool)\"}";
      String existing = created(send(http, "POST", one, alice, body), c.idMember());
      String another = created(send(http, "POST", one, alice, filtered), c.idMember());
      // bob and the admin fill their own quotas too
      for (Map.Entry<String, String> caller : Map.of("bob", bob, "noc", admin).entrySet()) {
        for (int i = 0; i < 2; i++) {
          String callback = "https://smo.example.com/" + caller.getKey() + "/" + i;
          created(
              send(http, "POST", one, caller.getValue(), "{\"callback\":\"" + callback + "\"}"),
              c.idMember());
        }
      }
      List<String> before = ids(send(http, "GET", retry, admin, null), c.idMember());

      // the owner, at its quota, retries: 409 naming its subscription, not 403
      for (String[] retried :
          List.of(new String[] {body, existing}, new String[] {filtered, another})) {
        HttpResponse<String> again = send(http, "POST", retry, alice, retried[0]);
        assertThat(again.statusCode()).as(c + ": " + again.body()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type").orElse(""))
            .startsWith("application/problem+json");
        JsonNode problem = mapper.readTree(again.body());
        assertThat(problem.path("detail").asText()).isEqualTo(DUPLICATE + ": " + retried[1]);
        assertThat(problem.path("additionalAttributes").path(c.idMember()).asText())
            .isEqualTo(retried[1]);
      }

      // an admin at its own quota is told the id too
      HttpResponse<String> admins = send(http, "POST", retry, admin, body);
      assertThat(admins.statusCode()).as(c + ": " + admins.body()).isEqualTo(409);
      assertThat(
              mapper
                  .readTree(admins.body())
                  .path("additionalAttributes")
                  .path(c.idMember())
                  .asText())
          .isEqualTo(existing);

      // another client at its quota is told that a duplicate exists, not its id
      HttpResponse<String> others = send(http, "POST", retry, bob, body);
      assertThat(others.statusCode()).as(c + ": " + others.body()).isEqualTo(409);
      assertThat(others.body()).doesNotContain(existing);
      JsonNode othersProblem = mapper.readTree(others.body());
      assertThat(othersProblem.path("detail").asText())
          .isEqualTo(DUPLICATE + ", owned by another client");
      assertThat(othersProblem.path("additionalAttributes").has(c.idMember())).isFalse();

      // a new subscription past the quota is refused and stores nothing
      HttpResponse<String> fresh =
          send(http, "POST", retry, alice, "{\"callback\":\"https://smo.example.com/alice/new\"}");
      assertThat(fresh.statusCode()).as(c + ": " + fresh.body()).isEqualTo(403);
      assertThat(fresh.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(fresh.body()).contains("subscriptions.max_per_subject");
      assertThat(ids(send(http, "GET", retry, admin, null), c.idMember()))
          .containsExactlyInAnyOrderElementsOf(before);

      // v1 and v2 share one quota: empty the collection before the next
      for (String id : before) {
        assertThat(send(http, "DELETE", one + "/" + id, admin, null).statusCode()).isEqualTo(200);
      }
    }
  }

  private static String url(Gateway gateway, Collection c) {
    return "https://localhost:" + gateway.port() + c.path();
  }

  private String created(HttpResponse<String> response, String idMember) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return mapper.readTree(response.body()).get(idMember).asText();
  }

  private List<String> ids(HttpResponse<String> list, String idMember) throws IOException {
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode n : mapper.readTree(list.body())) {
      ids.add(n.get(idMember).asText());
    }
    return ids;
  }
}
