package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin view of subscription owners, {@code GET /admin/v1/subscriptions}, against the real
 * production gateway over HTTPS with real tokens and a client certificate: it lists inventory (v1,
 * v2) and alarm subscriptions with their owner as stored and readable, on the embedded store and on
 * a real redis-server, including records stored with bare owners by an earlier release; it filters
 * by owner and kind; it pages; it refuses non-admins (403) and an owner that is not an owner key
 * (400 problem); the admin deletes what it finds at the API path it names.
 */
class SubscriptionOwnersAdminIT {
  private static final String INV = "/o2ims-infrastructureInventory";
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";
  private static final String ADMIN_PATH = "/admin/v1/subscriptions";

  /** A mapped reader and subscriber certificate's subject, in RFC 2253 form. */
  private static final String DN = "CN=smo-1,O=operator";

  private static final String SUBSCRIBER = "role:o2ims-reader role:o2ims-subscriber";
  private static final String ALICE = "token:" + TestTokens.ISSUER + "|alice";

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();
  private ProductionGateways production;

  private Gateway start(Map<String, String> extra) {
    production = new ProductionGateways(dir);
    Map<String, String> flags = new HashMap<>(Map.of("rate_limit.admin_per_minute", "1000"));
    flags.putAll(extra);
    return production.startWithCertificates(
        Map.of("certificate_subscribers", List.of(DN), "certificate_readers", List.of(DN)), flags);
  }

  private HttpClient certificateClient() {
    return production.certificateClient(DN);
  }

  private static String base(Gateway gateway) {
    return "https://localhost:" + gateway.port();
  }

  private static String query(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String admin() {
    return production.token("noc", "role:o2ims-admin");
  }

  private String created(HttpResponse<String> response, String idMember) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return mapper.readTree(response.body()).get(idMember).asText();
  }

  /** The admin list's items by subscription id, after checking it is a 200 JSON array. */
  private Map<String, JsonNode> byId(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode array = mapper.readTree(response.body());
    assertThat(array.isArray()).isTrue();
    assertThat(response.headers().firstValue("X-Total-Count"))
        .hasValue(Integer.toString(array.size()));
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode n : array) {
      out.put(n.get("subscriptionId").asText(), n);
    }
    return out;
  }

  private HttpResponse<String> list(Gateway gateway, String query) {
    return send(
        production.client(),
        "GET",
        base(gateway) + ADMIN_PATH + (query.isEmpty() ? "" : "?" + query),
        admin(),
        null);
  }

  /** Bare-owner records of an earlier release: one by alice's token, one by the certificate. */
  private record Legacy(UUID byAlice, UUID byDn) {
    static Legacy random() {
      return new Legacy(UUID.randomUUID(), UUID.randomUUID());
    }

    Map<UUID, String> owners() {
      return Map.of(byAlice, "alice", byDn, DN);
    }
  }

  @Test
  void anAdminSeesWhoOwnsEachSubscriptionOnTheEmbeddedStore() throws Exception {
    Legacy legacy = Legacy.random();
    LegacySubscriptionRecords.writeMvStore(dir.resolve("data"), legacy.owners());
    try (Gateway gateway = start(Map.of())) {
      checkOwners(gateway, legacy);
    }
  }

  @Test
  void anAdminSeesWhoOwnsEachSubscriptionOnRedis() throws Exception {
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      Legacy legacy = Legacy.random();
      LegacySubscriptionRecords.writeRedis(redis, "netweave:", legacy.owners());
      try (Gateway gateway =
          start(Map.of("notifications.store", "redis", "redis.url", redis.uri()))) {
        checkOwners(gateway, legacy);
      }
    }
  }

  private void checkOwners(Gateway gateway, Legacy legacy) throws Exception {
    HttpClient tokens = production.client();
    String alice = production.token("alice", SUBSCRIBER);
    Instant before = Instant.now();
    String consumer = "8A7B6C5D-4E3F-4A1B-9C8D-7E6F5A4B3C2D";
    String v1 =
        created(
            send(
                tokens,
                "POST",
                base(gateway) + INV + "/v1/subscriptions",
                alice,
                "{\"callback\":\"https://smo.example.com/v1\",\"filter\":\"(eq,objectType,Resource)\","
                    + "\"consumerSubscriptionId\":\""
                    + consumer
                    + "\"}"),
            "subscriptionId");
    String v2 =
        created(
            send(
                tokens,
                "POST",
                base(gateway) + INV + "/v2/subscriptions",
                alice,
                "{\"callback\":\"https://smo.example.com/v2\"}"),
            "subscriptionId");
    String alarm =
        created(
            send(
                tokens,
                "POST",
                base(gateway) + MON + "/alarmSubscriptions",
                alice,
                "{\"callback\":\"https://smo.example.com/alarm\",\"filter\":\"ACKNOWLEDGE\"}"),
            "alarmSubscriptionId");
    String byCertificate =
        created(
            send(
                certificateClient(),
                "POST",
                base(gateway) + INV + "/v1/subscriptions",
                null,
                "{\"callback\":\"https://smo.example.com/cert\"}"),
            "subscriptionId");
    Instant after = Instant.now();

    Map<String, JsonNode> all = byId(list(gateway, ""));
    assertThat(all.keySet())
        .containsExactlyInAnyOrder(
            v1, v2, alarm, byCertificate, legacy.byAlice().toString(), legacy.byDn().toString());

    JsonNode first = all.get(v1);
    assertThat(first.get("kind").asText()).isEqualTo("inventory-v1");
    assertThat(first.get("path").asText()).isEqualTo(INV + "/v1/subscriptions/" + v1);
    assertThat(first.get("callback").asText()).isEqualTo("https://smo.example.com/v1");
    assertThat(first.get("filter").asText()).isEqualTo("(eq,objectType,Resource)");
    assertThat(first.get("consumerSubscriptionId").asText()).isEqualTo(consumer);
    assertThat(first.get("owner").asText()).isEqualTo(ALICE);
    assertThat(first.get("ownerIdentity"))
        .isEqualTo(
            mapper.readTree(
                "{\"type\":\"token\",\"issuer\":\""
                    + TestTokens.ISSUER
                    + "\",\"subject\":\"alice\"}"));
    assertThat(Instant.parse(first.get("createdAt").asText())).isBetween(before, after);

    assertThat(all.get(v2).get("kind").asText()).isEqualTo("inventory-v2");
    assertThat(all.get(v2).get("path").asText()).isEqualTo(INV + "/v2/subscriptions/" + v2);
    assertThat(all.get(v2).has("filter")).isFalse();
    assertThat(all.get(v2).get("owner").asText()).isEqualTo(ALICE);
    assertThat(all.get(alarm).get("kind").asText()).isEqualTo("alarm");
    assertThat(all.get(alarm).get("path").asText()).isEqualTo(MON + "/alarmSubscriptions/" + alarm);
    assertThat(all.get(alarm).get("filter").asText()).isEqualTo("ACKNOWLEDGE");
    assertThat(all.get(alarm).get("owner").asText()).isEqualTo(ALICE);

    JsonNode certificate = all.get(byCertificate);
    assertThat(certificate.get("owner").asText()).isEqualTo("cert:" + DN);
    assertThat(certificate.get("ownerIdentity"))
        .isEqualTo(mapper.readTree("{\"type\":\"certificate\",\"dn\":\"" + DN + "\"}"));

    // bare owners of the earlier release, and whom each read gives them to
    JsonNode legacyAlice = all.get(legacy.byAlice().toString());
    assertThat(legacyAlice.get("owner").asText()).isEqualTo("legacy:alice");
    assertThat(legacyAlice.get("ownerIdentity"))
        .isEqualTo(
            mapper.readTree("{\"type\":\"legacy\",\"subject\":\"alice\",\"readAs\":\"token\"}"));
    assertThat(legacyAlice.get("createdAt").asText())
        .isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L).toString());
    assertThat(all.get(legacy.byDn().toString()).get("ownerIdentity").get("readAs").asText())
        .isEqualTo("certificate");

    // one owner's, exactly: alice's token, not the bare "alice" of the earlier release
    assertThat(byId(list(gateway, query("owner", ALICE))).keySet())
        .containsExactlyInAnyOrder(v1, v2, alarm);
    assertThat(byId(list(gateway, query("owner", "legacy:alice"))).keySet())
        .containsExactly(legacy.byAlice().toString());
    // a DN as an operator may type it (spaces after the commas) is the stored RFC 2253 form
    assertThat(byId(list(gateway, query("owner", "cert:CN=smo-1, O=operator"))).keySet())
        .containsExactly(byCertificate);
    assertThat(byId(list(gateway, query("owner", "token:" + TestTokens.ISSUER + "|bob"))))
        .isEmpty();
    assertThat(byId(list(gateway, query("kind", "alarm"))).keySet()).containsExactly(alarm);
    assertThat(byId(list(gateway, query("kind", "inventory-v2") + "&" + query("owner", ALICE))))
        .containsOnlyKeys(v2);

    // clean-up: the admin deletes what it found, at the path each item names
    for (String id : List.of(byCertificate, legacy.byDn().toString())) {
      HttpResponse<String> deleted =
          send(tokens, "DELETE", base(gateway) + all.get(id).get("path").asText(), admin(), null);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    }
    assertThat(byId(list(gateway, query("owner", "cert:" + DN)))).isEmpty();
    assertThat(byId(list(gateway, "")).keySet())
        .containsExactlyInAnyOrder(v1, v2, alarm, legacy.byAlice().toString());
  }

  @Test
  void onlyAdminsMaySeeOwners() throws Exception {
    try (Gateway gateway = start(Map.of())) {
      HttpClient tokens = production.client();
      String url = base(gateway) + ADMIN_PATH;
      for (String scope : List.of("role:o2ims-reader", "role:o2ims-subscriber", SUBSCRIBER)) {
        HttpResponse<String> refused =
            send(tokens, "GET", url, production.token("smo", scope), null);
        assertThat(refused.statusCode()).as(scope).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type"))
            .hasValue("application/problem+json");
        assertThat(mapper.readTree(refused.body()).get("status").asInt()).isEqualTo(403);
      }
      HttpResponse<String> certificate = send(certificateClient(), "GET", url, null, null);
      assertThat(certificate.statusCode()).isEqualTo(403);
      assertThat(send(tokens, "GET", url, null, null).statusCode()).isEqualTo(401);
      assertThat(send(tokens, "GET", url, admin(), null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anOwnerThatIsNotAnOwnerKeyIsABadRequest() throws Exception {
    try (Gateway gateway = start(Map.of())) {
      Map<String, String> refusals = new LinkedHashMap<>();
      refusals.put(
          query("owner", "alice"),
          "an owner is token:<issuer>|<sub>, cert:<subject DN>, anonymous or legacy:<subject>,"
              + " not 'alice'");
      refusals.put(
          query("owner", "token:alice"),
          "a token owner is token:<issuer>|<sub>, with neither empty: 'token:alice'");
      refusals.put(
          query("owner", "cert:smo-1"),
          "a certificate owner is cert:<subject DN>, and 'smo-1' is not a DN");
      refusals.put(
          query("kind", "inventory"),
          "unknown subscription kind 'inventory'; known: [alarm, inventory-v1, inventory-v2]");
      refusals.put("owner=anonymous&owner=anonymous", "owner may be given once");
      refusals.put(
          "filter=(eq,owner,alice)",
          "unknown query parameter 'filter' (allowed: owner, kind, nextpage_opaque_marker)");
      for (Map.Entry<String, String> e : refusals.entrySet()) {
        HttpResponse<String> response = list(gateway, e.getKey());
        assertThat(response.statusCode()).as(e.getKey()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValue("application/problem+json");
        JsonNode problem = mapper.readTree(response.body());
        assertThat(problem.get("detail").asText()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(problem.get("instance").asText()).isEqualTo(ADMIN_PATH);
      }
    }
  }

  @Test
  void longListsArePagedAndAMarkerServesOnlyItsOwnQuery() throws Exception {
    try (Gateway gateway = start(Map.of("server.page_size", "2"))) {
      HttpClient tokens = production.client();
      String alice = production.token("alice", SUBSCRIBER);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(
            created(
                send(
                    tokens,
                    "POST",
                    base(gateway) + INV + "/v1/subscriptions",
                    alice,
                    "{\"callback\":\"https://smo.example.com/" + i + "\"}"),
                "subscriptionId"));
      }
      List<String> seen = new ArrayList<>();
      String next = base(gateway) + ADMIN_PATH + "?" + query("owner", ALICE);
      String firstLink = null;
      while (next != null) {
        HttpResponse<String> page = send(tokens, "GET", next, admin(), null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue("5");
        JsonNode array = mapper.readTree(page.body());
        assertThat(array.size()).isBetween(1, 2);
        array.forEach(n -> seen.add(n.get("subscriptionId").asText()));
        Optional<String> link = page.headers().firstValue("Link");
        next = link.map(l -> base(gateway) + l.substring(1, l.indexOf('>'))).orElse(null);
        if (firstLink == null) {
          firstLink = next;
        }
      }
      assertThat(seen).containsExactlyElementsOf(ids.stream().sorted().toList());

      // the first page's marker under another owner filter is refused
      String marker = firstLink.substring(firstLink.indexOf("nextpage_opaque_marker="));
      HttpResponse<String> foreign = list(gateway, query("owner", "anonymous") + "&" + marker);
      assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(400);
      assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }

  /** The demo profile has no authentication; its admin routes answer anyone, and so does this. */
  @Test
  void theDemoProfileListsAnonymousSubscriptions() throws Exception {
    try (Gateway gateway = InProcessGateways.start(dir.resolve("demo"), Map.of())) {
      GatewayHttp http = new GatewayHttp();
      HttpResponse<String> created =
          http.send(
              gateway,
              "POST",
              INV + "/v1/subscriptions",
              "{\"callback\":\"http://smo.example.com/demo\"}");
      String id = mapper.readTree(created.body()).get("subscriptionId").asText();
      HttpResponse<String> listed = http.send(gateway, "GET", ADMIN_PATH, null);
      Map<String, JsonNode> all = byId(listed);
      assertThat(all).containsOnlyKeys(id);
      assertThat(all.get(id).get("owner").asText()).isEqualTo("anonymous");
      assertThat(all.get(id).get("ownerIdentity"))
          .isEqualTo(mapper.readTree("{\"type\":\"anonymous\"}"));
    }
  }
}
