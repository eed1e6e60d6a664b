package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.netweave.o2ims.server.internal.tls.ClientAuth;
import io.netweave.o2ims.server.internal.tls.KeyMaterial;
import io.netweave.o2ims.server.internal.tls.ServerTls;
import io.netweave.o2ims.server.internal.tls.TestPki;
import io.netweave.o2ims.server.internal.tls.TlsSettings;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threeten.extra.MutableClock;

class MutualTlsAuthenticationIT {
  private static final RSAKey KEY = TestTokens.rsa("k1");
  private static final String POOLS = TestRoutes.INV + "/resourcePools";
  private static final String MAPPED = "CN=smo-cert,O=operator";

  @TempDir Path dir;
  private final Clock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
  private TestPki pki;
  private ServerTls tls;

  @BeforeEach
  void pki() {
    pki = TestPki.newCa("client and server CA");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    Path ca = dir.resolve("ca.pem");
    TestPki.writePem(pki.server("gateway"), cert, key);
    pki.writeCaBundle(ca);
    tls =
        new ServerTls(
            TlsSettings.defaults(new KeyMaterial.Pem(cert, key), ClientAuth.OPTIONAL, List.of(ca)),
            clock);
  }

  private SecurityLayers layers(List<Cidr> trustedProxies) {
    return layers(trustedProxies, true);
  }

  private SecurityLayers layers(List<Cidr> trustedProxies, boolean tlsClientCertificates) {
    JwtVerifier verifier =
        new JwtVerifier(VerificationKeys.fixed(new JWKSet(KEY)), TestTokens.settings(), clock);
    RoleMapping roles =
        new RoleMapping(RoleMapping.DEFAULT_VALUES, List.of(), Map.of(MAPPED, Set.of(Role.READER)));
    return SecurityLayers.builder()
        .authentication(verifier, roles)
        .trustedProxies(trustedProxies)
        .tlsClientCertificates(tlsClientCertificates)
        .clock(clock)
        .build();
  }

  private static HttpResponse<String> get(
      SSLContext context, SecuredTestServer server, Map<String, String> headers) throws Exception {
    HttpClient client =
        HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(20)).build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(POOLS)).timeout(Duration.ofSeconds(20));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String token(String scope, Map<String, Object> cnf) {
    var claims = TestTokens.claims(clock.instant(), "smo-1", scope);
    if (!cnf.isEmpty()) {
      claims.claim("cnf", cnf);
    }
    return TestTokens.sign(KEY, claims.build());
  }

  @Test
  void clientCertificateMappedToARoleAuthenticatesWithoutAToken() throws Exception {
    try (SecuredTestServer server = new SecuredTestServer(layers(List.of()), tls)) {
      assertThat(get(pki.clientContext(pki.client(MAPPED)), server, Map.of()).statusCode())
          .isEqualTo(200);
      assertThat(get(pki.clientContext(pki.client("CN=unmapped")), server, Map.of()).statusCode())
          .isEqualTo(401);
      assertThat(get(pki.clientContext(null), server, Map.of()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void certificateBoundTokenIsAcceptedOnlyFromItsCertificate() throws Exception {
    TestPki.Issued mine = pki.client("CN=smo-1");
    TestPki.Issued other = pki.client("CN=smo-2");
    String bound =
        token("role:o2ims-reader", Map.of("x5t#S256", JwtVerifier.thumbprint(mine.certificate())));
    Map<String, String> auth = Map.of("Authorization", "Bearer " + bound);
    try (SecuredTestServer server = new SecuredTestServer(layers(List.of()), tls)) {
      assertThat(get(pki.clientContext(mine), server, auth).statusCode()).isEqualTo(200);
      HttpResponse<String> stolen = get(pki.clientContext(other), server, auth);
      assertThat(stolen.statusCode()).isEqualTo(401);
      assertThat(stolen.body()).contains("another client certificate");
      assertThat(response(server, auth).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void eachRequestOnAnHttp2ConnectionSeesThatConnectionsCertificate() throws Exception {
    // The peer certificate is looked up once per TLS session and kept with it: every stream of the
    // connection must still see it, or its absence.
    TestPki.Issued mine = pki.client("CN=smo-1");
    String bound =
        token("role:o2ims-reader", Map.of("x5t#S256", JwtVerifier.thumbprint(mine.certificate())));
    try (SecuredTestServer server = new SecuredTestServer(layers(List.of()), tls)) {
      HttpClient withCertificate =
          HttpClient.newBuilder().sslContext(pki.clientContext(pki.client(MAPPED))).build();
      HttpClient boundClient = HttpClient.newBuilder().sslContext(pki.clientContext(mine)).build();
      HttpClient withoutCertificate =
          HttpClient.newBuilder().sslContext(pki.clientContext(null)).build();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> byCertificate =
            withCertificate.send(
                HttpRequest.newBuilder(server.uri(POOLS)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(byCertificate.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(byCertificate.statusCode()).isEqualTo(200);
        HttpResponse<String> byBoundToken =
            boundClient.send(
                HttpRequest.newBuilder(server.uri(POOLS))
                    .header("Authorization", "Bearer " + bound)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(byBoundToken.statusCode()).isEqualTo(200);
        HttpResponse<String> stolen =
            withoutCertificate.send(
                HttpRequest.newBuilder(server.uri(POOLS))
                    .header("Authorization", "Bearer " + bound)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stolen.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(stolen.statusCode()).isEqualTo(401);
        assertThat(stolen.body()).contains("without a client certificate");
      }
    }
  }

  private HttpResponse<String> response(SecuredTestServer server, Map<String, String> auth)
      throws Exception {
    return get(pki.clientContext(null), server, auth);
  }

  @Test
  void withClientCertificatesNeverRequestedTokensAndAProxysCertificateStillAuthenticate()
      throws Exception {
    // server.tls.client_auth none: the layers skip the TLS session's (always absent) certificate.
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    ServerTls withoutClientAuth =
        new ServerTls(
            TlsSettings.defaults(new KeyMaterial.Pem(cert, key), ClientAuth.NONE, List.of()),
            clock);
    SSLContext anonymous = pki.clientContext(null);
    Map<String, String> auth =
        Map.of("Authorization", "Bearer " + token("role:o2ims-reader", Map.of()));
    String bound =
        token(
            "role:o2ims-reader",
            Map.of("x5t#S256", JwtVerifier.thumbprint(pki.client("CN=smo-1").certificate())));
    try (SecuredTestServer server =
            new SecuredTestServer(layers(List.of(), false), withoutClientAuth);
        SecuredTestServer behindProxy =
            new SecuredTestServer(
                layers(List.of(Cidr.parse("127.0.0.0/8")), false), withoutClientAuth)) {
      for (int i = 0; i < 2; i++) {
        assertThat(get(anonymous, server, auth).statusCode()).isEqualTo(200);
        assertThat(get(anonymous, server, Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> unbound =
            get(anonymous, server, Map.of("Authorization", "Bearer " + bound));
        assertThat(unbound.statusCode()).isEqualTo(401);
        assertThat(unbound.body()).contains("without a client certificate");
        assertThat(get(anonymous, behindProxy, forwardedCertificate()).statusCode()).isEqualTo(200);
      }
    }
  }

  private Map<String, String> forwardedCertificate() throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(pki.client(MAPPED).certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    return Map.of(
        "X-Forwarded-Client-Cert",
        "By=spiffe://gw;Hash=abc;Cert=\"" + URLEncoder.encode(pem, StandardCharsets.UTF_8) + "\"");
  }

  @Test
  void forwardedClientCertificateCountsOnlyFromATrustedProxy() throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(pki.client(MAPPED).certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    Map<String, String> forwarded =
        Map.of(
            "X-Forwarded-Client-Cert",
            "By=spiffe://gw;Hash=abc;Cert=\""
                + URLEncoder.encode(pem, StandardCharsets.UTF_8)
                + "\"");
    SSLContext anonymous = pki.clientContext(null);
    try (SecuredTestServer untrusted = new SecuredTestServer(layers(List.of()), tls);
        SecuredTestServer behindProxy =
            new SecuredTestServer(layers(List.of(Cidr.parse("127.0.0.0/8"))), tls)) {
      assertThat(get(anonymous, untrusted, forwarded).statusCode()).isEqualTo(401);
      assertThat(get(anonymous, behindProxy, forwarded).statusCode()).isEqualTo(200);
    }
  }

  /**
   * A proxy that adds its certificate header beside the one the client sent, instead of replacing
   * it: the first line is the client's own claim, so neither line gives an identity.
   */
  @Test
  void twoCertificateHeaderLinesFromATrustedProxyGiveNoIdentity() throws Exception {
    String forged = URLEncoder.encode(pem(pki.client(MAPPED)), StandardCharsets.UTF_8);
    String real = URLEncoder.encode(pem(pki.client("CN=unmapped")), StandardCharsets.UTF_8);
    SSLContext anonymous = pki.clientContext(null);
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(anonymous)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
    try (SecuredTestServer behindProxy =
        new SecuredTestServer(layers(List.of(Cidr.parse("127.0.0.0/8"))), tls)) {
      for (String header : List.of("X-SSL-Client-Cert", "X-Forwarded-Client-Cert")) {
        String prefix = header.equals("X-SSL-Client-Cert") ? "" : "Hash=abc;Cert=";
        HttpRequest twoLines =
            HttpRequest.newBuilder(behindProxy.uri(POOLS))
                .timeout(Duration.ofSeconds(20))
                .header(header, prefix + forged)
                .header(header, prefix + real)
                .build();
        assertThat(client.send(twoLines, HttpResponse.BodyHandlers.ofString()).statusCode())
            .as(header)
            .isEqualTo(401);
        HttpRequest oneLine =
            HttpRequest.newBuilder(behindProxy.uri(POOLS))
                .timeout(Duration.ofSeconds(20))
                .header(header, prefix + forged)
                .build();
        assertThat(client.send(oneLine, HttpResponse.BodyHandlers.ofString()).statusCode())
            .as(header)
            .isEqualTo(200);
      }
    }
  }

  private static String pem(TestPki.Issued issued) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(issued.certificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
