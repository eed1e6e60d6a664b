package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An answer without a body (a subscription DELETE's 200) written into an HTTP/2 stream the client
 * reset before it went out is recorded as 499 (client closed request) in the access log and the
 * request metrics, with one DEBUG line, as a body the client did not take is; the DELETE itself
 * happened. Against the in-process gateway over h2c with its subscriptions in a real redis-server,
 * whose writes are paused ({@code CLIENT PAUSE ... WRITE}) while the client sends the DELETE and
 * resets its stream, so that the handler (on a worker thread) can only answer once the gateway has
 * read the reset: the client waits for the acknowledgement of a PING sent after the reset (frames
 * are read in order) before the writes resume. The same DELETE not reset, on the same connection,
 * is recorded as 200.
 */
class Http2ResetBeforeEmptyAnswerIT {
  private static final String SUBSCRIPTIONS = "/o2ims-infrastructureInventory/v1/subscriptions";
  private static final String RESET_REQUEST = "0b9a8f62-4c1e-4d7a-b0f3-6e2d9c5a1f84";
  private static final String ANSWERED_REQUEST = "5d3e7a10-98b2-4f6c-a4e1-0c7b2f9d8e63";

  @TempDir Path dir;

  @RegisterExtension final LogCapture access = LogCapture.access();
  @RegisterExtension final LogCapture all = LogCapture.all();

  /** The error mapper's logger, at DEBUG during the test to see its one line per request. */
  private final ch.qos.logback.classic.Logger problems =
      (ch.qos.logback.classic.Logger)
          LoggerFactory.getLogger("io.netweave.o2ims.server.internal.http.Problems");

  private final RedisServerProcess redis = RedisServerProcess.start();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final HttpClient http = HttpClient.newHttpClient();
  private Level problemsLevel;
  private Gateway gateway;
  private String base;

  @BeforeEach
  void start() {
    problemsLevel = problems.getLevel();
    problems.setLevel(Level.DEBUG);
    gateway =
        InProcessGateways.start(
            dir,
            Map.of(
                "backend", "demo",
                "notifications.store", "redis",
                "redis.url", redis.uri(),
                "server.read_timeout", "10m",
                "server.write_timeout", "10m",
                "server.idle_timeout", "10m"));
    base = "http://127.0.0.1:" + gateway.port();
  }

  @AfterEach
  void stop() {
    problems.setLevel(problemsLevel);
    try {
      redis.call("CLIENT", "UNPAUSE");
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      receiver.close();
      redis.close();
    }
  }

  @Test
  void aDeleteWhoseHttp2StreamWasResetBeforeItsEmptyAnswerIsRecordedAsClientClosedRequest()
      throws Exception {
    String reset = subscribe("/reset");
    String answered = subscribe("/answered");
    access.clear();
    all.clear();

    try (RawHttp2 h2 = RawHttp2.connectPlain(gateway.port())) {
      redis.call("CLIENT", "PAUSE", "60000", "WRITE");
      delete(h2, 1, reset, RESET_REQUEST);
      h2.rstStream(1, 0x8); // CANCEL
      h2.frame(RawHttp2.PING, 0, 0, new byte[8]);
      h2.flush();
      h2.awaitPingAck(); // the reset was read: the DELETE is still waiting for Redis
      assertThat(access.lines())
          .as("the DELETE not answered yet")
          .noneMatch(line -> line.startsWith(RESET_REQUEST + " "));
      redis.call("CLIENT", "UNPAUSE");

      String line = accessLine(RESET_REQUEST);
      assertThat(line).contains(" DELETE " + SUBSCRIPTIONS + "/" + reset + " 499 ");

      delete(h2, 3, answered, ANSWERED_REQUEST);
      h2.flush();
      assertThat(h2.responseHeaders(3))
          .as("the next stream on the same connection, not reset")
          .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
      assertThat(accessLine(ANSWERED_REQUEST))
          .contains(" DELETE " + SUBSCRIPTIONS + "/" + answered + " 200 ");
    }

    assertThat(get(SUBSCRIPTIONS + "/" + reset).statusCode())
        .as("the reset DELETE was carried out")
        .isEqualTo(404);
    assertThat(all.errors()).isEmpty();
    assertThat(all.events())
        .filteredOn(event -> event.getLoggerName().equals(problems.getName()))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
              assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
              assertThat(event.getFormattedMessage()).contains(RESET_REQUEST);
            });
    List<String> deletes =
        get("/metrics")
            .body()
            .lines()
            .filter(
                l ->
                    l.startsWith("netweave_http_requests_total{")
                        && l.contains("method=\"DELETE\""))
            .toList();
    assertThat(deletes).anySatisfy(l -> assertThat(l).contains("status=\"499\"} 1"));
    assertThat(deletes).anySatisfy(l -> assertThat(l).contains("status=\"200\"} 1"));
  }

  /**
   * Opens stream {@code stream} with a DELETE of subscription {@code id}, carrying its request id.
   */
  private static void delete(RawHttp2 h2, int stream, String id, String requestId)
      throws IOException {
    h2.frame(
        RawHttp2.HEADERS,
        RawHttp2.END_HEADERS | RawHttp2.END_STREAM,
        stream,
        RawHttp2.encode(
            RawHttp2.request(
                "DELETE", "http", SUBSCRIPTIONS + "/" + id, Map.of("x-request-id", requestId))));
  }

  /** A subscription to {@code path} of the callback receiver; returns its id. */
  private String subscribe(String path) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + SUBSCRIPTIONS))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"callback\":\"" + receiver.url(path) + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new ObjectMapper().readTree(created.body()).path("subscriptionId").asText();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The access line of the request with {@code requestId}, once logged. */
  private String accessLine(String requestId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> access.lines().stream().anyMatch(line -> line.startsWith(requestId + " ")));
    return access.lines().stream()
        .filter(line -> line.startsWith(requestId + " "))
        .findFirst()
        .orElseThrow();
  }
}
