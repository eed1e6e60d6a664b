package io.netweave.o2ims.server.internal.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.netweave.o2ims.model.O2Json;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLParameters;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS callbacks: the connection is pinned to the vetted address while TLS still verifies the
 * callback's host name, and a callback that requires a client certificate gets the one configured
 * for its host (mTLS).
 */
class CallbackClientTlsIT {
  private static final String HOST = "hooks.smo.test";

  @TempDir Path dir;
  private final HeldCertificate serverCert =
      new HeldCertificate.Builder().addSubjectAlternativeName(HOST).build();
  private final HeldCertificate clientCert =
      new HeldCertificate.Builder().commonName("netweave-gateway").build();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HttpsServer server;
  private OkHttpClient base;

  @BeforeEach
  void start() throws Exception {
    HandshakeCertificates serverSide =
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCert)
            .addTrustedCertificate(clientCert.certificate())
            .build();
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(serverSide.sslContext()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            p.setNeedClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    server.createContext(
        "/",
        ex -> {
          received.add(new String(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          try (OutputStream out = ex.getResponseBody()) {
            out.flush();
          }
        });
    server.start();
    HandshakeCertificates clientSide =
        new HandshakeCertificates.Builder().addTrustedCertificate(serverCert.certificate()).build();
    base =
        new OkHttpClient.Builder()
            .sslSocketFactory(clientSide.sslSocketFactory(), clientSide.trustManager())
            .callTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    base.connectionPool().evictAll();
  }

  private CallbackClient client(Map<String, CallbackAuth> auth) {
    CallbackPolicy policy =
        new CallbackPolicy(
            false, List.of("127.0.0.1"), host -> List.of(InetAddress.getByName("127.0.0.1")));
    return new CallbackClient(base, policy, auth, O2Json.newMapper(), Clock.systemUTC());
  }

  private String url() {
    return "https://" + HOST + ":" + server.getAddress().getPort() + "/cb";
  }

  @Test
  void theConfiguredClientCertificateIsPresentedToTheCallbackHost() throws Exception {
    Path keyStore = dir.resolve("client.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "client",
        clientCert.keyPair().getPrivate(),
        "changeit".toCharArray(),
        new Certificate[] {clientCert.certificate()});
    try (OutputStream out = Files.newOutputStream(keyStore)) {
      ks.store(out, "changeit".toCharArray());
    }
    CallbackAuth mtls =
        new CallbackAuth(
            Optional.empty(),
            Optional.empty(),
            Optional.of(new CallbackAuth.Mtls(keyStore, "changeit", "PKCS12")));

    CallbackClient.Outcome outcome = client(Map.of(HOST, mtls)).post(url(), "{\"n\":1}");

    assertThat(outcome).isEqualTo(new CallbackClient.Outcome.Delivered(204));
    assertThat(received).containsExactly("{\"n\":1}");
  }

  @Test
  void withoutAClientCertificateTheHandshakeFailsAndCountsAsAFailedAttempt() {
    CallbackClient.Outcome outcome = client(Map.of()).post(url(), "{\"n\":1}");
    assertThat(outcome).isInstanceOf(CallbackClient.Outcome.Failed.class);
    assertThat(received).isEmpty();
  }
}
