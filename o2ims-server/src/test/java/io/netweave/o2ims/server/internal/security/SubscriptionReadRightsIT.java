package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription delivers what it selects (inventory objects in v1 and v2 notifications, alarm
 * records in alarm notifications), so under the production profile creating one needs the reader
 * role as well as subscriber: a subscriber-only token or certificate is refused with 403
 * problem+json naming the reader role, and nothing is stored; reader+subscriber and admin create as
 * before. The caller's own subscriptions stay listable and deletable with the subscriber role
 * alone. Without authentication (demo) nothing changes.
 */
class SubscriptionReadRightsIT {
  private static final String INV = "/o2ims-infrastructureInventory";
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";
  private static final String SUBSCRIBER = "role:o2ims-subscriber";
  private static final String READER = "role:o2ims-reader";

  /** A certificate mapped to the subscriber role only. */
  private static final String SUBSCRIBER_DN = "CN=smo-sub,O=operator";

  /** A certificate mapped to both the reader and the subscriber role. */
  private static final String READER_SUBSCRIBER_DN = "CN=smo-full,O=operator";

  /** Each kind of subscription: its collection, the id member, and what its notifications carry. */
  private record Kind(String path, String idMember, String delivered) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind(INV + "/v1/subscriptions", "subscriptionId", "inventory objects"),
          new Kind(INV + "/v2/subscriptions", "subscriptionId", "inventory objects"),
          new Kind(MON + "/alarmSubscriptions", "alarmSubscriptionId", "alarm records"));

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();
  private ProductionGateways production;

  /**
   * A production gateway that also admits client certificates from the test CA: {@link
   * #SUBSCRIBER_DN} as a subscriber, {@link #READER_SUBSCRIBER_DN} as a reader and a subscriber
   * (DNs hold commas, so the lists are written as a configuration file writes them).
   */
  private Gateway start() {
    production = new ProductionGateways(dir);
    return production.startWithCertificates(
        Map.of(
            "certificate_subscribers",
            List.of(SUBSCRIBER_DN, READER_SUBSCRIBER_DN),
            "certificate_readers",
            List.of(READER_SUBSCRIBER_DN)),
        Map.of());
  }

  private HttpClient certificateClient(String dn) {
    return production.certificateClient(dn);
  }

  private static String body(String callback) {
    return "{\"callback\":\"https://smo.example.com/" + callback + "\"}";
  }

  private String created(HttpResponse<String> response, Kind kind) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return mapper.readTree(response.body()).get(kind.idMember()).asText();
  }

  private List<String> ids(HttpResponse<String> list, Kind kind) throws IOException {
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode n : mapper.readTree(list.body())) {
      ids.add(n.get(kind.idMember()).asText());
    }
    return ids;
  }

  /** A 403 problem whose detail names the reader role and what the subscription would carry. */
  private void assertRefusedForLackOfReader(HttpResponse<String> response, Kind kind)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("error=\"insufficient_scope\"");
    JsonNode problem = mapper.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(403);
    assertThat(problem.path("detail").asText())
        .isEqualTo(
            "this operation needs the reader role: a subscription's notifications carry "
                + kind.delivered()
                + ", which only the reader role may read");
  }

  @Test
  void aSubscriberTokenWithoutTheReaderRoleCannotSubscribeToWhatItMayNotRead() throws Exception {
    try (Gateway gateway = start()) {
      HttpClient tokens = production.client();
      String base = "https://localhost:" + gateway.port();
      String subscriberOnly = production.token("smo-sub", SUBSCRIBER);
      String readerOnly = production.token("smo-read", READER);
      String both = production.token("smo-full", READER + " " + SUBSCRIBER);
      String admin = production.token("noc", "role:o2ims-admin");
      for (Kind kind : KINDS) {
        String collection = base + kind.path();

        // what a subscriber-only token would be sent, it may not GET
        String reads =
            kind.path().startsWith(MON)
                ? MON + "/alarms"
                : kind.path().replace("/subscriptions", "/resourcePools");
        assertThat(send(tokens, "GET", base + reads, subscriberOnly, null).statusCode())
            .isEqualTo(403);

        assertRefusedForLackOfReader(
            send(tokens, "POST", collection, subscriberOnly, body("sub-only")), kind);
        assertThat(ids(send(tokens, "GET", collection, admin, null), kind)).isEmpty();
        assertThat(ids(send(tokens, "GET", collection, subscriberOnly, null), kind)).isEmpty();

        HttpResponse<String> readerRefused =
            send(tokens, "POST", collection, readerOnly, body("read-only"));
        assertThat(readerRefused.statusCode()).isEqualTo(403);
        assertThat(mapper.readTree(readerRefused.body()).path("detail").asText())
            .isEqualTo("this operation needs the subscriber role");

        String byBoth = created(send(tokens, "POST", collection, both, body("both")), kind);
        String byAdmin = created(send(tokens, "POST", collection, admin, body("admin")), kind);
        assertThat(ids(send(tokens, "GET", collection, admin, null), kind))
            .containsExactlyInAnyOrder(byBoth, byAdmin);
        assertThat(ids(send(tokens, "GET", collection, both, null), kind)).containsExactly(byBoth);

        // no modify is routed (405); should one be, it is held to the same two roles
        String one = collection + "/" + byBoth;
        assertThat(send(tokens, "PATCH", one, both, body("changed")).statusCode()).isEqualTo(405);
        assertRefusedForLackOfReader(send(tokens, "PATCH", one, subscriberOnly, body("x")), kind);
      }
    }
  }

  @Test
  void aSubscriberCertificateWithoutTheReaderRoleCannotSubscribeEither() throws Exception {
    try (Gateway gateway = start()) {
      HttpClient subscriberOnly = certificateClient(SUBSCRIBER_DN);
      HttpClient both = certificateClient(READER_SUBSCRIBER_DN);
      String admin = production.token("noc", "role:o2ims-admin");
      String base = "https://localhost:" + gateway.port();
      for (Kind kind : KINDS) {
        String collection = base + kind.path();
        assertRefusedForLackOfReader(
            send(subscriberOnly, "POST", collection, null, body("cert-sub-only")), kind);
        assertThat(ids(send(production.client(), "GET", collection, admin, null), kind)).isEmpty();

        String byBoth = created(send(both, "POST", collection, null, body("cert-both")), kind);
        assertThat(ids(send(production.client(), "GET", collection, admin, null), kind))
            .containsExactly(byBoth);
        assertThat(ids(send(subscriberOnly, "GET", collection, null, null), kind)).isEmpty();
      }
    }
  }

  /**
   * A client whose reader role is withdrawn after it subscribed (or that subscribed before this
   * rule) still lists and deletes its own subscriptions with the subscriber role alone: that is how
   * it, or an admin, removes them.
   */
  @Test
  void aSubscriberWithoutTheReaderRoleStillListsAndDeletesItsOwn() throws Exception {
    try (Gateway gateway = start()) {
      HttpClient tokens = production.client();
      String base = "https://localhost:" + gateway.port();
      String before = production.token("smo-1", READER + " " + SUBSCRIBER);
      String after = production.token("smo-1", SUBSCRIBER);
      for (Kind kind : KINDS) {
        String collection = base + kind.path();
        String id = created(send(tokens, "POST", collection, before, body("then")), kind);
        assertThat(ids(send(tokens, "GET", collection, after, null), kind)).containsExactly(id);
        assertThat(send(tokens, "GET", collection + "/" + id, after, null).statusCode())
            .isEqualTo(200);
        assertThat(send(tokens, "DELETE", collection + "/" + id, after, null).statusCode())
            .isEqualTo(200);
        assertThat(ids(send(tokens, "GET", collection, after, null), kind)).isEmpty();
      }
    }
  }

  /** The demo profile has no authentication: every request may subscribe, as before. */
  @Test
  void theDemoProfileStillSubscribesWithoutCredentials() throws Exception {
    try (Gateway gateway = InProcessGateways.start(dir.resolve("demo"), Map.of())) {
      GatewayHttp http = new GatewayHttp();
      for (Kind kind : KINDS) {
        HttpResponse<String> response =
            http.send(gateway, "POST", kind.path(), body("demo").replace("https", "http"));
        String id = created(response, kind);
        assertThat(ids(http.send(gateway, "GET", kind.path(), null), kind)).containsExactly(id);
      }
    }
  }
}
