package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.it.ReferenceSchemas;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.threeten.extra.MutableClock;

class AuthenticationIT {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final RSAKey KEY_1 = TestTokens.rsa("k1");
  private static final RSAKey KEY_2 = TestTokens.rsa("k2");
  private static final String INV = TestRoutes.INV;
  private static final ReferenceSchemas SCHEMAS = ReferenceSchemas.v2();

  private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
  private final ObjectMapper mapper = O2Json.newMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
  @RegisterExtension final LogCapture audit = LogCapture.audit();
  private JwksServer jwks;
  private SecuredTestServer server;

  @BeforeEach
  void start() {
    jwks = new JwksServer(TestTokens.jwks(KEY_1));
    JwksKeys keys =
        new JwksKeys(jwks.uri(), http, clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
    JwtVerifier verifier = new JwtVerifier(keys, TestTokens.settings(), clock);
    server =
        new SecuredTestServer(
            SecurityLayers.builder()
                .authentication(verifier, RoleMapping.defaults())
                .clock(clock)
                .build());
  }

  @AfterEach
  void stop() {
    server.close();
    jwks.close();
  }

  private static String token(String subject, String scope) {
    return TestTokens.sign(KEY_1, TestTokens.claims(NOW, subject, scope).build());
  }

  private HttpResponse<String> send(String method, String path, String token, String body) {
    return ProductionGateways.send(http, method, server.uri(path).toString(), token, body);
  }

  /** A problem+json body, valid against the reference {@code ProblemDetails} schema. */
  private JsonNode problem(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = mapper.readTree(response.body());
    assertThat(SCHEMAS.errors("ProblemDetails", problem)).as(response.body()).isEmpty();
    return problem;
  }

  @Test
  void requestWithoutTokenGets401WithBearerChallengeAndProblemBody() throws Exception {
    HttpResponse<String> response = send("GET", INV + "/resourcePools", null, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"o2ims\"");
    JsonNode problem = problem(response);
    assertThat(problem.get("status").asInt()).isEqualTo(401);
    assertThat(problem.get("instance").asText()).isEqualTo(INV + "/resourcePools");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(server.routes.hits).isEmpty();
  }

  static Stream<Arguments> badTokens() {
    Function<Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder>, String> signed =
        change ->
            TestTokens.sign(
                KEY_1, change.apply(TestTokens.claims(NOW, "smo-1", "role:o2ims-reader")).build());
    JWTClaimsSet valid = TestTokens.claims(NOW, "smo-1", "role:o2ims-reader").build();
    return Stream.of(
        Arguments.of(
            "expired", signed.apply(c -> c.expirationTime(Date.from(NOW.minusSeconds(3600))))),
        Arguments.of(
            "not yet valid", signed.apply(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(3600))))),
        Arguments.of("issuer", signed.apply(c -> c.issuer("https://evil.test"))),
        Arguments.of("audience", signed.apply(c -> c.audience("another-api"))),
        Arguments.of("signature", TestTokens.sign(TestTokens.rsa("k1"), valid)),
        Arguments.of("not signed", TestTokens.unsigned(valid)),
        Arguments.of("algorithm", TestTokens.hmacWithPublicKey(KEY_1, valid)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void badTokenGets401InvalidTokenNamingTheFailedCheck(String reason, String token)
      throws Exception {
    HttpResponse<String> response = send("GET", INV + "/resourcePools", token, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"o2ims\", error=\"invalid_token\"")
        .contains(reason);
    assertThat(problem(response).get("detail").asText()).contains(reason);
    assertThat(server.routes.hits).isEmpty();
  }

  @Test
  void unknownKeyIdIsFoundAfterTheIssuerRotatesAndTheRefreshIntervalPasses() throws Exception {
    assertThat(
            send("GET", INV + "/resourcePools", token("smo-1", "role:o2ims-reader"), null)
                .statusCode())
        .isEqualTo(200);
    int fetchesBefore = jwks.fetches.get();
    String rotated =
        TestTokens.sign(KEY_2, TestTokens.claims(NOW, "smo-1", "role:o2ims-reader").build());
    jwks.publish(TestTokens.jwks(KEY_1, KEY_2));

    for (int i = 0; i < 3; i++) {
      assertThat(send("GET", INV + "/resourcePools", rotated, null).statusCode())
          .as("refresh is rate-limited")
          .isEqualTo(401);
    }
    assertThat(jwks.fetches.get()).isEqualTo(fetchesBefore);

    clock.add(Duration.ofSeconds(30));
    assertThat(send("GET", INV + "/resourcePools", rotated, null).statusCode()).isEqualTo(200);
    assertThat(jwks.fetches.get()).isEqualTo(fetchesBefore + 1);
  }

  @Test
  void readerReadsInventoryWithNoStoreAndNosniffHeaders() throws Exception {
    HttpResponse<String> response =
        send("GET", INV + "/resourcePools", token("smo-1", "role:o2ims-reader"), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void tokenWithoutTheNeededScopeGets403() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            INV + "/subscriptions",
            token("smo-1", "role:o2ims-reader"),
            "{\"callback\":\"https://smo.test/cb\"}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"");
    assertThat(problem(response).get("status").asInt()).isEqualTo(403);
    assertThat(
            send("GET", INV + "/resourcePools", token("smo-2", "role:o2ims-subscriber"), null)
                .statusCode())
        .as("a subscriber is not a reader")
        .isEqualTo(403);
    assertThat(
            send("GET", "/admin/dead-letters", token("smo-1", "role:o2ims-reader"), null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send("GET", "/admin/dead-letters", token("ops", "role:o2ims-admin"), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void subscriberSeesAndDeletesOnlyItsOwnSubscriptionsOthersAre404() throws Exception {
    String alice = token("alice", "role:o2ims-reader role:o2ims-subscriber");
    String bob = token("bob", "role:o2ims-subscriber");
    String created =
        send("POST", INV + "/subscriptions", alice, "{\"callback\":\"https://a.test/cb\"}").body();
    String id = mapper.readTree(created).get("subscriptionId").asText();

    assertThat(send("GET", INV + "/subscriptions/" + id, bob, null).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", INV + "/subscriptions/" + id, bob, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", INV + "/subscriptions", bob, null).body()).isEqualTo("[]");
    assertThat(send("GET", INV + "/subscriptions", alice, null).body()).contains(id);
    assertThat(send("GET", INV + "/subscriptions", token("ops", "role:o2ims-admin"), null).body())
        .contains(id);
    assertThat(send("DELETE", INV + "/subscriptions/" + id, alice, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void healthEndpointNeedsNoToken() throws Exception {
    assertThat(send("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void auditLogHasOneLinePerWriteAndPerDenialAndNeverTheToken() throws Exception {
    String alice = token("alice", "role:o2ims-reader role:o2ims-subscriber");
    send("POST", INV + "/subscriptions", alice, "{\"callback\":\"https://a.test/cb\"}");
    send("GET", INV + "/resourcePools", "garbage-token", null);
    send("GET", "/admin/dead-letters", alice, null);
    send("GET", INV + "/subscriptions", alice, null);

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> audit.lines().size() >= 3);
    List<String> lines = audit.lines();
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "event=write subject=\"alice\" auth=token client=127.0.0.1 method=POST")
                    .contains("status=201"));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("event=denied subject=\"anonymous\"")
                    .contains("status=401"));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("event=denied subject=\"alice\"")
                    .contains("status=403"));
    assertThat(String.join("\n", lines)).doesNotContain(alice).doesNotContain("garbage-token");
  }
}
