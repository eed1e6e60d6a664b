package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.server.internal.Gateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies trickled by one authenticated client, against the real production gateway: each
 * body was read with blocking IO on a worker thread for as long as the client took, the read
 * timeout ending only a read without any progress, so forty such bodies (a byte a second each) held
 * every worker thread (sixteen on two cores) and every request that needed one waited as long as
 * the trickle went on: another client's subscription create, a filtered list (found by the
 * adversarial pass on the demo jar: a cache-miss GET timed out after 15 s, with 16 trickling
 * POSTs). Now a client has at most two bodies read at once (BodyReaders); its others are 429.
 */
class SlowBodiesIT {
  private static final int SLOW = 40;

  @TempDir Path dir;
  private ProductionGateways gateways;
  private Gateway gateway;
  private final List<SSLSocket> slow = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void setUp() {
    gateways = new ProductionGateways(dir);
  }

  @AfterEach
  void stop() throws IOException {
    trickle.shutdownNow();
    for (SSLSocket socket : slow) {
      socket.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aClientTricklingBodiesHoldsTwoWorkerThreadsAndOtherClientsAreServed() throws Exception {
    gateway = gateways.start(Map.of("rate_limit.write_per_minute", "1000"));
    String mallory = gateways.token("mallory", "role:o2ims-reader role:o2ims-subscriber");
    String head =
        "POST "
            + INV
            + "/subscriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + mallory
            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
    for (int i = 0; i < SLOW; i++) {
      SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port());
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      slow.add(socket);
    }
    trickle.scheduleAtFixedRate(
        () -> {
          for (SSLSocket socket : slow) {
            try {
              OutputStream out = socket.getOutputStream();
              out.write(' ');
              out.flush();
            } catch (IOException closed) {
              // answered and closed by the gateway
            }
          }
        },
        0,
        1,
        TimeUnit.SECONDS);

    HttpClient http = gateways.client();
    String bob = gateways.token("bob", "role:o2ims-reader role:o2ims-subscriber");
    HttpResponse<String> created =
        send(
            http,
            "POST",
            "https://localhost:" + gateway.port() + INV + "/subscriptions",
            bob,
            "{\"callback\":\"https://smo.example.com/bob\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> listed =
        send(
            http,
            "GET",
            "https://localhost:" + gateway.port() + INV + "/resourcePools?filter=(neq,name,x)",
            bob,
            null);
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);

    // Mallory's bodies past two are refused as the gateway reaches each, the connection closed
    // after the answer: every answer is read while the two waited-for bodies still trickle (ended
    // before all were reached, a body would end cut, not refused)
    ExecutorService readers = Executors.newFixedThreadPool(SLOW);
    List<Future<String>> answers = new ArrayList<>();
    for (SSLSocket socket : slow) {
      answers.add(readers.submit(() -> RawHttp.readToEnd(socket)));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> answers.stream().filter(Future::isDone).count() >= SLOW - 2);
    trickle.shutdownNow();
    for (SSLSocket socket : slow) {
      socket.shutdownOutput();
    }
    int refused = 0;
    for (Future<String> read : answers) {
      String answer = read.get(60, TimeUnit.SECONDS);
      if (answer.startsWith("HTTP/1.1 429")) {
        assertThat(answer)
            .contains("Retry-After: 1")
            .contains("application/problem+json")
            .contains("request bodies being received");
        refused++;
      }
    }
    readers.shutdownNow();
    assertThat(refused).isEqualTo(SLOW - 2);
  }

  /**
   * Over HTTP/2 one connection carries many bodies: twenty streams whose bodies stop after their
   * first byte. Two are waited for; the others are answered 429 on their own streams, and another
   * client is served meanwhile (before, the stalled streams held worker threads until the read
   * timeout closed their connection).
   */
  /**
   * The SDK's writes over TLS are HTTP/2 streams of one connection: a body sent whole right behind
   * its headers never waited, and one client's concurrent creates are not refused for it (with the
   * permit taken at a stream's first read, before its DATA frame had reached the stream, some of 32
   * sent at once were 429).
   */
  @Test
  void wholeHttp2BodiesOfOneClientAreNeverRefusedHoweverManyAtOnce() throws Exception {
    gateway = gateways.start(Map.of("rate_limit.write_per_minute", "1000"));
    String alice = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port());
    h2.socketTimeout(60_000);
    int streams = 32;
    for (int i = 0; i < streams; i++) {
      byte[] body =
          ("{\"callback\":\"https://smo.example.com/alice-" + i + "\"}")
              .getBytes(StandardCharsets.US_ASCII);
      createHeaders(h2, 1 + 2 * i, alice, body.length);
      h2.frame(RawHttp2.DATA, RawHttp2.END_STREAM, 1 + 2 * i, body);
    }
    h2.flush();

    List<String> statuses = new ArrayList<>();
    while (statuses.size() < streams) {
      RawHttp2.Frame frame = h2.read().orElseThrow();
      if (frame.type() == RawHttp2.HEADERS) {
        statuses.add(h2.decode(frame.payload(), frame.flags()).get(":status"));
      }
    }
    assertThat(statuses).hasSize(streams).containsOnly("201");
  }

  @Test
  void stalledHttp2BodiesOfOneClientHoldTwoWorkerThreads() throws Exception {
    gateway =
        gateways.start(
            Map.of(
                "rate_limit.write_per_minute", "1000",
                "server.read_timeout", "2m",
                "server.idle_timeout", "2m"));
    String mallory = gateways.token("mallory", "role:o2ims-reader role:o2ims-subscriber");
    RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port());
    h2.socketTimeout(60_000);
    int streams = 20;
    for (int i = 0; i < streams; i++) {
      int id = 1 + 2 * i;
      createHeaders(h2, id, mallory, 1000);
      h2.frame(RawHttp2.DATA, 0, id, "{".getBytes(StandardCharsets.US_ASCII));
    }
    h2.flush();

    HttpResponse<String> created =
        send(
            gateways.client(),
            "POST",
            "https://localhost:" + gateway.port() + INV + "/subscriptions",
            gateways.token("bob", "role:o2ims-reader role:o2ims-subscriber"),
            "{\"callback\":\"https://smo.example.com/bob\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    int refused = 0;
    while (refused < streams - 2) {
      RawHttp2.Frame frame = h2.read().orElseThrow();
      if (frame.type() == RawHttp2.HEADERS) {
        assertThat(h2.decode(frame.payload(), frame.flags())).containsEntry(":status", "429");
        refused++;
      }
    }
    assertThat(refused).isEqualTo(streams - 2);
  }

  /** The HEADERS frame of a subscription create on stream {@code id}, its body still to come. */
  private static void createHeaders(RawHttp2 h2, int id, String token, int contentLength)
      throws IOException {
    h2.frame(
        RawHttp2.HEADERS,
        RawHttp2.END_HEADERS,
        id,
        RawHttp2.encode(
            RawHttp2.request(
                "POST",
                "https",
                INV + "/subscriptions",
                Map.of(
                    "authorization",
                    "Bearer " + token,
                    "content-type",
                    "application/json",
                    "content-length",
                    String.valueOf(contentLength)))));
  }
}
