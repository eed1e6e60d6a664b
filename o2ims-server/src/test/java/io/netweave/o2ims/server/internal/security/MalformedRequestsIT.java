package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and abusive HTTP over raw sockets against the real gateway: every answer is a clean 4xx
 * (or, for bytes that are not HTTP, a closed connection), never a 5xx, and the gateway still
 * answers {@code GET /healthz} afterwards.
 */
class MalformedRequestsIT {
  private static final String INV = "/o2ims-infrastructureInventory/v1";
  @TempDir static Path dataDir;
  static Gateway gateway;

  @BeforeAll
  static void start() {
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "server.host", "127.0.0.1",
                "server.max_header_bytes", "16384",
                "server.max_body_bytes", "65536"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static Stream<Arguments> malformed() {
    String nested = "[".repeat(100_000) + "]".repeat(100_000);
    String nestedObject = "{\"callback\":" + "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_001);
    return Stream.of(
        Arguments.of(
            "oversized header",
            ascii(
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "a".repeat(64 * 1024)
                    + "\r\n\r\n")),
        Arguments.of(
            "too many headers",
            ascii("GET /healthz HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(500) + "\r\n")),
        Arguments.of(
            "broken chunk size",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")),
        Arguments.of(
            "chunk longer than announced",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\n{\"callback\":1}\r\n0\r\n\r\n")),
        Arguments.of(
            "chunked body over the limit",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + ("4000\r\n" + " ".repeat(0x4000) + "\r\n").repeat(6)
                    + "0\r\n\r\n")),
        Arguments.of(
            "declared body over the limit",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 999999999\r\n\r\n{")),
        Arguments.of(
            "content-length and transfer-encoding together",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")),
        Arguments.of(
            "negative content-length",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: -5\r\n\r\n")),
        Arguments.of(
            "invalid percent-encoded UTF-8 in the path",
            ascii("GET " + INV + "/resourcePools/%ff%fe%c3%28 HTTP/1.1\r\nHost: x\r\n\r\n")),
        Arguments.of(
            "raw invalid UTF-8 bytes in the path",
            concat(
                ascii("GET " + INV + "/resourcePools/"),
                new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                ascii(" HTTP/1.1\r\nHost: x\r\n\r\n"))),
        Arguments.of(
            "invalid UTF-8 in the query",
            ascii(
                "GET "
                    + INV
                    + "/resourcePools?filter=(eq,name,%ff%c0) HTTP/1.1\r\nHost: x\r\n\r\n")),
        Arguments.of(
            "huge query string",
            ascii(
                "GET "
                    + INV
                    + "/resourcePools?filter="
                    + "a".repeat(12_000)
                    + " HTTP/1.1\r\nHost: x\r\n\r\n")),
        Arguments.of(
            "thousands of query parameters",
            ascii(
                "GET "
                    + INV
                    + "/resourcePools?"
                    + "a=1&".repeat(3000)
                    + " HTTP/1.1\r\nHost: x\r\n\r\n")),
        Arguments.of(
            "deeply nested JSON array body",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + nested.length()
                    + "\r\n\r\n"
                    + nested)),
        Arguments.of(
            "deeply nested JSON object body",
            ascii(
                "POST "
                    + INV
                    + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + nestedObject.length()
                    + "\r\n\r\n"
                    + nestedObject)),
        Arguments.of(
            "invalid UTF-8 in a JSON body",
            concat(
                ascii(
                    "POST "
                        + INV
                        + "/subscriptions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 17\r\n\r\n{\"callback\":\""),
                new byte[] {(byte) 0xC3, (byte) 0x28, '"', '}'})),
        Arguments.of("garbage request line", ascii("\u0000\u0001GARBAGE\r\n\r\n")),
        Arguments.of(
            "header without colon", ascii("GET /healthz HTTP/1.1\r\nHost: x\r\nBroken\r\n\r\n")),
        Arguments.of("malformed protocol name", ascii("GET /healthz HTTQ/1.1\r\nHost: x\r\n\r\n")),
        Arguments.of(
            "absolute-form to another host",
            ascii("GET http://evil.test/ HTTP/1.1\r\nHost: x\r\n\r\n")),
        Arguments.of("path traversal", ascii("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedRequestGetsA4xxOrAClosedConnectionAndTheServerStaysHealthy(
      String name, byte[] request) throws Exception {
    int status = exchange(request);
    assertThat(status)
        .as(name)
        .satisfiesAnyOf(s -> assertThat(s).isBetween(400, 499), s -> assertThat(s).isEqualTo(-1));
    assertThat(exchange(ascii("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
        .as("healthy after " + name)
        .isEqualTo(200);
  }

  /** Sends the bytes and returns the status of the first response, or -1 when the server closed. */
  private static int exchange(byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (SocketException e) {
        // the server may close while we are still sending an oversized request
        return readStatus(socket.getInputStream());
      }
      return readStatus(socket.getInputStream());
    }
  }

  private static int readStatus(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    try {
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
    } catch (SocketException e) {
      return -1;
    }
    String text = line.toString().trim();
    if (!text.startsWith("HTTP/1.1 ")) {
      return -1;
    }
    return Integer.parseInt(text.substring(9, 12));
  }
}
