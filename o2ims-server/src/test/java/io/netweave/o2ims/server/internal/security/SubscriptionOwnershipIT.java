package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.client.ClientTls;
import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who owns a subscription under the production profile with tokens and client certificates both on:
 * a token whose {@code sub} is a mapped certificate's DN is another principal than that
 * certificate, for inventory and alarm subscriptions alike; subscriptions stored before owners were
 * namespaced (a bare subject, written here as the previous release wrote them, in the embedded
 * store and in Redis) stay their owner's and do not become the other kind's; and no answer shows
 * how an owner is stored.
 */
class SubscriptionOwnershipIT {
  private static final String INV = "/o2ims-infrastructureInventory/v1";
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";

  /** A mapped subscriber certificate's subject, in the RFC 2253 form the gateway names it by. */
  private static final String DN = "CN=smo-1,O=operator";

  /** What a client that creates subscriptions holds: they deliver what only readers may read. */
  private static final String SUBSCRIBER = "role:o2ims-reader role:o2ims-subscriber";

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();
  private ProductionGateways production;

  /**
   * A production gateway that also admits client certificates from the test CA, {@link #DN} as a
   * reader and subscriber. The DN holds a comma, so the certificate list is written as a
   * configuration file writes it (a YAML list), not as a flag.
   */
  private Gateway start(Map<String, String> extra) {
    production = new ProductionGateways(dir);
    return production.startWithCertificates(
        Map.of("certificate_subscribers", List.of(DN), "certificate_readers", List.of(DN)), extra);
  }

  private HttpClient certificateClient() {
    return production.certificateClient(DN);
  }

  private static String base(Gateway gateway) {
    return "https://localhost:" + gateway.port();
  }

  /**
   * A kind of subscription: its collection's URL, the member that holds a subscription's id, and a
   * filter the collection accepts.
   */
  private record Kind(String url, String idMember, String filter) {}

  /** The inventory's subscriptions, then the monitoring API's alarm subscriptions. */
  private static List<Kind> kinds(Gateway gateway) {
    return List.of(
        new Kind(
            base(gateway) + INV + "/subscriptions", "subscriptionId", "(eq,objectType,Resource)"),
        new Kind(
            base(gateway) + MON + "/alarmSubscriptions", "alarmSubscriptionId", "ACKNOWLEDGE"));
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

  @Test
  void aTokenWhoseSubjectIsACertificatesDnIsNotThatCertificate() throws Exception {
    try (Gateway gateway = start(Map.of())) {
      HttpClient tokens = production.client();
      HttpClient certificate = certificateClient();
      String impostor = production.token(DN, SUBSCRIBER);
      String admin = production.token("noc", "role:o2ims-admin");
      for (Kind kind : kinds(gateway)) {
        String collection = kind.url();
        String idMember = kind.idMember();
        String certificates =
            created(
                send(
                    certificate,
                    "POST",
                    collection,
                    null,
                    "{\"callback\":\"https://smo.example.com/c\"}"),
                idMember);
        String one = collection + "/" + certificates;

        assertThat(ids(send(tokens, "GET", collection, impostor, null), idMember)).isEmpty();
        assertThat(send(tokens, "GET", one, impostor, null).statusCode()).isEqualTo(404);
        assertThat(send(tokens, "DELETE", one, impostor, null).statusCode()).isEqualTo(404);

        String impostors =
            created(
                send(
                    tokens,
                    "POST",
                    collection,
                    impostor,
                    "{\"callback\":\"https://smo.example.com/t\"}"),
                idMember);
        assertThat(ids(send(tokens, "GET", collection, impostor, null), idMember))
            .containsExactly(impostors);
        assertThat(ids(send(certificate, "GET", collection, null, null), idMember))
            .containsExactly(certificates);
        assertThat(send(certificate, "GET", collection + "/" + impostors, null, null).statusCode())
            .isEqualTo(404);
        assertThat(ids(send(tokens, "GET", collection, admin, null), idMember))
            .containsExactlyInAnyOrder(certificates, impostors);

        assertThat(send(certificate, "GET", one, null, null).statusCode()).isEqualTo(200);
        assertThat(send(certificate, "DELETE", one, null, null).statusCode()).isEqualTo(200);
        assertThat(
                send(tokens, "DELETE", collection + "/" + impostors, impostor, null).statusCode())
            .isEqualTo(200);
      }
    }
  }

  /**
   * Duplicates are judged across owners (the 409 stays), but only the owner of the existing
   * subscription and admins are told its id; another client is told that another client holds one,
   * without the id, for inventory and alarm subscriptions alike.
   */
  @Test
  void aDuplicateNamesTheExistingSubscriptionOnlyToItsOwnerAndAdmins() throws Exception {
    try (Gateway gateway = start(Map.of())) {
      HttpClient tokens = production.client();
      String owner = production.token("smo-a", SUBSCRIBER);
      String other = production.token("smo-b", SUBSCRIBER);
      String admin = production.token("noc", "role:o2ims-admin");
      for (Kind kind : kinds(gateway)) {
        String collection = kind.url();
        String idMember = kind.idMember();
        String body = "{\"callback\":\"https://smo.example.com/shared\"}";
        String existing = created(send(tokens, "POST", collection, owner, body), idMember);

        HttpResponse<String> others = send(tokens, "POST", collection, other, body);
        assertThat(others.statusCode()).as(others.body()).isEqualTo(409);
        assertThat(others.headers().firstValue("Content-Type").orElse(""))
            .startsWith("application/problem+json");
        assertThat(others.body()).doesNotContain(existing);
        JsonNode problem = mapper.readTree(others.body());
        assertThat(problem.path("detail").asText())
            .isEqualTo(
                "a subscription with the same callback, filter and consumerSubscriptionId"
                    + " exists, owned by another client");
        assertThat(problem.path("additionalAttributes").has(idMember)).isFalse();

        for (String caller : List.of(owner, admin)) {
          HttpResponse<String> named = send(tokens, "POST", collection, caller, body);
          assertThat(named.statusCode()).as(named.body()).isEqualTo(409);
          assertThat(
                  mapper
                      .readTree(named.body())
                      .path("additionalAttributes")
                      .path(idMember)
                      .asText())
              .isEqualTo(existing);
        }
        assertThat(ids(send(tokens, "GET", collection, admin, null), idMember))
            .containsExactly(existing);
        assertThat(send(tokens, "DELETE", collection + "/" + existing, owner, null).statusCode())
            .isEqualTo(200);
      }
    }
  }

  /**
   * The SDK's exception for such a 409: the status, the problem without an id, and a message that
   * says the subscription is another client's.
   */
  @Test
  void theSdkReportsADuplicateOfAnotherClientsSubscriptionWithoutItsId() throws Exception {
    try (Gateway gateway = start(Map.of())) {
      URI callback = URI.create("https://smo.example.com/sdk");
      ClientTls tls =
          ClientTls.builder().trustPem(Files.readString(dir.resolve("clients-ca.pem"))).build();
      try (O2imsClient owner =
              O2imsClient.builder()
                  .baseUrl(base(gateway))
                  .tls(tls)
                  .bearerToken(production.token("smo-a", SUBSCRIBER))
                  .build();
          O2imsClient other =
              O2imsClient.builder()
                  .baseUrl(base(gateway))
                  .tls(tls)
                  .bearerToken(production.token("smo-b", SUBSCRIBER))
                  .build()) {
        owner.subscriptions().create(callback);
        owner.alarmSubscriptions().create(callback);
        for (Runnable create :
            List.<Runnable>of(
                () -> other.subscriptions().create(callback),
                () -> other.alarmSubscriptions().create(callback))) {
          assertThatThrownBy(create::run)
              .isInstanceOfSatisfying(
                  O2imsApiException.class,
                  e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.problem().additionalAttributes())
                        .doesNotContainKeys("subscriptionId", "alarmSubscriptionId");
                    assertThat(e.getMessage())
                        .endsWith(
                            "failed with 409: a subscription with the same callback, filter and"
                                + " consumerSubscriptionId exists, owned by another client");
                  });
        }
      }
    }
  }

  @Test
  void subscriptionAnswersHaveTheSameMembersWhoeverOwnsThem() throws Exception {
    try (Gateway gateway = start(Map.of())) {
      HttpClient tokens = production.client();
      HttpClient certificate = certificateClient();
      String alice = production.token("alice", SUBSCRIBER);
      String admin = production.token("noc", "role:o2ims-admin");
      String consumer = "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d";
      for (Kind kind : kinds(gateway)) {
        String collection = kind.url();
        String body =
            "{\"callback\":\"https://smo.example.com/%s\",\"filter\":\""
                + kind.filter()
                + "\",\"consumerSubscriptionId\":\""
                + consumer
                + "\"}";
        HttpResponse<String> byToken =
            send(tokens, "POST", collection, alice, body.formatted("token"));
        HttpResponse<String> byCertificate =
            send(certificate, "POST", collection, null, body.formatted("cert"));
        Set<String> expected =
            Set.of(kind.idMember(), "callback", "filter", "consumerSubscriptionId");
        List<String> answers = new ArrayList<>();
        answers.add(byToken.body());
        answers.add(byCertificate.body());
        String tokenOne = collection + "/" + created(byToken, kind.idMember());
        String certificateOne = collection + "/" + created(byCertificate, kind.idMember());
        answers.add(send(tokens, "GET", tokenOne, alice, null).body());
        answers.add(send(certificate, "GET", certificateOne, null, null).body());
        answers.add(send(tokens, "GET", tokenOne, admin, null).body());
        answers.add(send(tokens, "GET", certificateOne, admin, null).body());
        for (String answer : answers) {
          assertThat(members(mapper.readTree(answer))).as(answer).isEqualTo(expected);
        }
        List<String> lists =
            List.of(
                send(tokens, "GET", collection, alice, null).body(),
                send(certificate, "GET", collection, null, null).body(),
                send(tokens, "GET", collection, admin, null).body());
        for (String list : lists) {
          for (JsonNode element : mapper.readTree(list)) {
            assertThat(members(element)).as(list).isEqualTo(expected);
          }
        }
        for (String answer : concat(answers, lists)) {
          assertThat(answer).doesNotContain("alice").doesNotContain("smo-1");
        }
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Set<String> members(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Subscriptions of the previous release's format: the owner as a bare subject. {@code byDn} was
   * made by the certificate, {@code byAlice} by alice's token, {@code byAnonymous} in the demo
   * profile; {@code byDnToken} by a token whose {@code sub} was the DN, which that release could
   * not tell from the certificate.
   */
  private record Legacy(UUID byDn, UUID byAlice, UUID byAnonymous, UUID byDnToken) {
    static Legacy random() {
      return new Legacy(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    }

    Map<UUID, String> owners() {
      Map<UUID, String> owners = new LinkedHashMap<>();
      owners.put(byDn, DN);
      owners.put(byAlice, "alice");
      owners.put(byAnonymous, "anonymous");
      owners.put(byDnToken, DN);
      return owners;
    }
  }

  @Test
  void subscriptionsOfTheEmbeddedStoreWrittenWithBareOwnersStayTheirOwners() throws Exception {
    Legacy inventory = Legacy.random();
    Legacy alarms = Legacy.random();
    LegacySubscriptionRecords.writeMvStore(dir.resolve("data"), inventory.owners());
    LegacySubscriptionRecords.writeMvStore(dir.resolve("data").resolve("alarms"), alarms.owners());
    try (Gateway gateway = start(Map.of("subscriptions.max_per_subject", "2"))) {
      checkLegacyOwners(gateway, inventory, alarms);
    }
  }

  @Test
  void subscriptionsInRedisWrittenWithBareOwnersStayTheirOwners() throws Exception {
    try (RedisServerFixture redis = RedisServerFixture.start()) {
      Legacy inventory = Legacy.random();
      Legacy alarms = Legacy.random();
      LegacySubscriptionRecords.writeRedis(redis, "netweave:", inventory.owners());
      LegacySubscriptionRecords.writeRedis(redis, "netweave:alarm:", alarms.owners());
      try (Gateway gateway =
          start(
              Map.of(
                  "notifications.store", "redis",
                  "redis.url", redis.uri(),
                  "subscriptions.max_per_subject", "2"))) {
        checkLegacyOwners(gateway, inventory, alarms);

        // What this release writes, the previous release's replicas (still running during a
        // rolling upgrade, or after a rollback) read as theirs: the bare subject stays in "owner".
        String id =
            created(
                send(
                    production.client(),
                    "POST",
                    base(gateway) + INV + "/subscriptions",
                    production.token("carol", SUBSCRIBER),
                    "{\"callback\":\"https://smo.example.com/carol\"}"),
                "subscriptionId");
        JsonNode stored = mapper.readTree(redis.commands().hget("netweave:subs", id));
        assertThat(stored.get("owner").asText()).isEqualTo("carol");
      }
    }
  }

  private void checkLegacyOwners(Gateway gateway, Legacy inventory, Legacy alarms)
      throws Exception {
    HttpClient tokens = production.client();
    HttpClient certificate = certificateClient();
    String impostor = production.token(DN, SUBSCRIBER);
    String alice = production.token("alice", SUBSCRIBER);
    String anonymous = production.token("anonymous", SUBSCRIBER);
    String admin = production.token("noc", "role:o2ims-admin");
    String bob = production.token("bob", SUBSCRIBER);
    List<Kind> kinds = kinds(gateway);
    List<Legacy> legacies = List.of(inventory, alarms);
    for (int i = 0; i < kinds.size(); i++) {
      String collection = kinds.get(i).url();
      String idMember = kinds.get(i).idMember();
      Legacy legacy = legacies.get(i);

      // the certificate keeps its own, and takes those a DN-named token made (the previous release
      // stored both the same way); no token sees them
      assertThat(ids(send(certificate, "GET", collection, null, null), idMember))
          .containsExactlyInAnyOrder(legacy.byDn().toString(), legacy.byDnToken().toString());
      assertThat(ids(send(tokens, "GET", collection, impostor, null), idMember)).isEmpty();
      assertThat(send(tokens, "GET", collection + "/" + legacy.byDn(), impostor, null).statusCode())
          .isEqualTo(404);
      assertThat(
              send(tokens, "DELETE", collection + "/" + legacy.byDn(), impostor, null).statusCode())
          .isEqualTo(404);
      // a token keeps its own; "anonymous" (the demo profile's) is no token's
      assertThat(ids(send(tokens, "GET", collection, alice, null), idMember))
          .containsExactly(legacy.byAlice().toString());
      assertThat(ids(send(tokens, "GET", collection, anonymous, null), idMember)).isEmpty();
      assertThat(ids(send(tokens, "GET", collection, admin, null), idMember))
          .containsExactlyInAnyOrderElementsOf(
              legacy.owners().keySet().stream().map(UUID::toString).toList());

      // the same create again is a duplicate of them, named to their owner and admins only, as
      // this release's own records are (a replica of the previous release may have stored them)
      assertDuplicate(tokens, collection, idMember, alice, legacy.byAlice(), true);
      assertDuplicate(tokens, collection, idMember, admin, legacy.byAlice(), true);
      assertDuplicate(tokens, collection, idMember, bob, legacy.byAlice(), false);
      assertDuplicate(tokens, collection, idMember, impostor, legacy.byDn(), false);
      assertDuplicate(tokens, collection, idMember, alice, legacy.byAnonymous(), false);

      // they count towards their owner's quota (2 here): alice holds 1, may make 1 more
      String aliceNew =
          created(
              send(
                  tokens,
                  "POST",
                  collection,
                  alice,
                  "{\"callback\":\"https://smo.example.com/a2\"}"),
              idMember);
      HttpResponse<String> overQuota =
          send(tokens, "POST", collection, alice, "{\"callback\":\"https://smo.example.com/a3\"}");
      assertThat(overQuota.statusCode()).isEqualTo(403);
      assertThat(overQuota.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(overQuota.body())
          .contains(i == 0 ? "alice holds 2 subscriptions," : "alice holds 2 alarm subscriptions,");
      HttpResponse<String> certificateOverQuota =
          send(
              certificate,
              "POST",
              collection,
              null,
              "{\"callback\":\"https://smo.example.com/c3\"}");
      assertThat(certificateOverQuota.statusCode()).isEqualTo(403);

      // owners delete their own
      assertThat(
              send(tokens, "DELETE", collection + "/" + legacy.byAlice(), alice, null).statusCode())
          .isEqualTo(200);
      assertThat(send(tokens, "DELETE", collection + "/" + aliceNew, alice, null).statusCode())
          .isEqualTo(200);
      assertThat(
              send(certificate, "DELETE", collection + "/" + legacy.byDn(), null, null)
                  .statusCode())
          .isEqualTo(200);
      assertThat(ids(send(certificate, "GET", collection, null, null), idMember))
          .containsExactly(legacy.byDnToken().toString());
      // the one a DN-named token made is the certificate's now: its id is the certificate's to
      // learn, and the token's create of it again is another client's duplicate
      assertDuplicate(certificate, collection, idMember, null, legacy.byDnToken(), true);
      assertDuplicate(tokens, collection, idMember, impostor, legacy.byDnToken(), false);
    }
  }

  /**
   * Creates again the subscription a legacy record holds (same callback, no filter or consumer id):
   * a 409 problem that names the existing id ({@code named}) or says nothing of it.
   */
  private void assertDuplicate(
      HttpClient http,
      String collection,
      String idMember,
      String token,
      UUID existing,
      boolean named)
      throws IOException {
    HttpResponse<String> response =
        send(
            http,
            "POST",
            collection,
            token,
            "{\"callback\":\""
                + LegacySubscriptionRecords.subscription(existing).callback()
                + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode attributes = mapper.readTree(response.body()).path("additionalAttributes");
    if (named) {
      assertThat(attributes.path(idMember).asText()).isEqualTo(existing.toString());
    } else {
      assertThat(attributes.has(idMember)).as(response.body()).isFalse();
      assertThat(response.body()).doesNotContain(existing.toString());
    }
  }
}
