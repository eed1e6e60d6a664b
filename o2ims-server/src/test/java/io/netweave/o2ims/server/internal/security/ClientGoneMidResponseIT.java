package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.Gateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that goes away while the gateway writes a large response (a 5,000-resource list page) is
 * not a server error: an HTTP/1.1 client that reads a few bytes and resets its connection, and an
 * HTTP/2 client that resets its stream while the response waits for flow-control window, against
 * the real production gateway (TLS) over the Kubernetes API emulator. The page is written by
 * Undertow's asynchronous sender, whose failure does not pass the error mapper's guard. Each is
 * recorded as 499 (client closed request) in the access log and the request metrics, not as the 200
 * its status line said, and logs no ERROR and one DEBUG line without a stack trace. The gateway
 * admits one request at a time ({@code server.max_concurrent_requests: 1}) and its timeouts are 10
 * minutes, so a request the gateway did not see end would hold the one slot until its connection
 * closed (the metrics request of the checks would get a 503).
 */
class ClientGoneMidResponseIT {
  /**
   * Nodes in the one pool, all on one page: about 5 MB, more than the buffers between the gateway
   * and a client that stopped reading can hold (the gateway's kernel send buffer, at most
   * net.ipv4.tcp_wmem's ceiling, 4 MiB here, checked in {@link #setUp}; the client's small receive
   * buffer; a few 16 KiB TLS records in Undertow and the client's TLS layer), so the gateway is
   * still writing when the HTTP/1.1 client, having read the first record, resets the connection.
   */
  private static final int NODES = 5_000;

  /**
   * What the page must exceed the gateway's send-buffer ceiling by: the client's receive buffer (4
   * KiB asked, 8 KiB given) and the TLS records Undertow's conduits and the client's TLS layer hold
   * (about 17 KiB each), with room to spare.
   */
  private static final int BUFFERS_BESIDE_THE_SEND_BUFFER = 256 * 1024;

  /** The kernel's ceiling for a TCP socket's send buffer (its third value), on Linux. */
  private static final Path TCP_WMEM = Path.of("/proc/sys/net/ipv4/tcp_wmem");

  /**
   * The stream flow-control window the HTTP/2 client announces: the gateway sends that many bytes
   * of the page and then waits for a WINDOW_UPDATE that never comes.
   */
  private static final int WINDOW = 16_384;

  /** The flow-control window every HTTP/2 connection starts with (RFC 9113, 6.9.2). */
  private static final int CONNECTION_WINDOW = 65_535;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The request id the tests' page GET carries, by which its access line is found. */
  private static final String PAGE_REQUEST = "7e0c3b1a-5d2f-4c8e-9a61-2b4f0d9e8c57";

  @TempDir Path dir;
  private static KubeApiEmulator emulator;
  private ProductionGateways gateways;
  private Gateway gateway;
  private String token;
  private String resources;

  @RegisterExtension final LogCapture access = LogCapture.access();
  @RegisterExtension final LogCapture all = LogCapture.all();
  @RegisterExtension final LogCapture audit = LogCapture.audit();
  @RegisterExtension final LogCapture problems = LogCapture.problemsAtDebug();

  @BeforeAll
  static void cluster() {
    emulator = new KubeApiEmulator().start();
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    for (int i = 0; i < NODES; i++) {
      emulator.create(
          EmulatedKind.NODE,
          NodeFixtures.node(String.format("node-%05d", i), "zone-a", "4", "16Gi"));
    }
  }

  @AfterAll
  static void stopCluster() {
    emulator.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    gateways = new ProductionGateways(dir);
    gateway =
        gateways.start(
            Map.of(
                "backend", "kubernetes",
                "kubernetes.api_url", emulator.url(),
                "server.page_size", "5000",
                "server.max_concurrent_requests", "1",
                "server.read_timeout", "10m",
                "server.write_timeout", "10m",
                "server.idle_timeout", "10m"));
    token = gateways.token("alice", "role:o2ims-reader");
    HttpClient http = gateways.client();
    String base = "https://localhost:" + gateway.port();
    // Reads answer 503 until the nodes have synced; then the pool's one page holds all of them.
    // (A read may also get a 503 at the one-request cap while the gateway completes the read before
    // it, whose client can have the whole answer first: the loop asks again.)
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<String> pageBody = new AtomicReference<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () -> {
              sent.incrementAndGet();
              HttpResponse<String> pools =
                  send(http, "GET", base + INV + "/resourcePools", token, null);
              if (pools.statusCode() != 200 || pools.body().equals("[]")) {
                return false;
              }
              String pool = JSON.readTree(pools.body()).get(0).get("resourcePoolId").asText();
              resources = INV + "/resourcePools/" + pool + "/resources";
              sent.incrementAndGet();
              HttpResponse<String> page = send(http, "GET", base + resources, token, null);
              pageBody.set(page.body());
              return page.statusCode() == 200
                  && page.headers().firstValue("X-Total-Count").orElse("").equals("" + NODES);
            });
    String body = pageBody.get();
    JsonNode page = JSON.readTree(body);
    assertThat(page.size()).isEqualTo(NODES);
    if (Files.isReadable(TCP_WMEM)) {
      // Not Files.readString: for a file of size 0 it reads the first byte on its own, and a sysctl
      // file reads empty past offset 0 (only the "4" would come back).
      long ceiling = Long.parseLong(Files.readAllLines(TCP_WMEM).get(0).trim().split("\\s+")[2]);
      assertThat((long) body.getBytes(StandardCharsets.UTF_8).length)
          .as(
              "the page outgrows what the kernel may buffer for the gateway (%s: %s)",
              TCP_WMEM, ceiling)
          .isGreaterThan(ceiling + BUFFERS_BESIDE_THE_SEND_BUFFER);
    }
    // Every set-up read has completed at the gateway (its access line is written after its slot of
    // server.max_concurrent_requests is released), so the test's first request finds the one slot
    // free rather than a 503, which it did now and then under load.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> access.lines().size() >= sent.get());
    access.clear();
    all.clear();
    audit.clear();
    problems.clear();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anHttp11ClientThatClosesAfterAFewBytesOfALargePageIsRecordedAsClientClosedRequest()
      throws Exception {
    readTheFirstRecordAndReset();
    assertRecorded(Duration.ofSeconds(30), PAGE_REQUEST);
  }

  /**
   * HTTP/2: the client reads the HEADERS and the stream window's worth of DATA of the page, sends
   * no WINDOW_UPDATE (so the rest of the page waits for window), resets the stream and keeps its
   * connection open. The gateway hears of the reset at once: the exchange is recorded as 499 within
   * seconds, not when the connection closes (10 minutes here), its slot is free for the metrics
   * request on another connection, and the same connection serves its next stream.
   */
  @Test
  void anHttp2StreamResetWhileItsResponseWaitsForWindowIsRecordedAsClientClosedRequestAtOnce()
      throws Exception {
    Map<String, String> auth = Map.of("authorization", "Bearer " + token);
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      h2.settings(Map.of(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, WINDOW));
      h2.sendGet(
          1, resources, Map.of("authorization", "Bearer " + token, "x-request-id", PAGE_REQUEST));
      assertThat(h2.responseHeaders(1))
          .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
      assertThat(h2.dataUntil(1, WINDOW)).isEqualTo(WINDOW);
      h2.rstStream(1, 0x8); // CANCEL
      h2.flush();

      assertRecorded(Duration.ofSeconds(10), PAGE_REQUEST);

      h2.sendGet(3, INV + "/resourcePools", auth);
      assertThat(h2.responseHeaders(3))
          .as("the next stream on the same connection")
          .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
    }
  }

  /**
   * HTTP/2, the connection's window used up: the client reads the page's DATA up to the window the
   * connection started with and sends no WINDOW_UPDATE, so that every response body on the
   * connection waits for window (Undertow holds a response's HEADERS with its first DATA, so the
   * client sees none). Its next request finds the gateway's one slot held by the page and is
   * refused with a 503 problem (the audit line says so), whose small body waits too. The client
   * resets that stream, then the page's, keeping the connection open: each is recorded as 499
   * within seconds, with one DEBUG line each and no ERROR, and the slot is free again for the
   * metrics request on another connection.
   */
  @Test
  void http2StreamsResetWhileTheConnectionWindowIsUsedUpAreRecordedAsClientClosedRequestAtOnce()
      throws Exception {
    Map<String, String> auth = Map.of("authorization", "Bearer " + token);
    String pools = INV + "/resourcePools";
    try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
      h2.sendGet(1, resources, auth);
      assertThat(h2.responseHeaders(1))
          .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
      assertThat(h2.dataUntil(1, CONNECTION_WINDOW)).isEqualTo(CONNECTION_WINDOW);

      h2.sendGet(3, pools, auth);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  audit.lines().stream()
                      .anyMatch(line -> line.contains(pools) && line.contains("concurrency cap")));
      h2.rstStream(3, 0x8); // CANCEL
      h2.flush();
      assertThat(accessLine(pools, Duration.ofSeconds(10))).contains(" GET " + pools + " 499 ");

      h2.rstStream(1, 0x8);
      h2.flush();
      assertThat(accessLine(resources, Duration.ofSeconds(10)))
          .contains(" GET " + resources + " 499 ");
    }
    assertThat(all.errors()).isEmpty();
    assertThat(problems.events())
        .hasSize(2)
        .allSatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
              assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
            });
    HttpResponse<String> metrics = metricsAsAdmin();
    assertThat(metrics.statusCode()).as("the one slot is free").isEqualTo(200);
  }

  /**
   * GET /metrics with an admin's token, on a new connection, once its exchange has completed at the
   * gateway (its access line is written after its slot of server.max_concurrent_requests is
   * released, and the client can have the whole answer before): a next request finds the slot free.
   */
  private HttpResponse<String> metricsAsAdmin() {
    String admin = gateways.token("noc", "role:o2ims-admin");
    HttpResponse<String> metrics =
        send(
            gateways.client(),
            "GET",
            "https://localhost:" + gateway.port() + "/metrics",
            admin,
            null);
    accessLine("/metrics", Duration.ofSeconds(10));
    return metrics;
  }

  /** The access line of the one GET of {@code path}, once logged (within {@code wait}). */
  private String accessLine(String path, Duration wait) {
    Awaitility.await()
        .atMost(wait)
        .until(() -> access.lines().stream().anyMatch(line -> line.contains(" GET " + path + " ")));
    return access.lines().stream()
        .filter(line -> line.contains(" GET " + path + " "))
        .findFirst()
        .orElseThrow();
  }

  /**
   * An HTTP/1.1 GET of the page over TLS from a socket with a small receive buffer (so that the
   * page cannot sit in the kernel's buffers): reads the status line's 12 bytes (the TLS layer takes
   * the first record, about 16 KiB, from the socket), then resets the TCP connection under the TLS
   * socket, so that the client takes nothing more of the page.
   *
   * <p>Not by closing the TLS socket with {@code SO_LINGER} 0: the JDK's {@code SSLSocket.close()}
   * (TLS 1.3) first reads and discards whatever has arrived, for as long as more keeps arriving
   * ({@code SSLSocketInputRecord.deplete}: one blocking read, then {@code skip(available())} until
   * nothing is available), and only then resets. On loopback each of those reads lets the gateway
   * send more at once, so the close took anything from 4 KB to 4.5 of the page's 5 MB; when it took
   * enough that the rest fitted in the gateway's send buffer, the gateway had written every byte
   * and rightly recorded 200, and the test failed now and then under load (docs/reliability.md).
   */
  private void readTheFirstRecordAndReset() throws Exception {
    Socket tcp = new Socket();
    tcp.setReceiveBufferSize(4096);
    tcp.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
    try (SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), tcp)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + resources
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + token
                  + "\r\nX-Request-Id: "
                  + PAGE_REQUEST
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] start = in.readNBytes(12);
      assertThat(new String(start, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
      tcp.setSoLinger(true, 0);
      tcp.close(); // a reset, at once; the TLS socket's close (next) finds the connection closed
    }
  }

  /**
   * The page GET with request id {@code requestId} was recorded as 499 in the access line (within
   * {@code wait}) and the request metrics, logged no ERROR and one DEBUG line on the error mapper's
   * logger naming its request id. (By its id: the set-up's own page GETs may complete, and write
   * their access lines, after their client has read them and the logs were cleared.)
   */
  private void assertRecorded(Duration wait, String requestId) throws Exception {
    Awaitility.await()
        .atMost(wait)
        .until(() -> access.lines().stream().anyMatch(line -> line.startsWith(requestId + " ")));
    String line =
        access.lines().stream()
            .filter(l -> l.startsWith(requestId + " "))
            .findFirst()
            .orElseThrow();
    assertThat(line).contains(" GET " + resources + " 499 ");
    Awaitility.await().atMost(wait).until(() -> !problems.events().isEmpty());
    assertThat(all.errors()).isEmpty();
    assertThat(problems.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
              assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
              assertThat(event.getFormattedMessage()).contains(requestId);
            });

    HttpResponse<String> metrics = metricsAsAdmin();
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body().lines())
        .filteredOn(
            l ->
                l.startsWith("netweave_http_requests_total{")
                    && l.contains("/resources\"")
                    && l.contains("method=\"GET\""))
        .anySatisfy(l -> assertThat(l).contains("status=\"499\"} 1"));
  }
}
