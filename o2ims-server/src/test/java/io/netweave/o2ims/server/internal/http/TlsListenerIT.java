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
 * with a {@link ServerTls} (as {@link PlainListenerIT} does for plain HTTP): the read and write
 * timeouts ({@link TimeoutConduit} on the connection's TLS channels), each capped by {@code
 * server.idle_timeout}, close an idle keep-alive connection, an HTTP/2 connection that sends no
 * frame, a request whose body stalls and a client that stops reading its response; a connection
 * that keeps sending requests outlives them.
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

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheReadTimeout() throws Exception {
    UndertowServer server = start("server.read_timeout", "1s", "server.idle_timeout", "10m");
    try (SSLSocket socket = connect(server.port(), "http/1.1")) {
      ListenerFixture.get(socket);
      assertThat(closedByServer(socket)).isTrue();
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
  void anHttp2ConnectionThatSendsNoFrameIsClosedAfterTheReadTimeout() throws Exception {
    UndertowServer server = start("server.read_timeout", "1s", "server.idle_timeout", "10m");
    try (SSLSocket socket = connect(server.port(), "h2")) {
      OutputStream out = socket.getOutputStream();
      // The client preface and an empty SETTINGS frame, then nothing.
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      out.flush();
      assertThat(closedByServer(socket)).isTrue();
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
