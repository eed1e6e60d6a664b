package io.netweave.o2ims.server.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.http.UndertowServer;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

/**
 * The client CA bundle reloads without a restart, through the gateway's own listener ({@link
 * UndertowServer} with {@link TlsListener}) and real TLS handshakes with certificates made here: an
 * added CA admits its clients, a removed one refuses them (resumed sessions and open connections
 * included), a broken bundle keeps the last good one and is reported.
 */
class ClientCaReloadIT {
  private static final HttpHandler OK =
      exchange -> {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send("ok");
      };

  @TempDir Path dir;
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger bundleLogger = (Logger) LoggerFactory.getLogger(ClientCaBundle.class);
  private TestPki operatorCa;
  private TestPki partnerCa;
  private Path bundle;
  private ServerTls tls;
  private UndertowServer server;
  private SSLContext operatorClient;
  private SSLContext partnerClient;

  @BeforeEach
  void start() {
    log.start();
    bundleLogger.addAppender(log);
    operatorCa = TestPki.newCa("operator CA");
    partnerCa = TestPki.newCa("partner CA");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    TestPki.writePem(operatorCa.server("gateway"), cert, key);
    bundle = dir.resolve("client-ca.pem");
    TestPki.writeCaBundle(bundle, operatorCa);
    tls =
        new ServerTls(
            TlsSettings.defaults(
                new KeyMaterial.Pem(cert, key), ClientAuth.REQUIRED, List.of(bundle)),
            clock);
    server = new UndertowServer(ServerConfig.defaults(0, dir).server(), OK, Optional.of(tls));
    // one client context each for the whole test: the JDK client caches its sessions per context
    // and offers them for resumption on the next connection
    operatorClient = operatorCa.clientContext(operatorCa.client("CN=smo-1,O=operator"));
    partnerClient = operatorCa.clientContext(partnerCa.client("CN=smo-2,O=partner"));
  }

  @AfterEach
  void stop() {
    server.close();
    bundleLogger.detachAppender(log);
  }

  @Test
  void handshakesRunOnTheListenersHandshakeThreadsNotOnTheIoThreads() throws Exception {
    Set<Thread> before = handshakeThreads();

    assertThat(get(operatorClient)).contains("200");

    assertThat(handshakeThreads())
        .as("a tls-handshake thread of this listener ran the handshake's delegated tasks")
        .anyMatch(thread -> !before.contains(thread));
  }

  private static Set<Thread> handshakeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("tls-handshake-"))
        .collect(Collectors.toSet());
  }

  @Test
  void aCaAddedToTheBundleAdmitsTheClientsItSigns() throws Exception {
    assertThat(get(operatorClient)).contains("200");
    assertThatThrownBy(() -> get(partnerClient)).isInstanceOf(IOException.class);

    replaceBundle(operatorCa, partnerCa);

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(get(partnerClient)).contains("200"));
    assertThat(get(operatorClient)).contains("200");
    assertThat(tls.clientCaCertificates()).isEqualTo(2);
    assertThat(tls.clientCaReloadFailures()).isZero();
  }

  @Test
  void aCaRemovedFromTheBundleRefusesItsClients() throws Exception {
    replaceBundle(operatorCa, partnerCa);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(get(partnerClient)).contains("200"));
    assertThat(get(partnerClient)).as("a second connection, offering the session").contains("200");

    replaceBundle(operatorCa);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(get(operatorClient)).contains("200");
              assertThatThrownBy(() -> get(partnerClient)).isInstanceOf(IOException.class);
            });
    assertThat(tls.clientCaCertificates()).isEqualTo(1);
  }

  @Test
  void anOpenConnectionOfAClientWhoseCaWasRemovedIsClosed() throws Exception {
    replaceBundle(operatorCa, partnerCa);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(get(partnerClient)).contains("200"));
    try (SSLSocket partner = connect(partnerClient);
        SSLSocket operator = connect(operatorClient)) {
      BufferedReader partnerIn = reader(partner);
      BufferedReader operatorIn = reader(operator);
      assertThat(exchange(partner, partnerIn)).contains("200");
      assertThat(exchange(operator, operatorIn)).contains("200");

      replaceBundle(operatorCa);
      assertThat(get(operatorClient)).as("the connection that notices the change").contains("200");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> exchange(partner, partnerIn))
                      .isInstanceOf(IOException.class));
      assertThat(exchange(operator, operatorIn))
          .as("a client the bundle still trusts keeps its connection")
          .contains("200");
    }
  }

  @Test
  void aBrokenBundleKeepsTheLastGoodOneAndIsReported() throws Exception {
    Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n");
    touch(bundle);
    clock.add(TlsSettings.DEFAULT_RELOAD_CHECK_INTERVAL);

    assertThat(get(operatorClient)).contains("200");
    assertThatThrownBy(() -> get(partnerClient)).isInstanceOf(IOException.class);
    assertThat(tls.clientCaReloadFailures()).isEqualTo(1);
    assertThat(tls.reloadFailing()).isTrue();
    assertThat(tls.clientCaCertificates()).isEqualTo(1);
    assertThat(log.list)
        .anySatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.ERROR);
              assertThat(event.getFormattedMessage()).contains("client CA bundle");
            });

    replaceBundle(operatorCa, partnerCa);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(get(partnerClient)).contains("200"));
    assertThat(tls.reloadFailing()).isFalse();
  }

  @Test
  void nothingIsLoadedBeforeTheCheckInterval() throws Exception {
    TestPki.writeCaBundle(bundle, operatorCa, partnerCa);
    touch(bundle);
    assertThatThrownBy(() -> get(partnerClient)).isInstanceOf(IOException.class);
    assertThat(tls.clientCaCertificates()).isEqualTo(1);
  }

  private void replaceBundle(TestPki... cas) throws IOException {
    TestPki.writeCaBundle(bundle, cas);
    touch(bundle);
    clock.add(TlsSettings.DEFAULT_RELOAD_CHECK_INTERVAL);
  }

  /** A modification time no earlier write of this test has, whatever the file system's grain. */
  private static void touch(Path file) throws IOException {
    Instant latest = Files.getLastModifiedTime(file).toInstant();
    Files.setLastModifiedTime(
        file, FileTime.from(latest.plusSeconds(60 + (long) (Math.random() * 1000))));
  }

  /** One request on a new connection; the status line, or an IOException when TLS refuses. */
  private String get(SSLContext client) throws IOException {
    try (SSLSocket socket = connect(client)) {
      return exchange(socket, reader(socket));
    }
  }

  private SSLSocket connect(SSLContext client) throws IOException {
    SSLSocket socket =
        (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", server.port());
    socket.setSoTimeout(20_000);
    socket.startHandshake();
    return socket;
  }

  private static BufferedReader reader(SSLSocket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  /** A keep-alive GET on an open connection: the status line (the body is read too). */
  private static String exchange(SSLSocket socket, BufferedReader in) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = in.readLine();
    if (status == null) {
      throw new IOException("connection closed");
    }
    int length = 0;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    for (int i = 0; i < length; i++) {
      if (in.read() < 0) {
        throw new IOException("connection closed in the body");
      }
    }
    return status;
  }
}
