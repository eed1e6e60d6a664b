package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.INV;
import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.server.internal.Gateway;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscription create, read, list, delete and every refusal, over real HTTP in-process. */
class SubscriptionApiIT {
  static final String SUBS = V1 + "/subscriptions";

  @TempDir static Path dataDir;
  @TempDir static Path strictDataDir;
  static Gateway gateway;
  static Gateway strict;
  static Client client;
  static Client strictClient;
  static ReferenceSchemas schemas;
  static ApiChecks checks;

  @BeforeAll
  static void start() {
    schemas = new ReferenceSchemas();
    checks = new ApiChecks(schemas);
    gateway =
        InProcessGateways.start(
            dataDir, Map.of("server.page_size", "2", "server.max_body_bytes", "2048"));
    client = new Client(GatewayHttp.base(gateway));
    strict =
        InProcessGateways.start(
            strictDataDir,
            Map.of(
                "subscriptions.duplicate_status", "400",
                "subscriptions.allow_http_callbacks", "false"));
    strictClient = new Client(GatewayHttp.base(strict));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    strict.close();
  }

  static String body(String callback, String extra) {
    return "{\"callback\":\"" + callback + "\"" + extra + "}";
  }

  static JsonNode problem(Reply r, int status) {
    return checks.problem(r, status);
  }

  @Test
  void aSubscriptionIsCreatedReadListedAndDeleted() {
    String consumer = "8C1C151D-2899-4c96-B76F-4fe92064b57b";
    Reply created =
        client.postJson(
            SUBS,
            body(
                "https://smo.example.com/cb/crud",
                ",\"consumerSubscriptionId\":\""
                    + consumer
                    + "\",\"filter\":\"(eq,objectType,ResourcePool)\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode sub = created.json();
    assertThat(schemas.errors("Subscription", sub)).isEmpty();
    String id = sub.path("subscriptionId").asText();
    assertThat(created.header("Location")).contains(SUBS + "/" + id);
    assertThat(sub.path("consumerSubscriptionId").asText()).isEqualTo(consumer);

    Reply read = client.get(SUBS + "/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(sub);
    assertThat(schemas.errors("Subscription", read.json())).isEmpty();
    assertThat(client.get(SUBS + "/" + id + "?fields=callback").json().has("filter")).isTrue();

    Reply list = client.get(SUBS + "?filter=(eq,subscriptionId," + id + ")");
    assertThat(schemas.arrayErrors("Subscription", list.json())).isEmpty();
    assertThat(list.json().size()).isEqualTo(1);
    assertThat(list.header("X-Total-Count")).contains("1");

    Reply deleted = client.delete(SUBS + "/" + id + "/");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEmpty();
    problem(client.get(SUBS + "/" + id), 404);
    problem(client.delete(SUBS + "/" + id), 404);
  }

  @Test
  void aDuplicateIs409NamingTheExistingSubscription() {
    String b = body("https://smo.example.com/cb/dup", ",\"filter\":\"(EQ,objectType,Resource)\"");
    String id = client.postJson(SUBS, b).json().path("subscriptionId").asText();
    String sameFilterOtherSpelling =
        body("https://smo.example.com/cb/dup", ",\"filter\":\"(eq,objectType,'Resource')\"");
    JsonNode p = problem(client.postJson(SUBS, sameFilterOtherSpelling), 409);
    assertThat(p.path("additionalAttributes").path("subscriptionId").asText()).isEqualTo(id);
    Reply differentConsumer =
        client.postJson(
            SUBS,
            body(
                "https://smo.example.com/cb/dup",
                ",\"filter\":\"(eq,objectType,Resource)\",\"consumerSubscriptionId\":\"65221564-8b05-416a-bfc3-c250bc64e1aa\""));
    assertThat(differentConsumer.status()).isEqualTo(201);
  }

  @Test
  void duplicatesCanBeConfiguredTo400AndHttpCallbacksRefused() {
    String b = body("https://smo.example.com/cb/strict", "");
    assertThat(strictClient.postJson(SUBS, b).status()).isEqualTo(201);
    JsonNode p = problem(strictClient.postJson(SUBS, b), 400);
    assertThat(p.path("additionalAttributes").path("subscriptionId").asText()).isNotEmpty();
    problem(strictClient.postJson(SUBS, body("http://smo.example.com/cb", "")), 400);
    assertThat(client.postJson(SUBS, body("http://smo.example.com/cb/plain", "")).status())
        .isEqualTo(201);
  }

  @Test
  void invalidBodiesAre400() {
    problem(client.postJson(SUBS, "{not json"), 400);
    problem(client.postJson(SUBS, "[]"), 400);
    problem(client.postJson(SUBS, "{}"), 400);
    problem(client.postJson(SUBS, body("https://smo.example.com/x", ",\"unknown\":1")), 400);
    problem(
        client.postJson(
            SUBS,
            body(
                "https://smo.example.com/x",
                ",\"subscriptionId\":\"65221564-8b05-416a-bfc3-c250bc64e1aa\"")),
        400);
    problem(
        client.postJson(
            SUBS, body("https://smo.example.com/x", ",\"consumerSubscriptionId\":\"abc\"")),
        400);
    problem(
        client.postJson(
            SUBS, body("https://smo.example.com/x", ",\"filter\":\"(eq,noSuchAttribute,1)\"")),
        400);
    problem(
        client.postJson(SUBS, body("https://smo.example.com/x", ",\"filter\":\"(eq,name\"")), 400);
    problem(client.postJson(SUBS, "{\"callback\":42}"), 400);
  }

  @Test
  void anObjectTypeOfTheOtherViewIsRefusedNamingTheViewThatHasIt() {
    JsonNode v1 =
        problem(
            client.postJson(
                SUBS,
                body(
                    "https://smo.example.com/v1-sites",
                    ",\"filter\":\"(eq,objectType,OCloudSite)\"")),
            400);
    assertThat(v1.path("detail").asText()).contains("OCloudSite", "/v2/subscriptions");
    JsonNode unknown =
        problem(
            client.postJson(
                INV + "/v2/subscriptions",
                body("https://smo.example.com/v2-x", ",\"filter\":\"(eq,objectType,Site)\"")),
            400);
    // v2's own types are offered, Location and OCloudSite included
    assertThat(unknown.path("detail").asText()).contains("Location", "OCloudSite");
    assertThat(client.get(SUBS + "?filter=(eq,callback,https://smo.example.com/v1-sites)").json())
        .isEmpty();
  }

  @Test
  void callbacksThatAreNotAbsoluteHttpUrlsAre400() {
    for (String callback :
        new String[] {
          "not a url",
          "/relative/path",
          "ftp://smo.example.com/cb",
          "mailto:smo@example.com",
          "https://"
        }) {
      JsonNode p = problem(client.postJson(SUBS, body(callback, "")), 400);
      assertThat(p.path("additionalAttributes").path("member").asText()).isEqualTo("callback");
    }
  }

  /**
   * A callback longer than 2,048 characters is 400 naming the limit, and nothing is stored (it was
   * bounded only by the request body: a 100 KB callback was stored and sent with every
   * notification). The strict gateway keeps the default 1 MiB body limit.
   */
  @Test
  void aCallbackLongerThanTheLimitIs400NamingTheLimit() {
    String prefix = "https://smo.example.com/cb/long/";
    String longest = prefix + "a".repeat(2048 - prefix.length());
    String before = strictClient.get(SUBS).header("X-Total-Count").orElseThrow();
    for (String callback : new String[] {longest + "a", prefix + "a".repeat(100_000)}) {
      JsonNode p = checks.problem(strictClient.postJson(SUBS, body(callback, "")), 400);
      assertThat(p.path("detail").asText())
          .isEqualTo(
              "callback is "
                  + callback.length()
                  + " characters long; the longest accepted is 2048");
      assertThat(p.path("additionalAttributes").path("member").asText()).isEqualTo("callback");
    }
    assertThat(strictClient.get(SUBS).header("X-Total-Count").orElseThrow()).isEqualTo(before);
    Reply created = strictClient.postJson(SUBS, body(longest, ""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("callback").asText()).isEqualTo(longest);
  }

  /**
   * The documented rule (openapi.yaml, createSubscription): an empty or blank filter member is no
   * filter (stored and shown without it, a duplicate of the subscription without one), while an
   * empty filter= on a list is 400.
   */
  @Test
  void anEmptyFilterMemberIsNoFilterAndAnEmptyFilterParameterIs400() {
    String callback = "https://smo.example.com/cb/empty-filter";
    Reply created = client.postJson(SUBS, body(callback, ",\"filter\":\"\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().has("filter")).isFalse();
    String id = created.json().path("subscriptionId").asText();
    for (String same : new String[] {"", ",\"filter\":\"  \"", ",\"filter\":null"}) {
      JsonNode p = problem(client.postJson(SUBS, body(callback, same)), 409);
      assertThat(p.path("additionalAttributes").path("subscriptionId").asText()).isEqualTo(id);
    }
    JsonNode p = problem(client.get(SUBS + "?filter="), 400);
    assertThat(p.path("detail").asText()).contains("the filter is empty");
    assertThat(client.delete(SUBS + "/" + id).status()).isEqualTo(200);
  }

  @Test
  void aBodyThatIsNotJsonIs415AndAnOversizedOneIs413() {
    problem(client.post(SUBS, "text/plain", body("https://smo.example.com/x", "")), 415);
    problem(client.post(SUBS, "application/xml", "<a/>"), 415);
    assertThat(
            client
                .post(
                    SUBS, "application/json; charset=utf-8", body("https://smo.example.com/cs", ""))
                .status())
        .isEqualTo(201);
    String huge = body("https://smo.example.com/x", ",\"filter\":\"" + "x".repeat(4096) + "\"");
    problem(client.postJson(SUBS, huge), 413);
  }

  @Test
  void subscriptionsPageWithTotalsAndRefuseATamperedMarker() {
    for (int i = 0; i < 5; i++) {
      client.postJson(SUBS, body("https://smo.example.com/cb/page/" + i, ""));
    }
    Set<String> seen = new HashSet<>();
    Reply r = client.get(SUBS);
    int total = Integer.parseInt(r.header("X-Total-Count").orElseThrow());
    assertThat(total).isGreaterThanOrEqualTo(5);
    while (true) {
      assertThat(r.json().size()).isLessThanOrEqualTo(2);
      assertThat(r.header("X-Total-Count")).contains(Integer.toString(total));
      r.json().forEach(s -> seen.add(s.path("subscriptionId").asText()));
      if (r.header("Link").isEmpty()) {
        break;
      }
      String link = r.header("Link").orElseThrow();
      r = client.get(link.substring(link.indexOf('<') + 1, link.indexOf('>')));
    }
    assertThat(seen).hasSize(total);
    String link = client.get(SUBS).header("Link").orElseThrow();
    problem(client.get(link.substring(link.indexOf('<') + 1, link.indexOf('>')) + "x"), 400);
  }

  @Test
  void nonUuidSubscriptionIdsAre400AndWrongMethods405() {
    problem(client.get(SUBS + "/nope"), 400);
    problem(client.delete(SUBS + "/nope"), 400);
    Reply r = client.method("PATCH", SUBS + "/65221564-8b05-416a-bfc3-c250bc64e1aa");
    problem(r, 405);
    assertThat(r.header("Allow")).contains("DELETE, GET, HEAD");
  }

  private static Reply conditional(
      String method, String path, String header, String value, String contentType, String body) {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(client.uri(path)).header(header, value);
    if (body == null) {
      b.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", contentType)
          .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
    }
    return client.send(b);
  }

  /**
   * A precondition is evaluated once the target is found and the body is valid (RFC 9110, section
   * 13.2.1: it is ignored where the answer without it would not be 2xx): a DELETE of a missing
   * subscription is 404, a body of the wrong type 415, an invalid one 400, a wrong method 405,
   * whatever If-Match or If-None-Match say; on an existing subscription and a valid create the
   * failed precondition is 412 and nothing changes. The DELETE and the invalid bodies used to be
   * 412 (every write route was guarded before it ran).
   */
  @Test
  void aFailedPreconditionIs412OnlyWhereTheWriteWouldOtherwiseSucceed() {
    String missing = SUBS + "/0b6e4f52-8a43-4a4e-9d3b-6f1d2c9e7a10";
    String valid = body("https://smo.example.com/cb/conditional", "");
    for (String[] header :
        java.util.List.of(
            new String[] {"If-None-Match", "*"}, new String[] {"If-Match", "\"x\""})) {
      JsonNode p = problem(conditional("DELETE", missing, header[0], header[1], null, null), 404);
      assertThat(p.path("detail").asText()).contains("0b6e4f52-8a43-4a4e-9d3b-6f1d2c9e7a10");
      problem(conditional("DELETE", SUBS + "/nope", header[0], header[1], null, null), 400);
      problem(conditional("PUT", missing, header[0], header[1], "application/json", valid), 405);
      problem(conditional("POST", SUBS, header[0], header[1], "text/plain", valid), 415);
      problem(
          conditional("POST", SUBS, header[0], header[1], "application/json", "{\"filter\":\"\"}"),
          400);
      problem(
          conditional(
              "POST",
              SUBS,
              header[0],
              header[1],
              "application/json",
              body("https://smo.example.com/cb/conditional", ",\"filter\":\"(eq,nope,1)\"")),
          400);
      JsonNode refused =
          problem(conditional("POST", SUBS, header[0], header[1], "application/json", valid), 412);
      assertThat(refused.path("detail").asText()).contains(header[0], "nothing was changed");
    }
    assertThat(
            client
                .get(SUBS + "?filter=(eq,callback,https://smo.example.com/cb/conditional)")
                .json())
        .isEmpty();
    String id = client.postJson(SUBS, valid).json().path("subscriptionId").asText();
    problem(conditional("DELETE", SUBS + "/" + id, "If-None-Match", "*", null, null), 412);
    problem(conditional("DELETE", SUBS + "/" + id, "If-Match", "\"x\"", null, null), 412);
    assertThat(client.get(SUBS + "/" + id).status()).isEqualTo(200);
    assertThat(conditional("DELETE", SUBS + "/" + id, "If-Match", "*", null, null).status())
        .isEqualTo(200);
    problem(client.get(SUBS + "/" + id), 404);
  }
}
