package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.tls.ClientAuth;
import io.netweave.o2ims.server.internal.tls.KeyMaterial;
import io.netweave.o2ims.server.internal.tls.ServerTls;
import io.netweave.o2ims.server.internal.tls.TestPki;
import io.netweave.o2ims.server.internal.tls.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener's slow-client protection, over real TLS sockets against {@link UndertowServer}
 * with a {@link ServerTls} (as {@link PlainListenerIT} does for plain HTTP): the read, idle and
 * write timeouts ({@link TimeoutConduit} on the connection's TLS channels). An idle keep-alive
 * connection and an HTTP/2 connection without an open stream outlive the read timeout and are
 * closed after the idle timeout; a request whose body stalls (first or next on its connection) is
 * closed after the read timeout, a client that stops reading its response after the write timeout;
 * a connection that keeps sending requests outlives the read timeout.
 */
class TlsListenerIT {
  @TempDir Path dir;

  private TestPki pki;
  private ServerTls tls;

  @BeforeEach
  void pki() {
    pki = TestPki.newCa("listener CA");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    TestPki.writePem(pki.server("localhost"), cert, key);
    tls =
        new ServerTls(
            TlsSettings.defaults(new KeyMaterial.Pem(cert, key), ClientAuth.NONE, List.of()),
            Clock.systemUTC());
  }

  private UndertowServer start(String... settings) {
    return new UndertowServer(
        ListenerFixture.server(dir, settings), ListenerFixture.ANSWER, Optional.of(tls));
  }

  /** A handshaken TLS socket offering {@code protocol} through ALPN. */
  private SSLSocket connect(int port, String protocol) throws IOException {
    return connect(pki.clientContext(null), port, protocol, 0);
  }

  private static SSLSocket connect(SSLContext context, int port, String protocol, int receiveBuffer)
      throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(60_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {protocol});
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    assertThat(socket.getApplicationProtocol()).isEqualTo(protocol);
    return socket;
  }

  /**
   * True once the server closed the connection (end of stream, or the reset or truncation error an
   * SSLSocket reports for a close); whatever the server still sent before is read and discarded.
   */
  private static boolean closedByServer(SSLSocket socket) throws IOException {
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      while (in.read(buffer) != -1) {
        // an HTTP/2 server's SETTINGS, its GOAWAY: read until the end
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("the server kept the connection open", stillOpen);
    } catch (IOException reset) {
      return true;
    }
  }

  /** Open 3 s (three read timeouts of 1 s), closed within 10 s after that (idle timeout 4 s). */
  private static void keptOpenPastTheReadTimeoutThenClosed(SSLSocket socket) throws IOException {
    ListenerFixture.keptOpenThenClosed(socket, Duration.ofSeconds(3), Duration.ofSeconds(10));
  }

  @Test
  void anIdleKeepAliveConnectionOutlivesTheReadTimeoutAndIsClosedAfterTheIdleTimeout()
      throws Exception {
    UndertowServer server = start("server.read_timeout", "1s", "server.idle_timeout", "4s");
    try (SSLSocket socket = connect(server.port(), "http/1.1")) {
      ListenerFixture.get(socket);
      ListenerFixture.get(socket);
      keptOpenPastTheReadTimeoutThenClosed(socket);
    } finally {
      server.close();
    }
  }

  @Test
  void aKeepAliveConnectionWhoseNextRequestsBodyStallsIsClosedByTheReadTimeout() throws Exception {
    UndertowServer server = start("server.read_timeout", "1s", "server.idle_timeout", "10m");
    try (SSLSocket socket = connect(server.port(), "http/1.1")) {
      socket.setSoTimeout(20_000); // far below the idle timeout: a close in time is the read one
      ListenerFixture.get(socket);
      assertThat(ListenerFixture.answerUntilClosed(socket, ListenerFixture.STALLED_RECEIVED_BODY))
          .doesNotContain("read ");
    } finally {
      server.close();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeoutWhenItIsShorter() throws Exception {
    UndertowServer server = start("server.read_timeout", "10m", "server.idle_timeout", "1s");
    try (SSLSocket socket = connect(server.port(), "http/1.1")) {
      ListenerFixture.get(socket);
      assertThat(closedByServer(socket)).isTrue();
    } finally {
      server.close();
    }
  }

  @Test
  void aConnectionThatKeepsSendingRequestsOutlivesTheReadTimeout() throws Exception {
    UndertowServer server = start("server.read_timeout", "2s", "server.idle_timeout", "10m");
    try (SSLSocket socket = connect(server.port(), "http/1.1")) {
      // Twelve requests 400 ms apart: the connection lives about 5 s, more than twice the read
      // timeout, and is never silent for two seconds while the server waits to read (the margin
      // covers a loaded machine that delays this thread well past its 400 ms pause).
      for (int i = 0; i < 12; i++) {
        ListenerFixture.get(socket);
        Thread.sleep(400);
      }
      ListenerFixture.get(socket);
    } finally {
      server.close();
    }
  }

  @Test
  void anHttp2ConnectionWithNoOpenStreamOutlivesTheReadTimeoutAndIsClosedAfterTheIdleTimeout()
      throws Exception {
    assertThat(Http2Streams.available()).as("Undertow's HTTP/2 open streams are readable").isTrue();
    UndertowServer server = start("server.read_timeout", "1s", "server.idle_timeout", "4s");
    try (SSLSocket socket = connect(server.port(), "h2")) {
      OutputStream out = socket.getOutputStream();
      // The client preface and an empty SETTINGS frame, then nothing.
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      keptOpenPastTheReadTimeoutThenClosed(socket);
    } finally {
      server.close();
    }
  }

  @Test
  void aRequestWhoseBodyStallsIsClosedByTheReadTimeout() throws Exception {
    UndertowServer server = start("server.read_timeout", "1s", "server.idle_timeout", "10m");
    try (SSLSocket socket = connect(server.port(), "http/1.1")) {
      assertThat(ListenerFixture.answerToAStalledBody(socket)).doesNotContain("read ");
    } finally {
      server.close();
    }
  }

  @Test
  void aClientThatStopsReadingItsResponseIsClosedByTheWriteTimeout() throws Exception {
    UndertowServer server =
        start(
            "server.write_timeout",
            "1s",
            "server.read_timeout",
            "10m",
            "server.idle_timeout",
            "10m");
    try (SSLSocket socket =
        connect(pki.clientContext(null), server.port(), "http/1.1", 64 * 1024)) {
      assertThat(ListenerFixture.bytesReceivedWithoutReadingBig(socket))
          .isLessThan(ListenerFixture.BIG);
    } finally {
      server.close();
    }
  }
}
