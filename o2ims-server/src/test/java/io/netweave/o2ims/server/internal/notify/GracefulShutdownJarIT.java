package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.GatewayProcesses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the real jar under load: {@code /readyz} turns 503 while the listener still serves;
 * keep-alive clients get complete responses until the listener closes, after which connections are
 * refused, and no request fails any other way; the delivery in flight to a slow callback finishes
 * and the queued ones stay pending, so after a restart every notification has been acknowledged
 * exactly once; the process exits on its own well within {@code server.shutdown_timeout}.
 */
class GracefulShutdownJarIT {
  private static final String INV = "/o2ims-infrastructureInventory/v1";
  private static final int NODES = 8;

  private final ObjectMapper mapper = O2Json.newMapper();
  private final GatewayHttp http = new GatewayHttp();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final GatewayProcesses processes = new GatewayProcesses();
  private final ExecutorService load = Executors.newFixedThreadPool(4);
  private final AtomicBoolean loading = new AtomicBoolean(true);
  @TempDir Path dataDir;

  @AfterEach
  void stop() throws InterruptedException {
    loading.set(false);
    load.shutdownNow();
    processes.close();
    receiver.close();
  }

  private Process launch() {
    Map<String, String> env = new HashMap<>();
    env.put("NETWEAVE_SERVER_SHUTDOWN_DRAIN_DELAY", "3s");
    env.put("NETWEAVE_SERVER_SHUTDOWN_TIMEOUT", "20s");
    env.put("NETWEAVE_NOTIFICATIONS_DELIVERY_TIMEOUT", "5s");
    env.put("NETWEAVE_NOTIFICATIONS_POLL_INTERVAL", "20ms");
    env.put("NETWEAVE_NOTIFICATIONS_RETRY_INITIAL_DELAY", "20ms");
    env.put("NETWEAVE_NOTIFICATIONS_RETRY_MAX_DELAY", "100ms");
    env.put("NETWEAVE_NOTIFICATIONS_LEASE_TTL", "1s");
    return processes.launch(env, "--port", "0", "--data-dir", dataDir.toString());
  }

  /** Answers 204 after a while, as a slow SMO would: deliveries are in flight at the SIGTERM. */
  private static int slowly(int n) {
    try {
      new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 204;
  }

  /** A keep-alive HTTP/1.1 client reading the inventory in a loop; records what went wrong. */
  private void reader(
      String base,
      AtomicInteger ok,
      ConcurrentLinkedQueue<String> failures,
      AtomicInteger refused) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(base + INV + "/resourcePools"))
            .timeout(Duration.ofSeconds(20))
            .build();
    while (loading.get()) {
      try {
        HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          ok.incrementAndGet();
        } else {
          failures.add("status " + r.statusCode() + ": " + r.body());
        }
      } catch (ConnectException e) {
        refused.incrementAndGet();
      } catch (IOException e) {
        failures.add(e.toString());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Test
  void sigtermUnderLoadFailsNoRequestAndNeitherLosesNorDoublesANotification() throws Exception {
    receiver.answer("/slow", GracefulShutdownJarIT::slowly);
    Process first = launch();
    String base = GatewayProcesses.awaitUrl(first);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> http.send(base, "GET", "/readyz", null).statusCode() == 200);
    HttpResponse<String> sub =
        http.send(
            base,
            "POST",
            INV + "/subscriptions",
            "{\"callback\":\""
                + receiver.url("/slow")
                + "\",\"filter\":\"(eq,objectType,Resource)\"}");
    assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      HttpResponse<String> r =
          http.send(base, "POST", "/admin/v1/demo/resources", "{\"nodeName\":\"drain-" + i + "\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      nodes.add(mapper.readTree(r.body()).path("resourceId").asText());
    }

    AtomicInteger ok = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 4; i++) {
      load.execute(() -> reader(base, ok, failures, refused));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() > 100);
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received("/slow").isEmpty());

    first.destroy(); // SIGTERM
    // The 503 comes when the JVM runs the shutdown hook, which a loaded machine may delay by
    // seconds; it then lasts the drain delay. The bound is the test's, not the drain delay.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> http.send(base, "GET", "/readyz", null).statusCode() == 503);
    int okWhenDraining = ok.get();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(first.exitValue()).as("exit status after SIGTERM, not a halt").isEqualTo(143);
    await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() > 0);
    loading.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(failures).as("requests that failed other than by a refused connection").isEmpty();
    assertThat(ok.get()).as("served while draining").isGreaterThan(okWhenDraining);

    receiver.answer("/slow", n -> 204);
    launch();
    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedCreates().size() >= NODES);
    Map<UUID, Long> acknowledged =
        acknowledgedCreates().stream()
            .collect(
                Collectors.groupingBy(
                    InventoryChangeNotification::notificationId, Collectors.counting()));
    assertThat(acknowledged).hasSize(NODES);
    assertThat(acknowledged.values()).as("acknowledgements per notification").containsOnly(1L);
    assertThat(
            acknowledgedCreates().stream()
                .map(n -> n.postObjectState().orElseThrow().get("resourceId"))
                .toList())
        .containsExactlyElementsOf(nodes);
  }

  /** CREATE notifications the receiver answered with 2xx, in arrival order. */
  private List<InventoryChangeNotification> acknowledgedCreates() {
    Function<CallbackReceiver.Received, InventoryChangeNotification> parse =
        r -> {
          try {
            return mapper.readValue(r.body(), InventoryChangeNotification.class);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    return receiver.received("/slow").stream()
        .filter(CallbackReceiver.Received::delivered)
        .map(parse)
        .filter(n -> n.notificationEventType() == NotificationEventType.CREATE)
        .toList();
  }
}
