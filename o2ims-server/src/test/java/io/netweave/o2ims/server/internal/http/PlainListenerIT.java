package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-HTTP listener of {@link UndertowServer}: it counts open connections at accept (the
 * graceful stop waits on that count; Undertow's connector statistics are off), and its slow-client
 * protection is {@link TimeoutConduit}'s read, idle and write timeouts, over raw sockets: a
 * connection without a request in progress (new, keep-alive between requests, HTTP/2 with prior
 * knowledge and no open stream) outlives the read timeout and is closed after the idle timeout; a
 * request whose headers or body stall, first or later or pipelined, is closed after the read
 * timeout.
 */
class PlainListenerIT {
  @TempDir Path dir;

  private ServerConfig.Server server(String... settings) {
    return ListenerFixture.server(dir, settings);
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(60_000);
    return socket;
  }

  /** True once the server closed the connection (end of stream or reset). */
  private static boolean closedByServer(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("the server kept the connection open", stillOpen);
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void openConnectionsAreCountedAtAcceptAndStopAcceptingWaitsForThem() throws Exception {
    UndertowServer server = new UndertowServer(server(), ListenerFixture.ANSWER);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = connect(server.port());
        sockets.add(socket);
        ListenerFixture.get(socket);
      }
      assertThat(server.openConnections()).isEqualTo(3);
      sockets.remove(0).close();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 2);

      assertThat(server.stopAccepting(Duration.ofMillis(200))).as("two still open").isFalse();
      try (Socket late = new Socket()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> late.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000))
            .isInstanceOf(ConnectException.class);
      }
      ListenerFixture.get(sockets.get(0)); // accepted connections keep being served
      for (Socket socket : sockets) {
        socket.close();
      }
      assertThat(server.stopAccepting(Duration.ofSeconds(10))).isTrue();
      assertThat(server.openConnections()).isZero();
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      server.close();
    }
  }

  /**
   * The response head, lower case, to one request sent on {@code socket} (the body is read too).
   */
  private static String exchange(Socket socket, String request) throws IOException {
    return ListenerFixture.exchange(socket, request).toLowerCase(Locale.ROOT);
  }

  @Test
  void keepAliveIsAnnouncedToHttp10ClientsOnlyAndBothKeepTheirConnection() throws Exception {
    UndertowServer server = new UndertowServer(server(), ListenerFixture.ANSWER);
    try (Socket http11 = connect(server.port());
        Socket http10 = connect(server.port())) {
      for (int i = 0; i < 2; i++) {
        assertThat(exchange(http11, "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            .startsWith("http/1.1 200")
            .doesNotContain("connection:");
        assertThat(
                exchange(
                    http10, "GET /x HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"))
            .startsWith("http/1.0 200")
            .contains("connection: keep-alive");
      }
      assertThat(server.openConnections()).isEqualTo(2);
      assertThat(exchange(http10, "GET /x HTTP/1.0\r\nHost: localhost\r\n\r\n"))
          .contains("connection: close");
      assertThat(closedByServer(http10)).isTrue();
    } finally {
      server.close();
    }
  }

  /** Read timeout 1 s, idle timeout 4 s: idle connections are asked to live 3 s, then to close. */
  private static final String[] READ_1S_IDLE_4S = {
    "server.read_timeout", "1s", "server.idle_timeout", "4s"
  };

  /** Open 3 s (three read timeouts), closed within 10 s after that (4 s idle, 5 s allowed). */
  private static void keptOpenPastTheReadTimeoutThenClosed(Socket socket) throws IOException {
    ListenerFixture.keptOpenThenClosed(socket, Duration.ofSeconds(3), Duration.ofSeconds(10));
  }

  @Test
  void anIdleKeepAliveConnectionOutlivesTheReadTimeoutAndIsClosedAfterTheIdleTimeout()
      throws Exception {
    UndertowServer server = new UndertowServer(server(READ_1S_IDLE_4S), ListenerFixture.ANSWER);
    try (Socket socket = connect(server.port())) {
      ListenerFixture.get(socket);
      ListenerFixture.get(socket);
      keptOpenPastTheReadTimeoutThenClosed(socket);
    } finally {
      server.close();
    }
  }

  @Test
  void aConnectionThatHasSentNothingYetIsClosedAfterTheIdleTimeout() throws Exception {
    UndertowServer server = new UndertowServer(server(READ_1S_IDLE_4S), ListenerFixture.ANSWER);
    try (Socket socket = connect(server.port())) {
      keptOpenPastTheReadTimeoutThenClosed(socket);
    } finally {
      server.close();
    }
  }

  @Test
  void anHttp2ConnectionWithNoOpenStreamOutlivesTheReadTimeoutAndIsClosedAfterTheIdleTimeout()
      throws Exception {
    UndertowServer server = new UndertowServer(server(READ_1S_IDLE_4S), ListenerFixture.ANSWER);
    try (Socket socket = connect(server.port())) {
      // HTTP/2 with prior knowledge (h2c): the client preface and an empty SETTINGS frame, then
      // nothing.
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      keptOpenPastTheReadTimeoutThenClosed(socket);
    } finally {
      server.close();
    }
  }

  /**
   * Read timeout 1 s, idle timeout 10 min: a close within the socket's 20 s is the read timeout.
   */
  private UndertowServer readTimeoutOnly() {
    return new UndertowServer(
        server("server.read_timeout", "1s", "server.idle_timeout", "10m"), ListenerFixture.ANSWER);
  }

  @Test
  void aKeepAliveConnectionWhoseNextRequestStallsIsClosedByTheReadTimeout() throws Exception {
    UndertowServer server = readTimeoutOnly();
    try (Socket headers = connect(server.port());
        Socket body = connect(server.port())) {
      headers.setSoTimeout(20_000);
      body.setSoTimeout(20_000);
      ListenerFixture.get(headers);
      ListenerFixture.get(body);
      assertThat(ListenerFixture.answerUntilClosed(headers, "GET /x HTTP/1.1\r\nHost: loc"))
          .isEmpty();
      assertThat(ListenerFixture.answerUntilClosed(body, ListenerFixture.STALLED_RECEIVED_BODY))
          .doesNotContain("read ");
    } finally {
      server.close();
    }
  }

  @Test
  void aPipelinedRequestWhoseBodyStallsIsClosedByTheReadTimeout() throws Exception {
    UndertowServer server = readTimeoutOnly();
    try (Socket socket = connect(server.port())) {
      socket.setSoTimeout(20_000);
      // Both requests in one write: the second is parsed from bytes read with the first (and the
      // first one's response waits in Undertow's pipelining buffer, lost when the connection
      // closes, so the answer may be empty).
      String answer =
          ListenerFixture.answerUntilClosed(
              socket,
              "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n" + ListenerFixture.STALLED_RECEIVED_BODY);
      assertThat(answer).doesNotContain("read ");
    } finally {
      server.close();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeoutWhenItIsShorter() throws Exception {
    UndertowServer server =
        new UndertowServer(
            server("server.read_timeout", "10m", "server.idle_timeout", "1s"),
            ListenerFixture.ANSWER);
    try (Socket socket = connect(server.port())) {
      ListenerFixture.get(socket);
      assertThat(closedByServer(socket)).isTrue();
    } finally {
      server.close();
    }
  }

  @Test
  void aClientThatStopsReadingItsResponseIsClosedByTheWriteTimeout() throws Exception {
    UndertowServer server =
        new UndertowServer(
            server(
                "server.write_timeout",
                "1s",
                "server.read_timeout",
                "10m",
                "server.idle_timeout",
                "10m"),
            ListenerFixture.ANSWER);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
      socket.setSoTimeout(60_000);
      assertThat(ListenerFixture.bytesReceivedWithoutReadingBig(socket))
          .isLessThan(ListenerFixture.BIG);
    } finally {
      server.close();
    }
  }

  @Test
  void aRequestWhoseBodyStallsIsClosedByTheReadTimeout() throws Exception {
    UndertowServer server =
        new UndertowServer(
            server("server.read_timeout", "1s", "server.idle_timeout", "10m"),
            ListenerFixture.ANSWER);
    try (Socket socket = connect(server.port())) {
      assertThat(ListenerFixture.answerToAStalledBody(socket)).doesNotContain("read ");
    } finally {
      server.close();
    }
  }
}
