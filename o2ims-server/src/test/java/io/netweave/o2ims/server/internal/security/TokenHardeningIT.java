package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client with a laptop, and sometimes a reader token, can do to the real production gateway
 * on a loopback TLS port: guess tokens, present tokens with loose claims, find the JWKS
 * unreachable, register subscriptions without end (issue 15, items 5, 8, 9 and the token findings).
 */
class TokenHardeningIT {
  @TempDir Path dir;
  private ProductionGateways gateways;
  private Gateway gateway;
  @RegisterExtension final LogCapture audit = LogCapture.audit();

  @BeforeEach
  void setUp() {
    gateways = new ProductionGateways(dir);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private String base() {
    return "https://localhost:" + gateway.port();
  }

  /**
   * A GET of {@code path} as the trusted proxy on loopback sends it: a bearer {@code token} (none
   * when null), then the {@code X-Forwarded-For} lines in order, 30 s at the most.
   */
  private HttpResponse<String> throughProxy(
      HttpClient proxy, String path, String token, String... forwardedFor) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (String line : forwardedFor) {
      request.header("X-Forwarded-For", line);
    }
    return proxy.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status a reader's GET of the resource pools is answered with. */
  private int readersPoolsStatus(HttpClient http) {
    return send(
            http,
            "GET",
            base() + INV + "/resourcePools",
            gateways.token("r", "role:o2ims-reader"),
            null)
        .statusCode();
  }

  @Test
  void failedAuthenticationsAreThrottledPerAddressAndSampledInTheAuditLog() {
    gateway = gateways.start(Map.of());
    HttpClient http = gateways.client();
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> last = null;
    for (int i = 0; i < 100; i++) {
      last = send(http, "GET", base() + INV + "/resourcePools", "not-a-token-" + i, null);
      statuses.add(last.statusCode());
    }
    // auth.failures_per_minute defaults to 60 per client address
    assertThat(statuses.subList(0, 60)).containsOnly(401);
    assertThat(statuses.subList(60, 100)).containsOnly(429);
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
    assertThat(last.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    // a valid token from the same address waits for the window too
    assertThat(readersPoolsStatus(http)).isEqualTo(429);
    assertThat(audit.lines()).hasSizeLessThan(20);
  }

  /**
   * Behind a trusted proxy that adds its own {@code X-Forwarded-For} line (HAProxy's {@code option
   * forwardfor}) after the one the client sent: the client's forged line must not give it a new
   * address, and a fresh failure budget, on every request.
   */
  @Test
  void aForgedForwardedForLineDoesNotEscapeTheFailureBudgetBehindATrustedProxy() throws Exception {
    gateway =
        gateways.start(
            Map.of("server.trusted_proxies", "127.0.0.1/32", "auth.failures_per_minute", "3"));
    HttpClient proxy = gateways.http1Client();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // the first line sent by the client, the second added by the proxy
      statuses.add(
          throughProxy(
                  proxy,
                  INV + "/resourcePools",
                  "not-a-token-" + i,
                  "198.51.100." + i,
                  "203.0.113.7")
              .statusCode());
    }
    assertThat(statuses).containsExactly(401, 401, 401, 429, 429, 429);
    assertThat(audit.lines())
        .anySatisfy(line -> assertThat(line).contains("client=203.0.113.7"))
        .noneSatisfy(line -> assertThat(line).contains("198.51.100."));
    // another client behind the same proxy keeps its own budget
    assertThat(
            throughProxy(
                    proxy,
                    INV + "/resourcePools",
                    gateways.token("r", "role:o2ims-reader"),
                    "203.0.113.8")
                .statusCode())
        .isEqualTo(200);
  }

  /**
   * An IPv6 client holds a whole /64: new source addresses from it must not buy a new failure
   * budget each (here behind a trusted proxy that forwards IPv6 clients).
   */
  @Test
  void ipv6ClientsOfOneSlash64ShareOneFailureBudget() throws Exception {
    gateway =
        gateways.start(
            Map.of("server.trusted_proxies", "127.0.0.1/32", "auth.failures_per_minute", "3"));
    HttpClient proxy = gateways.http1Client();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      statuses.add(
          throughProxy(
                  proxy,
                  INV + "/resourcePools",
                  "not-a-token-" + i,
                  "2001:db8:1:2:" + Integer.toHexString(i * 4099) + "::1")
              .statusCode());
    }
    assertThat(statuses).containsExactly(401, 401, 401, 429, 429, 429);
    // a client of another /64 keeps its own budget
    assertThat(
            throughProxy(
                    proxy,
                    INV + "/resourcePools",
                    gateways.token("r", "role:o2ims-reader"),
                    "2001:db8:1:3::1")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokensWithALongLifetimeOrAFutureIssueTimeAreRefused() {
    gateway = gateways.start(Map.of());
    HttpClient http = gateways.client();
    Instant now = Instant.now();
    String tenYears =
        TestTokens.sign(
            gateways.key,
            TestTokens.claims(now, "reader-1", "role:o2ims-reader")
                .expirationTime(Date.from(now.plus(Duration.ofDays(3650))))
                .build());
    String future =
        TestTokens.sign(
            gateways.key,
            TestTokens.claims(now, "reader-1", "role:o2ims-reader")
                .issueTime(Date.from(now.plus(Duration.ofHours(1))))
                .build());
    HttpResponse<String> longLived =
        send(http, "GET", base() + INV + "/resourcePools", tenYears, null);
    assertThat(longLived.statusCode()).isEqualTo(401);
    assertThat(longLived.body()).contains("auth.max_token_lifetime");
    HttpResponse<String> early = send(http, "GET", base() + INV + "/resourcePools", future, null);
    assertThat(early.statusCode()).isEqualTo(401);
    assertThat(early.body()).contains("issued in the future");
    assertThat(readersPoolsStatus(http)).isEqualTo(200);
  }

  @Test
  void theTokenSizeCapIsNamedInTheAnswerAndDocumented() throws Exception {
    gateway = gateways.start(Map.of());
    HttpResponse<String> response =
        send(
            gateways.http1Client(),
            "GET",
            base() + INV + "/resourcePools",
            "e" + "y".repeat(17_000),
            null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("auth.max_token_bytes");
    assertThat(Files.readString(Path.of("..", "docs", "security.md")))
        .contains("| `auth.max_token_bytes` | `16384` |");
  }

  @Test
  void aSubjectCannotHoldMoreSubscriptionsThanItsQuota() {
    gateway = gateways.start(Map.of("rate_limit.write_per_minute", "1000"));
    HttpClient http = gateways.client();
    String alice = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> created =
          send(
              http,
              "POST",
              base() + INV + "/subscriptions",
              alice,
              "{\"callback\":\"https://third-party.example.com/victim/" + i + "\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
    HttpResponse<String> refused =
        send(
            http,
            "POST",
            base() + INV + "/subscriptions",
            alice,
            "{\"callback\":\"https://third-party.example.com/victim/100\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.body()).contains("subscriptions.max_per_subject");
    // another subject has its own quota
    assertThat(
            send(
                    http,
                    "POST",
                    base() + INV + "/subscriptions",
                    gateways.token("bob", "role:o2ims-reader role:o2ims-subscriber"),
                    "{\"callback\":\"https://smo.example.com/bob\"}")
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void callbacksIntoSharedBenchmarkTranslatedOrNumericallySpelledAddressesAreRefused() {
    gateway = gateways.start(Map.of());
    HttpClient http = gateways.client();
    String alice = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    List<String> callbacks =
        List.of(
            "https://100.64.0.1/n",
            "https://100.127.255.254/n",
            "https://198.18.0.1/n",
            "https://198.19.255.1/n",
            "https://[64:ff9b::7f00:1]/n",
            "https://[64:ff9b::a00:1]/n",
            "https://[64:ff9b::c0a8:101]/n",
            "https://[2002:7f00:1::]/n",
            "https://[2002:c0a8:101::1]/n",
            "https://[2002:a9fe:a9fe::]/n",
            "https://0x7f000001/n",
            "https://017700000001/n",
            "https://2130706433/n",
            "https://127.1/n",
            "https://0177.0.0.1/n");
    for (String callback : callbacks) {
      HttpResponse<String> response =
          send(
              http,
              "POST",
              base() + INV + "/subscriptions",
              alice,
              "{\"callback\":\"" + callback + "\"}");
      assertThat(response.statusCode()).as(callback + " " + response.body()).isEqualTo(400);
    }
    assertThat(
            send(
                    http,
                    "POST",
                    base() + INV + "/subscriptions",
                    alice,
                    "{\"callback\":\"https://[2001:db8::1]/n\"}")
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  void aJwksUrlMustBeHttpsWhateverItsCaseAndNothingElseStarts() {
    for (String url : List.of("HTTP://127.0.0.1:9/jwks", "Http://idp.example/jwks")) {
      Map<String, String> settings = settingsWithJwks(url);
      assertThatThrownBy(() -> start(settings))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("https auth.jwks_url");
    }
    Map<String, String> file = settingsWithJwks("file:///etc/passwd");
    assertThatThrownBy(() -> start(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.jwks_url");
    Map<String, String> demo =
        Map.of(
            "auth.enabled",
            "true",
            "auth.jwks_url",
            "file:///etc/passwd",
            "auth.issuer",
            TestTokens.ISSUER,
            "auth.audience",
            TestTokens.AUDIENCE);
    assertThatThrownBy(() -> InProcessGateways.start(dir.resolve("demo"), demo))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.jwks_url");
  }

  private void start(Map<String, String> settings) {
    gateway = InProcessGateways.start(dir.resolve("data"), settings);
  }

  /** The production settings with signing keys from {@code jwksUrl} instead of the static file. */
  private Map<String, String> settingsWithJwks(String jwksUrl) {
    Map<String, String> settings = new HashMap<>(gateways.settings());
    settings.remove("auth.static_keys_file");
    settings.put("auth.jwks_url", jwksUrl);
    return settings;
  }

  /** A loopback port nothing listens on any more. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void whileTheJwksCannotBeFetchedTokensGet503AndReadinessAndMetricsSaySo() throws Exception {
    int closedPort = closedPort();
    Path ca = dir.resolve("clients-ca.pem");
    gateways.pki.writeCaBundle(ca);
    Map<String, String> settings = settingsWithJwks("https://127.0.0.1:" + closedPort + "/jwks");
    settings.put("server.tls.client_ca", ca.toString());
    settings.put("auth.certificate_admins", "CN=ops");
    start(settings);
    HttpClient http = gateways.client();
    HttpResponse<String> refused =
        send(
            http,
            "GET",
            base() + INV + "/resourcePools",
            gateways.token("reader-1", "role:o2ims-reader"),
            null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("signing keys");

    HttpResponse<String> ready = send(http, "GET", base() + "/readyz", null, null);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("authentication").contains("127.0.0.1:" + closedPort);

    HttpClient ops =
        HttpClient.newBuilder()
            .sslContext(gateways.pki.clientContext(gateways.pki.client("CN=ops")))
            .build();
    HttpResponse<String> metrics = send(ops, "GET", base() + "/metrics", null, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("auth_jwks_available 0")
        .contains("auth_jwks_fetch_failures");
  }

  /**
   * {@code /readyz} answers without credentials; its detail names the key source's URL and error
   * (and, on Kubernetes, API server URLs and clusters), so only a client on the gateway's own host
   * reads it. Here the remote client comes through a trusted proxy on loopback.
   */
  @Test
  void readinessDetailIsForClientsOnTheGatewaysHostOnly() throws Exception {
    int closedPort = closedPort();
    Map<String, String> settings = settingsWithJwks("https://127.0.0.1:" + closedPort + "/jwks");
    settings.put("server.trusted_proxies", "127.0.0.1/32");
    start(settings);
    HttpClient http = gateways.http1Client();
    // make the gateway try the JWKS once
    send(
        http,
        "GET",
        base() + INV + "/resourcePools",
        gateways.token("r", "role:o2ims-reader"),
        null);

    HttpResponse<String> outside = throughProxy(http, "/readyz", null, "203.0.113.9");
    assertThat(outside.statusCode()).isEqualTo(503);
    assertThat(outside.body())
        .contains("\"ready\":false")
        .doesNotContain("authentication")
        .doesNotContain("detail")
        .doesNotContain(String.valueOf(closedPort));

    HttpResponse<String> local = send(http, "GET", base() + "/readyz", null, null);
    assertThat(local.statusCode()).isEqualTo(503);
    assertThat(local.body()).contains("authentication").contains("127.0.0.1:" + closedPort);
  }

  @Test
  void openApiDeclaresTheBearerScheme() throws Exception {
    gateway = gateways.start(Map.of());
    HttpResponse<String> yaml =
        send(
            gateways.client(),
            "GET",
            base() + "/openapi.yaml",
            gateways.token("r", "role:o2ims-reader"),
            null);
    var doc =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(yaml.body());
    assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText())
        .isEqualTo("bearer");
    assertThat(doc.at("/security/0").has("bearerAuth")).isTrue();
    assertThat(doc.at("/paths/~1healthz/get/security").isArray()).isTrue();
    assertThat(doc.at("/paths/~1healthz/get/security").size()).isZero();
  }

  @Test
  void aPkcs1KeyIsAcceptedAsTheDocsSay() throws Exception {
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    java.security.KeyPair keys = rsa.generateKeyPair();
    io.netweave.o2ims.server.internal.tls.TestPki.Issued issued =
        gateways.pki.server("localhost", keys);
    java.io.StringWriter pem = new java.io.StringWriter();
    try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pem)) {
      writer.writeObject(keys.getPrivate());
    }
    assertThat(pem.toString()).contains("BEGIN RSA PRIVATE KEY");
    Path cert = dir.resolve("rsa.crt");
    Path key = dir.resolve("rsa-pkcs1.key");
    io.netweave.o2ims.server.internal.tls.TestPki.writePem(issued, cert, dir.resolve("unused.key"));
    Files.writeString(key, pem.toString());
    Map<String, String> settings = new HashMap<>(gateways.settings());
    settings.put("server.tls.cert_file", cert.toString());
    settings.put("server.tls.key_file", key.toString());
    start(settings);
    assertThat(send(gateways.client(), "GET", base() + "/healthz", null, null).statusCode())
        .isEqualTo(200);
    assertThat(Files.readString(Path.of("..", "docs", "security.md")))
        .contains("PKCS#1 RSA (`BEGIN RSA PRIVATE KEY`)");
    assertThat(Files.readString(Path.of("..", "docs", "configuration.md")))
        .contains("PKCS#8, PKCS#1 RSA or SEC1 EC");
  }
}
