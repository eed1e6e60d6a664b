package io.netweave.o2ims.server.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threeten.extra.MutableClock;

class ServerTlsIT {
  private static final HttpHandler ECHO_PEER =
      exchange -> {
        String subject = "none";
        var ssl = exchange.getConnection().getSslSessionInfo();
        if (ssl != null) {
          try {
            Certificate[] peer = ssl.getPeerCertificates();
            subject = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
          } catch (javax.net.ssl.SSLPeerUnverifiedException
              | io.undertow.server.RenegotiationRequiredException e) {
            subject = "none";
          }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(subject);
      };

  @TempDir Path dir;
  private TestPki pki;
  private Path cert;
  private Path key;
  private Path clientCa;
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void pki() {
    pki = TestPki.newCa("netweave test CA");
    cert = dir.resolve("server.crt");
    key = dir.resolve("server.key");
    clientCa = dir.resolve("client-ca.pem");
    TestPki.writePem(pki.server("server-one"), cert, key);
    pki.writeCaBundle(clientCa);
  }

  private TlsSettings settings(ClientAuth clientAuth) {
    return TlsSettings.defaults(
        new KeyMaterial.Pem(cert, key),
        clientAuth,
        clientAuth == ClientAuth.NONE ? List.of() : List.of(clientCa));
  }

  @Test
  void http2IsNegotiatedThroughAlpn() throws Exception {
    try (TlsTestServer server =
        new TlsTestServer(new ServerTls(settings(ClientAuth.NONE), clock), ECHO_PEER)) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .sslContext(pki.clientContext(null))
              .connectTimeout(Duration.ofSeconds(20))
              .build();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
  }

  @Test
  void tls11ClientHelloIsAnsweredWithAnAlertNotAServerHello() throws Exception {
    try (TlsTestServer server =
            new TlsTestServer(new ServerTls(settings(ClientAuth.NONE), clock), ECHO_PEER);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(tls11ClientHello());
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int contentType = in.read();
      // 21 = alert; 22 would be a handshake record (ServerHello); -1 a bare close
      assertThat(contentType).isIn(21, -1);
    }
  }

  @Test
  void clientOfferingOnlySuitesOutsideTheListIsRefused() throws Exception {
    TlsSettings narrow =
        settings(ClientAuth.NONE)
            .withCipherSuites(
                List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
    try (TlsTestServer server = new TlsTestServer(new ServerTls(narrow, clock), ECHO_PEER)) {
      SSLContext client = pki.clientContext(null);
      assertThat(server.get(client, "/", "TLS_AES_128_GCM_SHA256")).contains("200");
      assertThatThrownBy(() -> server.get(client, "/", "TLS_AES_256_GCM_SHA384"))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> server.get(client, "/", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void requiredClientCertificateRefusesClientsWithoutOneOrFromAnotherCa() throws Exception {
    TestPki otherCa = TestPki.newCa("someone else's CA");
    try (TlsTestServer server =
        new TlsTestServer(new ServerTls(settings(ClientAuth.REQUIRED), clock), ECHO_PEER)) {
      assertThatThrownBy(() -> server.get(pki.clientContext(null), "/"))
          .isInstanceOf(IOException.class);
      SSLContext foreign =
          trustingButPresenting(otherCa.client("CN=intruder,O=elsewhere"), otherCa);
      assertThatThrownBy(() -> server.get(foreign, "/")).isInstanceOf(IOException.class);
      assertThat(server.get(pki.clientContext(pki.client("CN=smo-1,O=operator")), "/"))
          .contains("200");
    }
  }

  @Test
  void optionalClientCertificateLetsClientsWithoutOneConnect() throws Exception {
    try (TlsTestServer server =
        new TlsTestServer(new ServerTls(settings(ClientAuth.OPTIONAL), clock), ECHO_PEER)) {
      assertThat(server.get(pki.clientContext(null), "/")).contains("200");
    }
  }

  @Test
  void renewedCertificateFilesArePickedUpByTheNextHandshake() throws Exception {
    ServerTls tls = new ServerTls(settings(ClientAuth.NONE), clock);
    try (TlsTestServer server = new TlsTestServer(tls, ECHO_PEER)) {
      assertThat(servedSubject(server)).contains("server-one");

      TestPki.writePem(pki.server("server-two"), cert, key);
      FileTime later = FileTime.from(Instant.now().plusSeconds(60));
      Files.setLastModifiedTime(cert, later);
      Files.setLastModifiedTime(key, later);
      assertThat(servedSubject(server)).as("not before the check interval").contains("server-one");

      clock.add(TlsSettings.DEFAULT_RELOAD_CHECK_INTERVAL);
      assertThat(servedSubject(server)).contains("server-two");
    }
  }

  @Test
  void brokenRenewalKeepsServingThePreviousCertificate() throws Exception {
    ServerTls tls =
        new ServerTls(settings(ClientAuth.NONE).withReloadCheckInterval(Duration.ZERO), clock);
    try (TlsTestServer server = new TlsTestServer(tls, ECHO_PEER)) {
      Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
      Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(60)));
      assertThat(servedSubject(server)).contains("server-one");
    }
  }

  @Test
  void sessionCacheIsSizedAndUnsupportedSuitesStopTheStart() {
    ServerTls tls = new ServerTls(settings(ClientAuth.NONE), clock);
    assertThat(tls.sslContext().getServerSessionContext().getSessionCacheSize())
        .isEqualTo(TlsSettings.DEFAULT_SESSION_CACHE_SIZE);
    assertThatThrownBy(
            () ->
                new ServerTls(
                    settings(ClientAuth.NONE).withCipherSuites(List.of("TLS_MADE_UP_SHA1")), clock))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageContaining("server.tls.cipher_suites")
        .hasMessageContaining("TLS_MADE_UP_SHA1");
  }

  @Test
  void keyThatDoesNotMatchTheCertificateIsRefused() {
    TestPki.writePem(pki.server("other"), dir.resolve("other.crt"), key);
    assertThatThrownBy(() -> new ServerTls(settings(ClientAuth.NONE), clock))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageContaining("is not the private key");
  }

  @Test
  void pkcs12KeystoreIsServed() throws Exception {
    Path p12 = dir.resolve("server.p12");
    TestPki.writePkcs12(pki.server("from-p12"), p12, "changeit");
    TlsSettings p12Settings =
        TlsSettings.defaults(new KeyMaterial.Pkcs12(p12, "changeit"), ClientAuth.NONE, List.of());
    try (TlsTestServer server = new TlsTestServer(new ServerTls(p12Settings, clock), ECHO_PEER)) {
      assertThat(servedSubject(server)).contains("from-p12");
    }
  }

  private String servedSubject(TlsTestServer server) throws IOException {
    try (SSLSocket socket =
        (SSLSocket)
            pki.clientContext(null).getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    }
  }

  /** Trusts our server's CA but presents a certificate issued by {@code issuer}. */
  private SSLContext trustingButPresenting(TestPki.Issued client, TestPki issuer) throws Exception {
    SSLContext ours = pki.clientContext(null);
    SSLContext theirs = issuer.clientContext(client);
    // key managers from theirs, trust from ours
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "c",
        client.keyPair().getPrivate(),
        "x".toCharArray(),
        new X509Certificate[] {client.certificate(), client.issuer()});
    kmf.init(keys, "x".toCharArray());
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", pki.caCertificate());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    assertThat(ours).isNotSameAs(theirs);
    return context;
  }

  /** A minimal ClientHello with legacy version TLS 1.1 and no supported_versions extension. */
  private static byte[] tls11ClientHello() {
    ByteBuffer body = ByteBuffer.allocate(256);
    body.put((byte) 0x03).put((byte) 0x02); // client_version TLS 1.1
    body.put(new byte[32]); // random
    body.put((byte) 0); // session id
    body.putShort((short) 4).putShort((short) 0xC013).putShort((short) 0x002F); // suites
    body.put((byte) 1).put((byte) 0); // null compression
    body.flip();
    int length = body.remaining();
    ByteBuffer record = ByteBuffer.allocate(length + 9);
    record.put((byte) 22).put((byte) 0x03).put((byte) 0x01).putShort((short) (length + 4));
    record.put((byte) 1).put((byte) 0).putShort((short) length);
    record.put(body);
    return record.array();
  }
}
