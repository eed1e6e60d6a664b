package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real shaded jar with its data directory on a 4 MiB tmpfs that the test fills to the last
 * byte: a subscription create answers 503 problem+json (never 201) while no write can be made
 * durable, {@code /readyz} and {@code /metrics} say so, an inventory change made meanwhile is not
 * lost, the gateway serves writes again by itself once the space is freed, the log has one line per
 * state change and no stack trace, and after a kill -9 and restart exactly the acknowledged
 * subscriptions are there.
 *
 * <p>Mounting a tmpfs needs root (CI runs as root). Where it is not permitted the test fails,
 * saying so: it never skips.
 */
class DataDirectoryFullJarIT {
  private static final String V1 = "/o2ims-infrastructureInventory/v1";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension final CallbackReceiver receiver = new CallbackReceiver();
  @RegisterExtension final GatewayProcesses processes = new GatewayProcesses(); // closed first
  @TempDir Path work;
  private Path volume;

  @BeforeEach
  void mountATinyFileSystem() throws Exception {
    volume = Files.createDirectories(work.resolve("volume"));
    String out = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", volume.toString());
    if (out != null) {
      throw new AssertionError(
          "mount -t tmpfs failed ("
              + out.strip()
              + "): this test needs root (or CAP_SYS_ADMIN) to mount a small file system it can"
              + " fill; run it as root, as CI does. Not checked: what the gateway does when its"
              + " data directory is full");
    }
  }

  @AfterEach
  void unmount() throws Exception {
    processes.close();
    run("umount", volume.toString());
  }

  /** Runs a command; null when it exits 0, else its output. */
  private static String run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.toString();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
  }

  private Client launch(Path dataDir, Path log) throws Exception {
    Map<String, String> env = new HashMap<>(GatewayProcesses.FAST_NOTIFICATIONS);
    String url =
        GatewayProcesses.awaitUrl(
            processes.launch(env, log, "--port", "0", "--data-dir", dataDir.toString()));
    Client c = new Client(url);
    await().atMost(WAIT).until(() -> c.get("/readyz").status() == 200);
    return c;
  }

  private String subscribe(String path) {
    return "{\"callback\":\"" + receiver.url(path) + "\"}";
  }

  /** Writes until the file system refuses (ENOSPC). */
  private static Path fill(Path dir) throws IOException {
    Path filler = dir.resolve("filler");
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      assertThat(full).hasMessageContaining("No space left on device");
    }
    return filler;
  }

  private static double metric(Client c, String name) {
    for (String line : c.get("/metrics").body().lines().toList()) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name);
  }

  @Test
  void aFullDataDirectoryRefusesWritesWith503LosesNothingAndRecoversByItself() throws Exception {
    Path dataDir = volume.resolve("data");
    Path log = work.resolve("gateway.log");
    Client gateway = launch(dataDir, log);
    Reply first = gateway.postJson(V1 + "/subscriptions", subscribe("/smo"));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(metric(gateway, "storage_data_dir_write_failing")).isZero();

    Path filler = fill(volume);

    // Three creates while nothing can be written: 503 problem+json each, never a 201.
    for (int i = 0; i < 3; i++) {
      Reply refused = gateway.postJson(V1 + "/subscriptions", subscribe("/refused-" + i));
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.header("Retry-After")).isPresent();
      assertThat(refused.json().path("detail").asText())
          .contains("storage.data_dir", "subscriptions.mv.db", "No space left on device");
    }
    // An inventory change meanwhile: its notification cannot be stored yet.
    Reply added =
        gateway.postJson("/admin/v1/demo/resources", "{\"nodeName\":\"added-while-full\"}");
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    String resourceId = added.json().path("resourceId").asText();

    Reply ready = gateway.get("/readyz");
    assertThat(ready.status()).as("reads are still served").isEqualTo(200);
    assertThat(ready.json().path("storage").asText())
        .contains("storage.data_dir", "cannot be written", "No space left on device");
    assertThat(metric(gateway, "storage_data_dir_write_failing")).isEqualTo(1);
    assertThat(metric(gateway, "storage_data_dir_write_failures")).isPositive();

    Files.delete(filler);

    // No restart: the stores are tried again every second.
    await().atMost(WAIT).until(() -> metric(gateway, "storage_data_dir_write_failing") == 0);
    assertThat(gateway.get("/readyz").json().has("storage")).isFalse();
    Reply later = gateway.postJson(V1 + "/subscriptions", subscribe("/later"));
    assertThat(later.status()).as(later.body()).isEqualTo(201);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(createsOf(resourceId))
                    .as("the change made while the disk was full")
                    .isNotEmpty());

    List<String> lines = Files.readAllLines(log);
    assertThat(lines).noneMatch(l -> l.startsWith("\tat "));
    assertThat(lines).noneMatch(l -> l.contains(" ERROR "));
    assertThat(lines.stream().filter(l -> l.contains("writing subscriptions.mv.db failed")))
        .as("one line when the writes start failing, not one per request")
        .hasSize(1);
    assertThat(lines.stream().filter(l -> l.contains("writing subscriptions.mv.db succeeds again")))
        .hasSize(1);

    // kill -9 and restart: the acknowledged subscriptions, and only those.
    Process victim = processes.started().get(0);
    victim.destroyForcibly();
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Client restarted = launch(dataDir, work.resolve("restarted.log"));
    List<String> callbacks = new ArrayList<>();
    for (JsonNode s : restarted.get(V1 + "/subscriptions").json()) {
      callbacks.add(s.path("callback").asText());
    }
    assertThat(callbacks).containsExactlyInAnyOrder(receiver.url("/smo"), receiver.url("/later"));
  }

  private List<JsonNode> createsOf(String resourceId) {
    List<JsonNode> found = new ArrayList<>();
    for (CallbackReceiver.Received r : receiver.received("/smo")) {
      if (!r.delivered()) {
        continue;
      }
      try {
        JsonNode n = io.netweave.o2ims.model.O2Json.newMapper().readTree(r.body());
        if (n.path("notificationEventType").asInt(-1) == 0
            && n.path("objectRef").asText().endsWith("/resources/" + resourceId)) {
          found.add(n);
        }
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + r.body(), e);
      }
    }
    return found;
  }
}
