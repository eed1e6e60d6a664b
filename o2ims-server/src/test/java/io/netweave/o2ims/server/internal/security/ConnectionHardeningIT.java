package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.postRequestCounts;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection-level abuse against the real production gateway on a loopback TLS port: connections
 * that never handshake, HTTP/2 rapid reset, reset streams and the concurrency cap, and header
 * blocks larger than one frame (issue 15, items 2 and 3 and the CONTINUATION finding); and the
 * HTTP/2 read and idle timeouts: a connection without an open stream lives for the idle timeout, a
 * stream whose request body stalls ends its connection after the read timeout.
 */
class ConnectionHardeningIT {
  @TempDir Path dir;
  private ProductionGateways gateways;
  private Gateway gateway;

  @RegisterExtension final LogCapture audit = LogCapture.audit();
  @RegisterExtension final LogCapture access = LogCapture.access();
  @RegisterExtension final LogCapture all = LogCapture.all();

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

  private String base() {
    return "https://localhost:" + gateway.port();
  }

  @Test
  void aTlsConnectionThatNeverSendsAClientHelloIsClosedByTheHandshakeTimeout() throws Exception {
    gateway = gateways.start(Map.of("server.read_timeout", "10m", "server.idle_timeout", "10m"));
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      // The default handshake timeout is 10 s; the socket gives up at 60 s.
      socket.setSoTimeout(60_000);
      InputStream in = socket.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (SocketException reset) {
        read = -1;
      } catch (SocketTimeoutException stillOpen) {
        throw new AssertionError(
            "the server kept a connection without a ClientHello open", stillOpen);
      }
      assertThat(read).isEqualTo(-1);
    }
    assertThat(send(gateways.client(), "GET", base() + "/healthz", null, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aTlsConnectionThatHandshakesAndThenSaysNothingIsClosedByTheIdleTimeout() throws Exception {
    gateway = gateways.start(Map.of("server.idle_timeout", "2s", "server.read_timeout", "2s"));
    try (Socket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port())) {
      socket.setSoTimeout(60_000);
      int read;
      try {
        read = socket.getInputStream().read();
      } catch (SocketTimeoutException stillOpen) {
        throw new AssertionError("an idle TLS connection stayed open", stillOpen);
      } catch (java.io.IOException closed) {
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
    }
  }

  @Test
  void anHttp2ConnectionWhoseRequestIsDoneOutlivesTheReadTimeoutAndIsClosedAfterTheIdleTimeout()
      throws Exception {
    gateway = gateways.start(Map.of("server.read_timeout", "1s", "server.idle_timeout", "4s"));
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      h2.sendGet(1, "/healthz", Map.of());
      assertThat(h2.responseHeaders(1))
          .hasValueSatisfying(h -> assertThat(h.get(":status")).isEqualTo("200"));
      h2.body(1);
      // No open stream: three seconds of silence (three read timeouts) keep the connection...
      h2.socketTimeout(3_000);
      assertThat(h2.closedByServer()).as("GOAWAY or close within 3 s").isFalse();
      // ...and the idle timeout (4 s) ends it.
      h2.socketTimeout(10_000);
      assertThat(h2.closedByServer()).as("GOAWAY or close after the idle timeout").isTrue();
    }
  }

  @Test
  void anHttp2RequestWhoseBodyStallsIsClosedByTheReadTimeout() throws Exception {
    gateway = gateways.start(Map.of("server.read_timeout", "1s", "server.idle_timeout", "10m"));
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      h2.frame(
          RawHttp2.HEADERS,
          RawHttp2.END_HEADERS,
          1,
          RawHttp2.encode(RawHttp2.post(INV + "/subscriptions", token, 100)));
      h2.frame(RawHttp2.DATA, 0, 1, "{\"ca".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      h2.flush();
      h2.socketTimeout(20_000); // far below the idle timeout: a close in time is the read one
      assertThat(h2.closedByServer()).as("GOAWAY or close after the read timeout").isTrue();
    }
  }

  @Test
  void theHandshakeListenerKeepsTheConfiguredProtocolsAndSuites() throws Exception {
    gateway = gateways.start(Map.of());
    javax.net.ssl.SSLSocketFactory factory = gateways.pki.clientContext(null).getSocketFactory();
    try (javax.net.ssl.SSLSocket cbc =
        (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1", gateway.port())) {
      cbc.setSoTimeout(30_000);
      cbc.setEnabledProtocols(new String[] {"TLSv1.2"});
      cbc.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
      org.assertj.core.api.Assertions.assertThatThrownBy(cbc::startHandshake)
          .isInstanceOf(java.io.IOException.class);
    }
    try (javax.net.ssl.SSLSocket gcm =
        (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1", gateway.port())) {
      gcm.setSoTimeout(30_000);
      gcm.setEnabledProtocols(new String[] {"TLSv1.2"});
      gcm.startHandshake();
      assertThat(gcm.getSession().getProtocol()).isEqualTo("TLSv1.2");
      assertThat(gcm.getSession().getCipherSuite()).contains("_GCM_");
    }
  }

  @Test
  void aConnectionThatResetsStreamsInALoopIsClosed() throws Exception {
    gateway = gateways.start(Map.of("server.http2.max_resets_per_window", "20"));
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    byte[] block = RawHttp2.encode(RawHttp2.post(INV + "/subscriptions", token, 100));
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      try {
        for (int i = 0; i < 30; i++) {
          int stream = 2 * i + 1;
          h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, stream, block);
          h2.rstStream(stream, 0x8);
        }
        h2.flush();
      } catch (SocketException closedWhileWriting) {
        // the server may close before all frames are written: that is the point
      }
      assertThat(h2.closedByServer()).as("GOAWAY or close after 30 resets").isTrue();
    }
    HttpClient other = gateways.client();
    assertThat(send(other, "GET", base() + "/healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(send(other, "GET", base() + INV + "/resourcePools", token(), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void resetStreamsWhoseWorkGoesOnCannotFillTheReplicaCap() throws Exception {
    // A callback that never answers makes each subscription create hold its slot (the probe
    // waits); resetting the stream after its body frees the connection's stream at once.
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 100, java.net.InetAddress.getLoopbackAddress())) {
      gateway =
          gateways.start(
              Map.of(
                  "server.max_concurrent_requests", "20",
                  "server.max_concurrent_streams", "5",
                  "notifications.probe_callbacks", "true",
                  "notifications.delivery_timeout", "60s",
                  "notifications.callback_allow_list", "127.0.0.1/32"));
      String token = gateways.token("mallory", "role:o2ims-reader role:o2ims-subscriber");
      try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
        try {
          for (int i = 0; i < 40; i++) {
            int stream = 2 * i + 1;
            byte[] body =
                ("{\"callback\":\"https://127.0.0.1:" + silent.getLocalPort() + "/n" + i + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            h2.frame(
                RawHttp2.HEADERS,
                RawHttp2.END_HEADERS,
                stream,
                RawHttp2.encode(RawHttp2.post(INV + "/subscriptions", token, body.length)));
            h2.frame(RawHttp2.DATA, RawHttp2.END_STREAM, stream, body);
            h2.rstStream(stream, 0x8);
            h2.flush();
          }
        } catch (SocketException closedWhileWriting) {
          // closed by the server: expected
        }
        // Once the gateway has refused something of this connection (it fills up or is cut off),
        // everybody else must still be served while the reset requests' work goes on.
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(() -> audit.lines().stream().anyMatch(line -> line.contains("status=503")));
        HttpClient other = gateways.client();
        assertThat(send(other, "GET", base() + "/healthz", null, null).statusCode()).isEqualTo(200);
        assertThat(send(other, "GET", base() + INV + "/resourcePools", token(), null).statusCode())
            .isEqualTo(200);
        h2.socketTimeout(5_000);
        assertThat(h2.closedByServer())
            .as("a connection holding more requests than its stream limit is closed")
            .isTrue();
      }
    }
  }

  @Test
  void anHttp2StreamResetAfterItsWholeBodyIsRecordedAsClientClosedRequest() throws Exception {
    // The create's callback probe connects to a server that says nothing, so the gateway is still
    // working on the create, its body read whole, when the client resets the stream; that server
    // then hangs up, which fails the probe: the create's answer (a 400) has nobody to read it.
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      String token = startProbingInto(silent);
      byte[] body = createBody(silent);
      try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
        h2.frame(
            RawHttp2.HEADERS,
            RawHttp2.END_HEADERS,
            1,
            RawHttp2.encode(RawHttp2.post(INV + "/subscriptions", token, body.length)));
        h2.frame(RawHttp2.DATA, RawHttp2.END_STREAM, 1, body);
        h2.flush();
        try (Socket probe = silent.accept()) { // the create is past its body, in its probe
          h2.rstStream(1, 0x8); // CANCEL
          h2.frame(RawHttp2.PING, 0, 0, new byte[8]);
          h2.flush();
          // The server handles a connection's frames in order: its PING ACK means it has seen the
          // reset before the probe fails (the accepted socket closes here).
          h2.awaitPingAck();
        }
        silent.close(); // a retried probe is refused at once
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(() -> access.lines().stream().anyMatch(line -> line.contains(" POST ")));

        // only the stream ended: the connection serves on
        h2.sendGet(3, "/healthz", Map.of());
        assertThat(h2.responseHeaders(3))
            .hasValueSatisfying(h -> assertThat(h.get(":status")).isEqualTo("200"));
      }
    }
    assertCreateRecordedAsClientClosedRequest();
  }

  /**
   * Starts the gateway with callback probes on (loopback allowed, a minute to answer), for creates
   * whose callback is {@code silent}, a server that accepts and says nothing, so that a create
   * stays in its probe until the test closes the accepted socket; returns a subscriber's token.
   */
  private String startProbingInto(java.net.ServerSocket silent) throws java.io.IOException {
    silent.setSoTimeout(30_000);
    gateway =
        gateways.start(
            Map.of(
                "notifications.probe_callbacks", "true",
                "notifications.delivery_timeout", "60s",
                "notifications.callback_allow_list", "127.0.0.1/32"));
    return gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
  }

  /** The body of a subscription create whose callback is {@code silent}. */
  private static byte[] createBody(java.net.ServerSocket silent) {
    return ("{\"callback\":\"https://127.0.0.1:" + silent.getLocalPort() + "/n\"}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The one subscription create was recorded as 499 in the access log, the audit log and the
   * request metrics, logged no ERROR, and stored nothing; returns its access line.
   */
  private String assertCreateRecordedAsClientClosedRequest() throws Exception {
    assertThat(access.lines())
        .filteredOn(line -> line.contains(" POST "))
        .singleElement()
        .satisfies(line -> assertThat(line).contains(" POST " + INV + "/subscriptions 499 "));
    assertThat(audit.lines())
        .filteredOn(line -> line.contains("method=POST"))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("status=499 reason=\"client closed\""));
    assertThat(all.errors()).isEmpty();
    String admin = gateways.token("noc", "role:o2ims-admin");
    HttpClient http = gateways.client();
    assertThat(postRequestCounts(send(http, "GET", base() + "/metrics", admin, null).body()))
        .containsExactly(
            "netweave_http_requests_total{route=\""
                + INV
                + "/subscriptions\",method=\"POST\",status=\"499\"} 1");
    assertThat(send(http, "GET", base() + INV + "/subscriptions", admin, null).body())
        .isEqualTo("[]");
    return access.lines().stream().filter(l -> l.contains(" POST ")).findFirst().orElseThrow();
  }

  /**
   * The HTTP/1.1 side of the test above, for a problem response: the client resets its TLS
   * connection (TCP RST) while the gateway works on its create, past the body, so the create's
   * answer, a 400 problem written by the error mapper, cannot be written. Recorded as 499 (access,
   * audit, metrics) with one DEBUG line and no ERROR, as a route's response whose write fails is
   * ({@code ClientGoneMidResponseIT}), not as the 400 nobody read; nothing stored.
   */
  @Test
  void aProblemResponseWhoseClientResetItsConnectionIsRecordedAsClientClosedRequest()
      throws Exception {
    ch.qos.logback.classic.Logger problems =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("io.netweave.o2ims.server.internal.http.Problems");
    ch.qos.logback.classic.Level level = problems.getLevel();
    problems.setLevel(ch.qos.logback.classic.Level.DEBUG);
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      String token = startProbingInto(silent);
      byte[] body = createBody(silent);
      try (Socket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port())) {
        socket
            .getOutputStream()
            .write(
                ("POST "
                        + INV
                        + "/subscriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length
                        + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        try (Socket probe = silent.accept()) { // the create is past its body, in its probe
          socket.setSoLinger(true, 0);
          socket.close(); // a reset: the gateway finds the connection gone when it answers
        } // the probe fails here: the create answers
      }
      silent.close(); // a retried probe is refused at once
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(
              () ->
                  access.lines().stream().anyMatch(line -> line.contains(" POST "))
                      && all.events().stream()
                          .anyMatch(event -> event.getLoggerName().equals(problems.getName())));
    } finally {
      problems.setLevel(level);
    }
    String line = assertCreateRecordedAsClientClosedRequest();
    assertThat(all.events())
        .filteredOn(event -> event.getLoggerName().equals(problems.getName()))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
              assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
              assertThat(event.getFormattedMessage())
                  .contains(line.substring(0, line.indexOf(' ')))
                  .contains("the client went away during the response");
            });
  }

  @Test
  void probesStayOutsideTheConcurrencyCapAndAResetStreamFreesItsSlot() throws Exception {
    gateway = gateways.start(Map.of("server.max_concurrent_requests", "1"));
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    HttpClient other = gateways.client();
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      // A create whose body never comes holds the one slot.
      h2.frame(
          RawHttp2.HEADERS,
          RawHttp2.END_HEADERS,
          1,
          RawHttp2.encode(RawHttp2.post(INV + "/subscriptions", token, 100)));
      h2.flush();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(
              () ->
                  send(other, "GET", base() + INV + "/resourcePools", token(), null).statusCode()
                      == 503);

      assertThat(send(other, "GET", base() + "/healthz", null, null).statusCode()).isEqualTo(200);
      assertThat(send(other, "GET", base() + "/readyz", null, null).statusCode()).isEqualTo(200);
      assertThat(send(other, "GET", base() + "/livez", null, null).statusCode()).isEqualTo(200);

      h2.rstStream(1, 0x8);
      h2.flush();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(
              () ->
                  send(other, "GET", base() + INV + "/resourcePools", token(), null).statusCode()
                      == 200);
    }
  }

  private String token() {
    return gateways.token("reader-2", "role:o2ims-reader");
  }

  @Test
  void http2AdvertisesTheConfiguredHeaderLimitAndAFrameSizeThatHoldsIt() throws Exception {
    gateway = gateways.start(Map.of("server.max_header_bytes", "65536"));
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      assertThat(h2.serverSettings())
          .containsEntry(RawHttp2.SETTINGS_MAX_HEADER_LIST_SIZE, 65536)
          .containsEntry(RawHttp2.SETTINGS_MAX_FRAME_SIZE, 65536);
    }
  }

  @Test
  void aLargeTokenGetsTheSameAnswerOverHttp2AsOverHttp11() throws Exception {
    gateway = gateways.start(Map.of("server.max_header_bytes", "65536"));
    String large = "e" + "x".repeat(20_000);
    String url = base() + INV + "/resourcePools";

    var http11 = send(gateways.http1Client(), "GET", url, large, null);
    assertThat(http11.statusCode()).isEqualTo(401);
    assertThat(http11.body()).contains("token too long");

    // Over HTTP/2 as a client sends it that honours the server's SETTINGS: one HEADERS frame when
    // the advertised frame size holds the block, else HEADERS and CONTINUATION frames.
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      byte[] block =
          RawHttp2.encode(
              RawHttp2.get(INV + "/resourcePools", Map.of("authorization", "Bearer " + large)));
      int maxFrame = h2.serverSettings().getOrDefault(RawHttp2.SETTINGS_MAX_FRAME_SIZE, 16_384);
      if (block.length <= maxFrame) {
        h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, 1, block);
      } else {
        h2.frame(
            RawHttp2.HEADERS,
            RawHttp2.END_STREAM,
            1,
            java.util.Arrays.copyOfRange(block, 0, maxFrame));
        h2.flush();
        h2.frame(
            RawHttp2.CONTINUATION,
            RawHttp2.END_HEADERS,
            1,
            java.util.Arrays.copyOfRange(block, maxFrame, block.length));
      }
      h2.flush();
      Map<String, String> headers = h2.responseHeaders(1).orElseThrow();
      assertThat(headers).containsEntry(":status", "401");
      assertThat(h2.body(1)).contains("token too long");
    }
  }
}
