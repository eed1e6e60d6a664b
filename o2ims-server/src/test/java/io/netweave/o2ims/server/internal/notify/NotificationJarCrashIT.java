package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real shaded jar killed with kill -9 (destroyForcibly) while notifications are pending: the
 * restarted process delivers every one of them, in order, once.
 */
class NotificationJarCrashIT {
  private static final Pattern LISTENING = Pattern.compile("listening on http://\\S+:(\\d+)");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final ObjectMapper mapper = O2Json.newMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final List<Process> started = new ArrayList<>();
  @TempDir Path dataDir;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    receiver.close();
  }

  private String launch() throws Exception {
    Path jar = Path.of("target", "o2ims-server.jar").toAbsolutePath();
    assertThat(Files.isRegularFile(jar))
        .as("%s (built by mvn verify before the ITs)", jar)
        .isTrue();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-jar",
            jar.toString(),
            "--port",
            "0",
            "--data-dir",
            dataDir.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("NETWEAVE_"));
    pb.environment()
        .putAll(
            Map.of(
                "NETWEAVE_NOTIFICATIONS_RETRY_INITIAL_DELAY", "20ms",
                "NETWEAVE_NOTIFICATIONS_RETRY_MAX_DELAY", "100ms",
                "NETWEAVE_NOTIFICATIONS_MAX_ATTEMPTS", "100000",
                "NETWEAVE_NOTIFICATIONS_POLL_INTERVAL", "20ms",
                "NETWEAVE_NOTIFICATIONS_LEASE_TTL", "1s"));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    started.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    return "http://127.0.0.1:" + m.group(1);
                  }
                }
                throw new IllegalStateException("the server exited without a startup line");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return url.get(60, TimeUnit.SECONDS);
  }

  private String post(String base, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return r.body();
  }

  @Test
  void notificationsPendingAtKillNineAreDeliveredAfterRestartInOrderOnce() throws Exception {
    AtomicBoolean up = new AtomicBoolean();
    receiver.answer("/crash", n -> up.get() ? 204 : 503);
    String first = launch();
    post(
        first,
        "/o2ims-infrastructureInventory/v1/subscriptions",
        "{\"callback\":\""
            + receiver.url("/crash")
            + "\",\"filter\":\"(eq,objectType,Resource)\"}");
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String body = post(first, "/admin/v1/demo/resources", "{\"nodeName\":\"crash-" + i + "\"}");
      nodes.add(mapper.readTree(body).get("resourceId").asText());
    }
    await().atMost(WAIT).until(() -> receiver.received("/crash").size() >= 2);
    Process victim = started.get(0);
    victim.destroyForcibly();
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

    up.set(true);
    launch();
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/crash").stream()
                        .filter(n -> n.notificationEventType() == NotificationEventType.CREATE)
                        .count()
                    >= 3);
    List<InventoryChangeNotification> creates =
        receiver.notifications("/crash").stream()
            .filter(n -> n.notificationEventType() == NotificationEventType.CREATE)
            .toList();
    assertThat(creates).hasSize(3);
    assertThat(creates)
        .extracting(n -> n.postObjectState().orElseThrow().get("resourceId"))
        .containsExactlyElementsOf(nodes);
  }
}
