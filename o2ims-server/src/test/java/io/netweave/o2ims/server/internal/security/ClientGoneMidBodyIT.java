package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.postRequestCounts;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that goes away while the gateway reads its request body is not a server error: an
 * HTTP/1.1 client that closes after half its body (over TLS, and over plain HTTP in the demo
 * profile), an HTTP/2 client that resets the stream after half its body, and an HTTP/2 or HTTP/1.1
 * body that stalls past {@code server.read_timeout}, each against the real production gateway on a
 * loopback TLS port. Each is recorded as 499 (client closed request) or 408 (the read timeout) in
 * the access log, the audit log and the request metrics, logs no ERROR (one DEBUG line, without a
 * stack trace), and stores nothing.
 */
class ClientGoneMidBodyIT {
  private static final String SUBSCRIPTIONS = INV + "/subscriptions";
  private static final byte[] BODY =
      "{\"callback\":\"https://smo.example.net/notifications/0123456789\"}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private ProductionGateways gateways;
  private Gateway gateway;
  private boolean plain; // the demo profile's plain HTTP instead of the production profile's TLS

  @RegisterExtension final LogCapture access = LogCapture.access();
  @RegisterExtension final LogCapture audit = LogCapture.audit();
  @RegisterExtension final LogCapture all = LogCapture.all();
  @RegisterExtension final LogCapture problems = LogCapture.problemsAtDebug();

  @BeforeEach
  void setUp() {
    gateways = new ProductionGateways(dir);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anHttp11ClientThatClosesMidBodyIsRecordedAsClientClosedRequest() throws Exception {
    gateway = gateways.start(Map.of());
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    try (SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(http11Post(token));
      out.write(BODY, 0, BODY.length / 2);
      out.flush();
    } // close_notify and FIN with half the body sent

    assertRecorded(499, "client closed");
  }

  @Test
  void aPlainHttp11ClientThatClosesMidBodyIsRecordedAsClientClosedRequest() throws Exception {
    // the demo profile: plain HTTP, no TLS layer between the socket's end and the body's reader
    gateway = InProcessGateways.start(dir.resolve("demo"), Map.of("server.host", "127.0.0.1"));
    plain = true;
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(http11Post("unused"));
      out.write(BODY, 0, BODY.length / 2);
      out.flush();
    } // FIN with half the body sent

    assertRecorded(499, "client closed");
  }

  @Test
  void anHttp2StreamResetMidBodyIsRecordedAsClientClosedRequestAndTheConnectionServesOn()
      throws Exception {
    gateway = gateways.start(Map.of());
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      h2.frame(
          RawHttp2.HEADERS,
          RawHttp2.END_HEADERS,
          1,
          RawHttp2.encode(RawHttp2.post(SUBSCRIPTIONS, token, BODY.length)));
      h2.frame(RawHttp2.DATA, 0, 1, java.util.Arrays.copyOf(BODY, BODY.length / 2));
      h2.flush();
      h2.rstStream(1, 0x8); // CANCEL
      h2.flush();

      assertRecorded(499, "client closed");

      // only the stream ended: the same connection serves the next request
      h2.sendGet(3, "/healthz", Map.of());
      assertThat(h2.responseHeaders(3))
          .hasValueSatisfying(h -> assertThat(h.get(":status")).isEqualTo("200"));
    }
  }

  @Test
  void anHttp2BodyThatStallsPastTheReadTimeoutIsRecordedAsRequestTimeout() throws Exception {
    gateway = gateways.start(Map.of("server.read_timeout", "1s", "server.idle_timeout", "10m"));
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      h2.frame(
          RawHttp2.HEADERS,
          RawHttp2.END_HEADERS,
          1,
          RawHttp2.encode(RawHttp2.post(SUBSCRIPTIONS, token, BODY.length)));
      h2.frame(RawHttp2.DATA, 0, 1, java.util.Arrays.copyOf(BODY, BODY.length / 2));
      h2.flush();
      // The read timeout is the connection's: it closes the whole connection.
      assertThat(h2.closedByServer()).as("GOAWAY or close after the read timeout").isTrue();
    }

    assertRecorded(408, "read timeout");
  }

  @Test
  void anHttp11BodyThatStallsPastTheReadTimeoutIsRecordedAsRequestTimeout() throws Exception {
    gateway = gateways.start(Map.of("server.read_timeout", "1s", "server.idle_timeout", "10m"));
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    try (SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(http11Post(token));
      out.write(BODY, 0, BODY.length / 2);
      out.flush();
      // The read timeout closes the connection (as Undertow's own read-timeout conduit does), so
      // there is no one to send a 408 to: the client reads the close and nothing else.
      assertThat(RawHttp.readToEnd(socket)).isEmpty();
    }

    assertRecorded(408, "read timeout");
  }

  @Test
  void aChunkedBodyUndertowCannotDecodeIsAnsweredWithAReadableBadRequest() throws Exception {
    // Undertow's decoder would close the connection on each of these (the exchange then completed
    // as 200 and the client read nothing); the gateway answers first.
    gateway = InProcessGateways.start(dir.resolve("demo"), Map.of("server.host", "127.0.0.1"));
    plain = true;
    String tooManyDigits = "FFFFFFFFFFFFFFFFFF\r\n"; // 2^72 - 1: no size Undertow can hold
    List<String> bodies =
        List.of(
            // the size line arrives with the headers (Undertow's first read)
            tooManyDigits,
            // a first chunk larger than the read that brought the headers: the size line comes
            // from a later read of the socket
            chunk("x".repeat(40_000)) + tooManyDigits,
            // a trailer line without a colon after the last chunk
            chunk("{}") + "0\r\nno-colon\r\n\r\n");
    for (String body : bodies) {
      String answer = chunkedPost(body);
      assertThat(answer)
          .startsWith("HTTP/1.1 400")
          .contains("Content-Type: application/problem+json")
          .contains("Connection: close")
          .contains("\"title\":\"Bad Request\"")
          .contains("the chunked request body cannot be decoded");
    }

    assertAnswered(400, "failed", bodies.size());
  }

  @Test
  void aChunkDeclaringMoreThanTheBodyLimitIsAnsweredWithAReadablePayloadTooLarge()
      throws Exception {
    // 2 MiB in one chunk: past the body limit (1 MiB), and past Undertow's own entity limit, on
    // which its decoder would close the connection unanswered as soon as the size line ends
    gateway = InProcessGateways.start(dir.resolve("demo"), Map.of("server.host", "127.0.0.1"));
    plain = true;
    String answer = chunkedPost("200000\r\n{\"callback\":");
    assertThat(answer)
        .startsWith("HTTP/1.1 413")
        .contains("Content-Type: application/problem+json")
        .contains("Connection: close")
        .contains("\"title\":\"Payload Too Large\"");

    assertAnswered(413, "failed", 1);
  }

  @Test
  void aChunkSizeUndertowCannotDecodeOverTlsIsAnsweredWithAReadableBadRequest() throws Exception {
    gateway = gateways.start(Map.of());
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    String answer;
    try (SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(chunkedHeaders(token));
      out.write("FFFFFFFFFFFFFFFFFF\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      answer = RawHttp.readToEnd(socket);
    }
    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("Content-Type: application/problem+json")
        .contains("the chunked request body cannot be decoded");

    assertAnswered(400, "failed", 1);
  }

  private static String chunk(String data) {
    return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
  }

  /**
   * Sends a chunked subscription create whose body is {@code body} (framing included) over plain
   * HTTP and reads the answer to its end.
   */
  private String chunkedPost(String body) throws IOException {
    byte[] headers = chunkedHeaders("unused");
    byte[] framed = body.getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = java.util.Arrays.copyOf(headers, headers.length + framed.length);
    System.arraycopy(framed, 0, request, headers.length, framed.length);
    // one write: the gateway has read it all when it answers
    return RawHttp.exchange(gateway.port(), request);
  }

  private static byte[] chunkedHeaders(String token) {
    return ("POST "
            + SUBSCRIPTIONS
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] http11Post(String token) {
    return ("POST "
            + SUBSCRIPTIONS
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + token
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + BODY.length
            + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The one subscription create was recorded as {@code status} everywhere, never as a 500, logged
   * no ERROR and one DEBUG line, and stored nothing.
   */
  private void assertRecorded(int status, String reason) {
    // The access line and the DEBUG line come from the request's worker in either order (an
    // HTTP/1.1 read timeout's close completes the exchange before the reader hears of it).
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                access.lines().stream().anyMatch(line -> line.contains(" POST "))
                    && !problems.events().isEmpty());
    String id = access.lines().stream().filter(l -> l.contains(" POST ")).findFirst().orElseThrow();
    String requestId = id.substring(0, id.indexOf(' '));
    assertThat(problems.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
              assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
              assertThat(event.getFormattedMessage()).contains(requestId);
            });
    assertAnswered(status, reason, 1);
  }

  /**
   * The {@code count} subscription creates were each recorded as {@code status} in the access log,
   * the audit log and the request metrics, logged no ERROR, and stored nothing.
   */
  private void assertAnswered(int status, String reason, int count) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> access.lines().stream().filter(line -> line.contains(" POST ")).count() >= count);
    assertThat(access.lines())
        .filteredOn(line -> line.contains(" POST "))
        .hasSize(count)
        .allSatisfy(
            line -> assertThat(line).contains(" POST " + SUBSCRIPTIONS + " " + status + " "));
    assertThat(audit.lines())
        .filteredOn(line -> line.contains("method=POST"))
        .hasSize(count)
        .allSatisfy(
            line -> assertThat(line).contains("status=" + status + " reason=\"" + reason + "\""));
    assertThat(all.errors()).isEmpty();

    String admin = plain ? null : gateways.token("noc", "role:o2ims-admin");
    HttpClient http = plain ? HttpClient.newHttpClient() : gateways.client();
    String base = (plain ? "http://127.0.0.1:" : "https://localhost:") + gateway.port();
    HttpResponse<String> metrics = send(http, "GET", base + "/metrics", admin, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(postRequestCounts(metrics.body()))
        .containsExactly(
            "netweave_http_requests_total{route=\""
                + SUBSCRIPTIONS
                + "\",method=\"POST\",status=\""
                + status
                + "\"} "
                + count);

    HttpResponse<String> stored = send(http, "GET", base + SUBSCRIPTIONS, admin, null);
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.body()).isEqualTo("[]");
  }
}
