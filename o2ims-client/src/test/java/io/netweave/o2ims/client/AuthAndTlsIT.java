package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Credentials;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class AuthAndTlsIT {
  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer idp = new MockWebServer();
  @StartStop final MockWebServer elsewhere = new MockWebServer();
  final MutableClock clock = MutableClock.of(Instant.parse("2026-11-27T07:00:00Z"), ZoneOffset.UTC);

  private RecordedRequest taken(MockWebServer s) throws InterruptedException {
    return s.takeRequest(30, TimeUnit.SECONDS);
  }

  private static MockResponse token(String value, int expiresIn) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"access_token\":\""
                + value
                + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + expiresIn
                + "}")
        .build();
  }

  /** A first page whose next-page link names another server, absolute. */
  private void pageLinkingElsewhere() {
    String path = "/o2ims-infrastructureInventory/v1/resourcePools/" + Fixtures.POOL + "/resources";
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .setHeader(
                "Link", "<" + elsewhere.url(path) + "?nextpage_opaque_marker=2>; rel=\"next\"")
            .body(Fixtures.json(Fixtures.resources(0, 1)))
            .build());
    elsewhere.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(Fixtures.json(Fixtures.resources(1, 2)))
            .build());
  }

  @Test
  void aBearerTokenIsNeverSentToAnotherHostANextLinkNames() throws Exception {
    pageLinkingElsewhere();
    try (O2imsClient client =
        O2imsClient.builder().baseUrl(server.url("/").toString()).bearerToken("abc.def").build()) {
      assertThat(client.resources(Fixtures.POOL).list().toList()).hasSize(2);
    }
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer abc.def");
    assertThat(taken(elsewhere).getHeaders().get("Authorization")).isNull();
  }

  @Test
  void aClientCredentialsTokenIsNeverSentToAnotherHostANextLinkNames() throws Exception {
    idp.enqueue(token("t1", 3600));
    pageLinkingElsewhere();
    try (O2imsClient client = clientCredentialsClient()) {
      assertThat(client.resources(Fixtures.POOL).list().toList()).hasSize(2);
    }
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer t1");
    assertThat(taken(elsewhere).getHeaders().get("Authorization")).isNull();
    assertThat(idp.getRequestCount()).isEqualTo(1);
  }

  private O2imsClient clientCredentialsClient() {
    return O2imsClient.builder()
        .baseUrl(server.url("/").toString())
        .clientCredentials(
            ClientCredentials.of(idp.url("/token").uri(), "smo-1", "s3cret")
                .withScopes("o2ims:read", "o2ims:subscribe"))
        .clock(clock)
        .build();
  }

  @Test
  void aStaticBearerTokenIsSentOnEveryRequest() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client =
        O2imsClient.builder().baseUrl(server.url("/").toString()).bearerToken("abc.def").build()) {
      client.oCloud();
    }
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer abc.def");
  }

  @Test
  void aClientCredentialsTokenIsFetchedOnceAndCached() throws Exception {
    idp.enqueue(token("t1", 300));
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client = clientCredentialsClient()) {
      client.oCloud();
      clock.add(Duration.ofSeconds(200));
      client.oCloud();
    }
    RecordedRequest tokenRequest = taken(idp);
    assertThat(tokenRequest.getMethod()).isEqualTo("POST");
    assertThat(tokenRequest.getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("smo-1", "s3cret"));
    assertThat(tokenRequest.getBody().utf8())
        .isEqualTo("grant_type=client_credentials&scope=o2ims%3Aread+o2ims%3Asubscribe");
    assertThat(idp.getRequestCount()).isEqualTo(1);
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer t1");
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer t1");
  }

  @Test
  void aTokenIsReplacedShortlyBeforeItExpires() throws Exception {
    idp.enqueue(token("t1", 300));
    idp.enqueue(token("t2", 300));
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client = clientCredentialsClient()) {
      client.oCloud();
      clock.add(Duration.ofSeconds(275));
      client.oCloud();
    }
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer t1");
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer t2");
  }

  @Test
  void a401FetchesANewTokenAndRepeatsTheRequestOnce() throws Exception {
    idp.enqueue(token("revoked", 3600));
    idp.enqueue(token("fresh", 3600));
    server.enqueue(Fixtures.problem(401, "Unauthorized", "token revoked"));
    server.enqueue(Fixtures.ok(Fixtures.subscription(1)));
    try (O2imsClient client = clientCredentialsClient()) {
      assertThat(client.subscriptions().create(URI.create("https://smo/cb")))
          .isEqualTo(Fixtures.subscription(1));
    }
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer revoked");
    assertThat(taken(server).getHeaders().get("Authorization")).isEqualTo("Bearer fresh");
    assertThat(idp.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSecond401IsReportedNotRetriedAgain() {
    idp.enqueue(token("a", 3600));
    idp.enqueue(token("b", 3600));
    server.enqueue(Fixtures.problem(401, "Unauthorized", "no"));
    server.enqueue(Fixtures.problem(401, "Unauthorized", "still no"));
    try (O2imsClient client = clientCredentialsClient()) {
      assertThatThrownBy(client::oCloud)
          .isInstanceOfSatisfying(
              O2imsApiException.class, e -> assertThat(e.problem().detail()).isEqualTo("still no"));
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRefusingTokenEndpointIsAnApiException() {
    idp.enqueue(
        new MockResponse.Builder()
            .code(401)
            .setHeader("Content-Type", "application/json")
            .body("{\"error\":\"invalid_client\"}")
            .build());
    try (O2imsClient client = clientCredentialsClient()) {
      assertThatThrownBy(client::oCloud)
          .isInstanceOfSatisfying(
              O2imsApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.getMessage()).contains("token endpoint");
              });
    }
    assertThat(server.getRequestCount()).isZero();
  }

  private static final class Pki {
    final HeldCertificate ca =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("test-ca").build();
    final HeldCertificate serverCert =
        new HeldCertificate.Builder()
            .commonName("o2ims-server")
            .addSubjectAlternativeName("localhost")
            .signedBy(ca)
            .build();
    final HeldCertificate clientCert =
        new HeldCertificate.Builder().commonName("smo-client").signedBy(ca).build();

    void serveMutualTls(MockWebServer server) {
      HandshakeCertificates serverTls =
          new HandshakeCertificates.Builder()
              .heldCertificate(serverCert)
              .addTrustedCertificate(ca.certificate())
              .build();
      server.useHttps(serverTls.sslSocketFactory());
      server.requireClientAuth();
    }
  }

  @Test
  void mutualTlsWithPemKeyMaterialAuthenticatesTheClient() throws Exception {
    Pki pki = new Pki();
    pki.serveMutualTls(server);
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    ClientTls tls =
        ClientTls.builder()
            .trustPem(pki.ca.certificatePem())
            .keyPem(pki.clientCert.certificatePem(), pki.clientCert.privateKeyPkcs8Pem())
            .build();
    try (O2imsClient client =
        O2imsClient.builder().baseUrl(server.url("/").toString()).tls(tls).build()) {
      assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    }
    RecordedRequest request = taken(server);
    assertThat(request.getHandshake()).isNotNull();
    assertThat(request.getHandshake().peerPrincipal().getName()).contains("CN=smo-client");
  }

  @Test
  void mutualTlsWithAPkcs1RsaKeyAuthenticatesTheClient() throws Exception {
    Pki pki = new Pki();
    pki.serveMutualTls(server);
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    HeldCertificate rsaClient =
        new HeldCertificate.Builder().rsa2048().commonName("smo-rsa").signedBy(pki.ca).build();
    assertThat(rsaClient.privateKeyPkcs1Pem()).contains("BEGIN RSA PRIVATE KEY");
    ClientTls tls =
        ClientTls.builder()
            .trustPem(pki.ca.certificatePem())
            .keyPem(rsaClient.certificatePem(), rsaClient.privateKeyPkcs1Pem())
            .build();
    try (O2imsClient client =
        O2imsClient.builder().baseUrl(server.url("/").toString()).tls(tls).build()) {
      assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    }
    assertThat(taken(server).getHandshake().peerPrincipal().getName()).contains("CN=smo-rsa");
  }

  @Test
  void mutualTlsWithPkcs12KeyMaterialAuthenticatesTheClient() throws Exception {
    Pki pki = new Pki();
    pki.serveMutualTls(server);
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "changeit".toCharArray();
    store.setKeyEntry(
        "client",
        pki.clientCert.keyPair().getPrivate(),
        password,
        new Certificate[] {pki.clientCert.certificate()});
    ByteArrayOutputStream p12 = new ByteArrayOutputStream();
    store.store(p12, password);
    ClientTls tls =
        ClientTls.builder()
            .trustPem(pki.ca.certificatePem())
            .pkcs12(p12.toByteArray(), password)
            .build();
    try (O2imsClient client =
        O2imsClient.builder().baseUrl(server.url("/").toString()).tls(tls).build()) {
      assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    }
    assertThat(taken(server).getHandshake().peerPrincipal().getName()).contains("CN=smo-client");
  }

  @Test
  void withoutAClientCertificateTheServerRefusesTheConnection() {
    Pki pki = new Pki();
    pki.serveMutualTls(server);
    ClientTls trustOnly = ClientTls.builder().trustPem(pki.ca.certificatePem()).build();
    try (O2imsClient client =
        O2imsClient.builder()
            .baseUrl(server.url("/").toString())
            .tls(trustOnly)
            .retry(RetryPolicy.none())
            .build()) {
      assertThatThrownBy(client::oCloud).isInstanceOf(O2imsTransportException.class);
    }
  }

  @Test
  void aServerSignedByAnUntrustedCaIsRefused() {
    Pki pki = new Pki();
    pki.serveMutualTls(server);
    HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    ClientTls wrongCa =
        ClientTls.builder()
            .trustPem(otherCa.certificatePem())
            .keyPem(pki.clientCert.certificatePem(), pki.clientCert.privateKeyPkcs8Pem())
            .build();
    try (O2imsClient client =
        O2imsClient.builder()
            .baseUrl(server.url("/").toString())
            .tls(wrongCa)
            .retry(RetryPolicy.none())
            .build()) {
      assertThatThrownBy(client::oCloud)
          .isInstanceOf(O2imsTransportException.class)
          .hasRootCauseInstanceOf(java.security.GeneralSecurityException.class);
    }
  }

  @Test
  void badKeyMaterialIsRefusedWithAnActionableMessage() {
    HeldCertificate cert = new HeldCertificate.Builder().rsa2048().build();
    assertThatThrownBy(() -> ClientTls.builder().keyPem(cert.certificatePem(), "not a key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BEGIN PRIVATE KEY")
        .hasMessageContaining("BEGIN RSA PRIVATE KEY")
        .hasMessageContaining("BEGIN EC PRIVATE KEY");
    assertThatThrownBy(() -> ClientTls.builder().trustPem("not a certificate"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ClientTls.builder()
                    .keyPem(cert.certificatePem(), cert.privateKeyPkcs8Pem())
                    .pkcs12(new byte[0], new char[0]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void customRequestIdsAndInterceptorsAreApplied() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client =
        O2imsClient.builder()
            .baseUrl(server.url("/").toString())
            .requestIds(() -> "req-42")
            .addInterceptor(
                chain ->
                    chain.proceed(
                        chain
                            .request()
                            .newBuilder()
                            .header("traceparent", "00-abc-def-01")
                            .build()))
            .build()) {
      client.oCloud();
    }
    RecordedRequest request = taken(server);
    assertThat(request.getHeaders().get("X-Request-Id")).isEqualTo("req-42");
    assertThat(request.getHeaders().get("traceparent")).isEqualTo("00-abc-def-01");
  }
}
