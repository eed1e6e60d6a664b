package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the listener ITs ({@link PlainListenerIT}, {@link TlsListenerIT}) share: the handler their
 * servers run, a server's settings, and one keep-alive GET over a raw or TLS socket.
 */
final class ListenerFixture {
  /** A response far larger than the socket buffers on both sides. */
  static final int BIG = 64 * 1024 * 1024;

  /** A POST whose body stops after 3 of its 100 bytes (see {@link #answerToAStalledBody}). */
  static final String STALLED_BODY =
      "POST /body HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nabc";

  /** The same POST to {@code /receive}, whose body is read without blocking. */
  static final String STALLED_RECEIVED_BODY = STALLED_BODY.replace("/body", "/receive");

  /** Direct, so that a partial write does not copy the whole rest of it first. */
  private static final ByteBuffer BIG_BODY = ByteBuffer.allocateDirect(BIG).asReadOnlyBuffer();

  /**
   * {@code /body}: reads the whole request body on a worker thread (blocking) and answers its
   * length; {@code /receive}: the same without blocking (the I/O thread reads the body as it comes,
   * and the timeouts' timer alone watches a stalled one); {@code /big}: a {@link #BIG}-byte body;
   * anything else: {@code ok}.
   */
  static final HttpHandler ANSWER =
      exchange -> {
        if (exchange.getRequestPath().equals("/receive")) {
          exchange
              .getRequestReceiver()
              .receiveFullBytes(
                  (done, body) -> done.getResponseSender().send("read " + body.length),
                  (failed, e) -> failed.endExchange());
          return;
        }
        if (exchange.getRequestPath().equals("/body")) {
          if (exchange.isInIoThread()) {
            exchange.dispatch(
                () -> {
                  exchange.startBlocking();
                  try {
                    byte[] body = exchange.getInputStream().readAllBytes();
                    exchange.getResponseSender().send("read " + body.length);
                  } catch (IOException e) {
                    exchange.endExchange();
                  }
                });
            return;
          }
        }
        if (exchange.getRequestPath().equals("/big")) {
          exchange.getResponseSender().send(BIG_BODY.duplicate());
          return;
        }
        exchange.getResponseSender().send("ok");
      };

  private ListenerFixture() {}

  /** The server settings: a free port, {@code dir} as data directory, then the given pairs. */
  static ServerConfig.Server server(Path dir, String... settings) {
    Map<String, String> flags = new HashMap<>();
    flags.put("server.port", "0");
    flags.put("storage.data_dir", dir.toString());
    for (int i = 0; i < settings.length; i += 2) {
      flags.put(settings[i], settings[i + 1]);
    }
    return new ConfigLoader(Map.of()).load(Optional.empty(), flags).server();
  }

  /** Sends one keep-alive GET and reads its whole response (the body is "ok"). */
  static void get(Socket socket) throws IOException {
    assertThat(exchange(socket, "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
  }

  /** Sends {@code request} and reads its whole response (the body is "ok"); returns the head. */
  static String exchange(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder response = new StringBuilder();
    InputStream in = socket.getInputStream();
    while (!(response.indexOf("\r\n\r\n") >= 0 && response.toString().endsWith("ok"))) {
      int b = in.read();
      assertThat(b).as("response so far: %s", response).isNotEqualTo(-1);
      response.append((char) b);
    }
    return response.substring(0, response.indexOf("\r\n\r\n"));
  }

  /**
   * Sends a POST whose body stops after 3 of its 100 bytes, then reads until the server closes the
   * connection (an end of stream, or a reset or a TLS close without close_notify, which count the
   * same) and returns what it answered; fails if the socket's read timeout passes first (the server
   * kept the stalled request open). The handler blocks on the body on a worker thread; the read
   * timeout ends the wait and the connection is closed without a complete response.
   */
  static String answerToAStalledBody(Socket socket) throws IOException {
    return answerUntilClosed(socket, STALLED_BODY);
  }

  /**
   * Sends {@code bytes} (a request, or several, or part of one), then reads until the server closes
   * the connection (an end of stream, or a reset or a TLS close without close_notify, which count
   * the same) and returns what it answered; fails if the socket's read timeout passes first.
   */
  static String answerUntilClosed(Socket socket, String bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder answer = new StringBuilder();
    try {
      InputStream in = socket.getInputStream();
      for (int b = in.read(); b != -1; b = in.read()) {
        answer.append((char) b);
      }
    } catch (java.net.SocketTimeoutException stillOpen) {
      throw new AssertionError(
          "the server kept the stalled request open; answer so far: " + answer, stillOpen);
    } catch (IOException reset) {
      // closed with a reset or without close_notify: as good as an end of stream
    }
    return answer.toString();
  }

  /**
   * Asserts that the server keeps the connection open, without closing or resetting it, for {@code
   * open} from now (whatever it still sends meanwhile, an HTTP/2 server's SETTINGS for one, is read
   * and discarded), and that it closes it within {@code closedWithin} after that. Used with a read
   * timeout well below {@code open} and an idle timeout a little above it: the first part fails if
   * the read timeout closed an idle connection, the second if the idle timeout did not. The
   * socket's read timeout is changed.
   */
  static void keptOpenThenClosed(Socket socket, Duration open, Duration closedWithin)
      throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[16 * 1024];
    long deadline = System.nanoTime() + open.toNanos();
    for (long left = open.toMillis(); left > 0; ) {
      socket.setSoTimeout((int) left);
      try {
        if (in.read(buffer) == -1) {
          throw new AssertionError("the server closed the connection before " + open);
        }
      } catch (SocketTimeoutException quiet) {
        // still open and silent: what is expected until the deadline
      } catch (IOException reset) {
        throw new AssertionError("the server reset the connection before " + open, reset);
      }
      left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
    socket.setSoTimeout((int) closedWithin.toMillis());
    try {
      while (in.read(buffer) != -1) {
        // an HTTP/2 server's GOAWAY: read until the end
      }
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError(
          "the server kept the connection open " + closedWithin + " after " + open, stillOpen);
    } catch (IOException reset) {
      // closed with a reset (or, over TLS, without close_notify): as good as an end of stream
    }
  }

  /**
   * Asks for {@code /big} and does not read for 4 s (the server's write stalls once the socket
   * buffers are full), then reads what was sent until the server closes the connection (an end of
   * stream, or a reset or a TLS close without close_notify, which count the same) and returns how
   * many bytes came; fails if the server keeps the stalled response open.
   */
  static long bytesReceivedWithoutReadingBig(Socket socket)
      throws IOException, InterruptedException {
    OutputStream out = socket.getOutputStream();
    out.write("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Thread.sleep(4_000);
    long received = 0;
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        received += n;
      }
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("the server kept the stalled response open", stillOpen);
    } catch (IOException reset) {
      // closed with a reset (or, over TLS, without close_notify): as good as an end of stream
    }
    return received;
  }
}
