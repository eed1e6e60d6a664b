package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * A server certificate the client does not accept fails the call at once: retrying cannot change
 * the certificate, so no backoff is waited through and the exception says what was refused.
 */
class CertificateFailuresIT {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();
  final HeldCertificate ca =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("test-ca").build();

  private void serve(HeldCertificate certificate) {
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(certificate)
            .build()
            .sslSocketFactory());
  }

  private HeldCertificate.Builder signedByCa() {
    return new HeldCertificate.Builder().commonName("o2ims-server").signedBy(ca);
  }

  private O2imsClient clientTrustingCa() {
    return O2imsClient.builder()
        .baseUrl(server.url("/").toString())
        .tls(ClientTls.builder().trustPem(ca.certificatePem()).build())
        .retry(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(10)))
        .sleeper(sleeper)
        .build();
  }

  @Test
  void aServerSignedByAnUntrustedCaFailsAtOnceWithoutRetrying() {
    HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    serve(
        new HeldCertificate.Builder()
            .addSubjectAlternativeName(server.getHostName())
            .signedBy(otherCa)
            .build());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client = clientTrustingCa()) {
      assertThatThrownBy(client::oCloud)
          .isInstanceOf(O2imsCertificateException.class)
          .isInstanceOf(O2imsTransportException.class)
          .hasMessageContaining("certificate")
          .hasMessageContaining("not trusted")
          .hasMessageContaining("it is not signed by a CA this client trusts")
          .hasRootCauseInstanceOf(java.security.GeneralSecurityException.class);
    }
    assertThat(sleeper.waits).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aCertificateForAnotherHostFailsAtOnceNamingTheHost() {
    serve(signedByCa().addSubjectAlternativeName("o2ims.example.net").build());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client = clientTrustingCa()) {
      assertThatThrownBy(client::oCloud)
          .isInstanceOf(O2imsCertificateException.class)
          .hasMessageContaining("not trusted")
          .hasMessageContaining("Hostname " + server.getHostName() + " not verified")
          .hasMessageContaining("o2ims.example.net")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void aWriteToAnUntrustedServerIsACertificateFailureToo() {
    serve(signedByCa().addSubjectAlternativeName("o2ims.example.net").build());
    try (O2imsClient client = clientTrustingCa()) {
      assertThatThrownBy(() -> client.subscriptions().create(java.net.URI.create("https://smo/cb")))
          .isInstanceOf(O2imsCertificateException.class)
          .hasMessageStartingWith("POST ");
    }
  }

  @Test
  void anExpiredCertificateFailsAtOnce() {
    long now = Instant.now().toEpochMilli();
    serve(
        signedByCa()
            .addSubjectAlternativeName(server.getHostName())
            .validityInterval(now - 2 * 86_400_000L, now - 86_400_000L)
            .build());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client = clientTrustingCa()) {
      assertThatThrownBy(client::oCloud)
          .isInstanceOf(O2imsCertificateException.class)
          .hasMessageContaining("not trusted")
          .hasMessageContaining("it has expired or is not valid yet");
    }
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void anUntrustedTokenEndpointIsNamedInsteadOfTheApiServer() throws Exception {
    serve(signedByCa().addSubjectAlternativeName(server.getHostName()).build());
    HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    try (MockWebServer idp = new MockWebServer()) {
      idp.start();
      idp.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(
                  new HeldCertificate.Builder()
                      .addSubjectAlternativeName(idp.getHostName())
                      .signedBy(otherCa)
                      .build())
              .build()
              .sslSocketFactory());
      String tokenUrl = idp.url("/token").toString();
      try (O2imsClient client =
          O2imsClient.builder()
              .baseUrl(server.url("/").toString())
              .tls(ClientTls.builder().trustPem(ca.certificatePem()).build())
              .clientCredentials(ClientCredentials.of(idp.url("/token").uri(), "smo-1", "s3cret"))
              .retry(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(10)))
              .sleeper(sleeper)
              .build()) {
        assertThatThrownBy(client::oCloud)
            .isInstanceOf(O2imsCertificateException.class)
            .hasMessageContaining(tokenUrl)
            .hasMessageContaining("OAuth2 token endpoint's certificate was not trusted")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("server's certificate"));
      }
      assertThat(idp.getRequestCount()).isZero();
    }
    assertThat(sleeper.waits).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anHttpsUrlOnAPlainHttpPortFailsAtOnceSayingSo() throws Exception {
    // A plain-HTTP server as Undertow or nginx behave: the ClientHello is no request, so the answer
    // is a 400 (MockWebServer waits for a request line instead, and the client would time out).
    try (java.net.ServerSocket plain = new java.net.ServerSocket(0)) {
      Thread answering =
          new Thread(
              () -> {
                while (!plain.isClosed()) {
                  try (java.net.Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream()
                        .write(
                            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                    s.getInputStream().readAllBytes();
                  } catch (java.io.IOException e) {
                    return; // closed at the end of the test
                  }
                }
              });
      answering.start();
      try (O2imsClient client =
          O2imsClient.builder()
              .baseUrl("https://localhost:" + plain.getLocalPort() + "/")
              .tls(ClientTls.builder().trustPem(ca.certificatePem()).build())
              .retry(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(10)))
              .sleeper(sleeper)
              .build()) {
        assertThatThrownBy(client::oCloud)
            .isInstanceOf(O2imsTransportException.class)
            .isNotInstanceOf(O2imsCertificateException.class)
            .hasMessageContaining("did not answer in TLS")
            .hasMessageContaining("http:// URL");
      }
    }
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void anHttpUrlOnATlsPortSaysToUseHttps() {
    // A TLS port given plain HTTP: the gateway (--tls-cert) closes the connection ("unexpected end
    // of stream"), MockWebServer sends a TLS alert (a status line that is not HTTP).
    serve(signedByCa().addSubjectAlternativeName(server.getHostName()).build());
    try (O2imsClient client =
        O2imsClient.builder()
            .baseUrl("http://" + server.getHostName() + ":" + server.getPort() + "/")
            .retry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)))
            .build()) {
      assertThatThrownBy(client::oCloud)
          .isInstanceOf(O2imsTransportException.class)
          .hasMessageContaining("no HTTP answer")
          .hasMessageContaining("https:// URL")
          .hasMessageNotContaining("java.");
    }
  }

  @Test
  void aTrustedCertificateNamingTheHostIsAccepted() {
    serve(signedByCa().addSubjectAlternativeName(server.getHostName()).build());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    try (O2imsClient client = clientTrustingCa()) {
      assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    }
  }
}
