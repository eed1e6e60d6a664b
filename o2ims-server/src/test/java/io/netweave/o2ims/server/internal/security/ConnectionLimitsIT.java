package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.tls.OpenConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client's share of the listener's connections ({@code server.max_connections_per_client})
 * against the real production gateway on a loopback TLS port. Before the limit, one address could
 * open connections that never finish a request until the process ran out of file descriptors
 * ({@code Too many open files} at accept, every other client and the gateway's own callbacks, Redis
 * and Kubernetes connections refused with it); the read and handshake timeouts only made it
 * reconnect. Loopback clients differ by source address: 127.0.0.1 and 127.0.0.2.
 */
class ConnectionLimitsIT {
  private static final String HEALTHZ =
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

  @TempDir Path dir;
  private ProductionGateways gateways;
  private Gateway gateway;
  private final List<Socket> held = new ArrayList<>();

  @RegisterExtension final LogCapture log = LogCapture.of(OpenConnections.class);

  @BeforeEach
  void setUp() {
    gateways = new ProductionGateways(dir);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : held) {
      socket.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  /** Settings under which a connection that never sends a byte stays open for ten minutes. */
  private static Map<String, String> patient(Map<String, String> extra) {
    Map<String, String> settings = new java.util.HashMap<>(extra);
    settings.put("server.tls.handshake_timeout", "10m");
    settings.put("server.read_timeout", "10m");
    settings.put("server.idle_timeout", "10m");
    return settings;
  }

  @Test
  void aClientPastItsShareOfConnectionsIsClosedAtAcceptAndOtherClientsAreServed() throws Exception {
    gateway = gateways.start(patient(Map.of("server.max_connections_per_client", "20")));
    for (int i = 0; i < 20; i++) {
      held.add(new Socket("127.0.0.1", gateway.port()));
    }
    // Every one of the twenty is accepted (a TLS handshake answers) before the next is tried.
    assertThat(healthz("127.0.0.2")).startsWith("HTTP/1.1 200");

    try (Socket extra = new Socket("127.0.0.1", gateway.port())) {
      assertThat(closedByServer(extra))
          .as("the 21st connection of 127.0.0.1 is closed without an answer")
          .isTrue();
    }
    assertThat(healthz("127.0.0.2")).startsWith("HTTP/1.1 200");
    assertThat(log.lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("127.0.0.1")
                    .contains("server.max_connections_per_client"));

    // A connection that closes gives its place back.
    held.remove(0).close();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(healthz("127.0.0.1")).startsWith("HTTP/1.1 200"));
  }

  @Test
  void aTrustedProxyHasNoShareLimit() throws Exception {
    gateway =
        gateways.start(
            patient(
                Map.of(
                    "server.max_connections_per_client", "5",
                    "server.trusted_proxies", "127.0.0.1/32")));
    for (int i = 0; i < 5; i++) {
      held.add(new Socket("127.0.0.1", gateway.port()));
    }
    assertThat(healthz("127.0.0.1")).startsWith("HTTP/1.1 200");
  }

  /** GET /healthz over a new TLS connection from {@code source}: the whole answer. */
  private String healthz(String source) throws IOException {
    Socket tcp =
        new Socket(
            InetAddress.getByName("127.0.0.1"), gateway.port(), InetAddress.getByName(source), 0);
    try (SSLSocket tls = RawHttp.http11(gateways.pki.clientContext(null), tcp)) {
      tls.getOutputStream().write(HEALTHZ.getBytes(StandardCharsets.US_ASCII));
      tls.getOutputStream().flush();
      return RawHttp.readToEnd(tls);
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
  }

  /** Whether the server closes a connection that has sent nothing (end of stream or reset). */
  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(60_000);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketException reset) {
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    }
  }
}
