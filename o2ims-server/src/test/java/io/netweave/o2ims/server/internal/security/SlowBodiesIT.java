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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies trickled or stalled by clients, against the real production gateway. A body was
 * read with blocking IO on a worker thread for as long as the client took, so trickled bodies held
 * worker threads (sixteen on two cores) and every request that needed one waited (found by the
 * adversarial pass on the demo jar: a cache-miss GET timed out after 15 s, with 16 trickling
 * POSTs); permits then refused a client's third waited-for body (429), and any body past half the
 * workers (503), even from a client that was merely slow. Now a body is received on the I/O thread
 * and handed to a worker whole (BodyReceiver): slow bodies cost memory, bounded, never workers, and
 * none is refused for being slow.
 */
class SlowBodiesIT {
  private static final int SLOW = 40;
  private static final int PADDING = 30;

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

  /**
   * Forty bodies of four clients (more than the worker threads), each trickled a byte a second:
   * another client's create and a filtered list are served meanwhile, and every trickled body, once
   * complete, is created (before: 429 and 503 for all but eight of them).
   */
  @Test
  void manyClientsTricklingBodiesHoldNoWorkerThreadAndAreAllServedOnceComplete() throws Exception {
    gateway = gateways.start(Map.of("rate_limit.write_per_minute", "1000"));
    List<String> tokens = new ArrayList<>();
    for (String who : List.of("mallory", "trent", "eve", "oscar")) {
      tokens.add(gateways.token(who, "role:o2ims-reader role:o2ims-subscriber"));
    }
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < SLOW; i++) {
      byte[] body = paddedBody("https://smo.example.com/slow-" + i);
      bodies.add(body);
      String head =
          "POST "
              + INV
              + "/subscriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + tokens.get(i % tokens.size())
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port());
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body, 0, 1);
      socket.getOutputStream().flush();
      slow.add(socket);
    }
    AtomicInteger sent = new AtomicInteger(1); // bytes of each body sent
    trickle.scheduleAtFixedRate(
        () -> {
          int at = sent.get();
          if (at > PADDING) {
            return;
          }
          for (int i = 0; i < SLOW; i++) {
            try {
              OutputStream out = slow.get(i).getOutputStream();
              out.write(bodies.get(i)[at]);
              out.flush();
            } catch (IOException closed) {
              // answered and closed by the gateway: the assertions below say so
            }
          }
          sent.incrementAndGet();
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

    // the trickle goes on for a few more bytes, then every body is completed at once
    await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 4);
    trickle.shutdownNow();
    assertThat(trickle.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    ExecutorService readers = Executors.newFixedThreadPool(SLOW);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < SLOW; i++) {
      SSLSocket socket = slow.get(i);
      byte[] body = bodies.get(i);
      socket.getOutputStream().write(body, sent.get(), body.length - sent.get());
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      answers.add(readers.submit(() -> RawHttp.readToEnd(socket)));
    }
    List<String> statusLines = new ArrayList<>();
    for (Future<String> read : answers) {
      String answer = read.get(60, TimeUnit.SECONDS);
      statusLines.add(answer.isEmpty() ? "(nothing)" : answer.substring(0, answer.indexOf('\r')));
    }
    readers.shutdownNow();
    assertThat(statusLines).hasSize(SLOW).containsOnly("HTTP/1.1 201 Created");
  }

  /**
   * The SDK's writes over TLS are HTTP/2 streams of one connection: a body sent whole right behind
   * its headers never waited, and one client's concurrent creates are not refused for it (with the
   * permit taken at a stream's first read, before its DATA frame had reached it, some of 32 sent at
   * once were 429).
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
    assertThat(statuses(h2, streams)).hasSize(streams).containsOnly("201");
  }

  /**
   * Eight streams of one client whose DATA follows their HEADERS 100 ms later (a client behind a
   * slow link, or a proxy that forwards headers first): all are served (before: a body that had not
   * reached its stream within 20 ms took a permit, and all but two were 429).
   */
  @Test
  void http2BodiesThatFollowTheirHeadersLateAreServed() throws Exception {
    gateway = gateways.start(Map.of("rate_limit.write_per_minute", "1000"));
    String alice = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port());
    h2.socketTimeout(60_000);
    int streams = 8;
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      byte[] body = paddedBody("https://smo.example.com/late-" + i);
      bodies.add(body);
      createHeaders(h2, 1 + 2 * i, alice, body.length);
    }
    h2.flush();
    trickle
        .schedule(
            () -> {
              for (int i = 0; i < streams; i++) {
                h2.frame(RawHttp2.DATA, RawHttp2.END_STREAM, 1 + 2 * i, bodies.get(i));
              }
              h2.flush();
              return null;
            },
            100,
            TimeUnit.MILLISECONDS)
        .get(10, TimeUnit.SECONDS);
    assertThat(statuses(h2, streams)).hasSize(streams).containsOnly("201");
  }

  /**
   * Over HTTP/2 one connection carries many bodies: twenty streams whose bodies stop after their
   * first byte. Another client is served meanwhile, and each stalled body is served once the client
   * sends the rest (before: two were waited for on worker threads, eighteen refused with 429).
   */
  @Test
  void stalledHttp2BodiesOfOneClientAreServedOnceComplete() throws Exception {
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
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      int id = 1 + 2 * i;
      byte[] body = paddedBody("https://smo.example.com/stalled-" + i);
      bodies.add(body);
      createHeaders(h2, id, mallory, body.length);
      h2.frame(RawHttp2.DATA, 0, id, Arrays.copyOf(body, 1));
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

    for (int i = 0; i < streams; i++) {
      byte[] body = bodies.get(i);
      h2.frame(
          RawHttp2.DATA, RawHttp2.END_STREAM, 1 + 2 * i, Arrays.copyOfRange(body, 1, body.length));
    }
    h2.flush();
    assertThat(statuses(h2, streams)).hasSize(streams).containsOnly("201");
  }

  /**
   * The bytes of all bodies being received at once are bounded (64 times server.max_body_bytes):
   * past the bound a body is refused with 503 and Retry-After on its own stream, and the bytes come
   * back once the bodies holding them end.
   */
  @Test
  void bodiesPastTheReceivingBoundAreRefusedWith503UntilTheBytesComeBack() throws Exception {
    gateway =
        gateways.start(
            Map.of(
                "rate_limit.write_per_minute", "1000",
                "server.max_body_bytes", "1000",
                "server.read_timeout", "2m",
                "server.idle_timeout", "2m"));
    String mallory = gateways.token("mallory", "role:o2ims-reader role:o2ims-subscriber");
    RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port());
    h2.socketTimeout(60_000);
    int streams = 70; // each holds a buffer of its declared 1000 bytes: 64 fit in 64,000
    for (int i = 0; i < streams; i++) {
      int id = 1 + 2 * i;
      createHeaders(h2, id, mallory, 1000);
      h2.frame(RawHttp2.DATA, 0, id, "{".getBytes(StandardCharsets.US_ASCII));
    }
    h2.flush();
    int refused = 0;
    while (refused < streams - 64) {
      RawHttp2.Frame frame = h2.read().orElseThrow();
      if (frame.type() == RawHttp2.HEADERS) {
        Map<String, String> headers = h2.decode(frame.payload(), frame.flags());
        assertThat(headers).containsEntry(":status", "503").containsEntry("retry-after", "1");
        refused++;
      }
    }
    assertThat(refused).isEqualTo(streams - 64);

    // the client goes away: the bytes its stalled streams held come back
    h2.close();
    String bob = gateways.token("bob", "role:o2ims-reader role:o2ims-subscriber");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                send(
                            gateways.client(),
                            "POST",
                            "https://localhost:" + gateway.port() + INV + "/subscriptions",
                            bob,
                            "{\"callback\":\"https://smo.example.com/bob\"}")
                        .statusCode()
                    == 201);
  }

  /** A create body with {@link #PADDING} spaces after its first byte, to be trickled. */
  private static byte[] paddedBody(String callback) {
    return ("{" + " ".repeat(PADDING) + "\"callback\":\"" + callback + "\"}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The statuses of the next {@code count} responses on {@code h2}. */
  private static List<String> statuses(RawHttp2 h2, int count) throws IOException {
    List<String> statuses = new ArrayList<>();
    while (statuses.size() < count) {
      RawHttp2.Frame frame = h2.read().orElseThrow();
      if (frame.type() == RawHttp2.HEADERS) {
        statuses.add(h2.decode(frame.payload(), frame.flags()).get(":status"));
      }
    }
    return statuses;
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
