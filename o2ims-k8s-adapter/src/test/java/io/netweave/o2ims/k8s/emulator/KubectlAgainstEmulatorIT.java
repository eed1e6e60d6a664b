package io.netweave.o2ims.k8s.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.O2Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fidelity check with a client nobody here wrote: {@code kubectl} (Debian package {@code kubectl})
 * lists and watches nodes on the emulator through a generated kubeconfig.
 */
class KubectlAgainstEmulatorIT {
  private final KubeApiEmulator emulator = new KubeApiEmulator();
  @TempDir Path dir;
  private Path kubeconfig;

  @BeforeEach
  void start() {
    emulator.start();
    kubeconfig = emulator.writeKubeconfig(dir.resolve("kubeconfig"));
    emulator.create(EmulatedKind.NODE, node("worker-1"));
    emulator.create(EmulatedKind.NODE, node("worker-2"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void kubectlGetNodesPrintsEveryNode() throws Exception {
    String out = run("get", "nodes");
    assertThat(out).contains("NAME").contains("worker-1").contains("worker-2");
  }

  @Test
  void kubectlGetNodesAsJsonReturnsTheList() throws Exception {
    JsonNode list = O2Json.newMapper().readTree(run("get", "nodes", "-o", "json"));
    List<String> names = new ArrayList<>();
    list.path("items").forEach(n -> names.add(n.path("metadata").path("name").asText()));
    assertThat(names).containsExactly("worker-1", "worker-2");
    assertThat(list.path("items").get(0).path("metadata").path("uid").asText()).isNotBlank();
  }

  @Test
  void kubectlWatchSeesANodeCreatedWhileWatching() throws Exception {
    Process watch = kubectl("get", "nodes", "--watch").start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = readLines(watch, lines);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lines.stream().anyMatch(l -> l.contains("worker-2")));
      emulator.create(EmulatedKind.NODE, node("worker-3"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> lines.stream().anyMatch(l -> l.contains("worker-3")));
    } finally {
      watch.destroyForcibly();
      watch.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
    }
    assertThat(lines).anyMatch(l -> l.contains("worker-1"));
  }

  private ObjectNode node(String name) {
    ObjectNode node = emulator.newObject();
    node.putObject("metadata")
        .put("name", name)
        .putObject("labels")
        .put("kubernetes.io/os", "linux");
    ObjectNode status = node.putObject("status");
    ObjectNode ready = status.putArray("conditions").addObject();
    ready.put("type", "Ready");
    ready.put("status", "True");
    status.putObject("nodeInfo").put("kubeletVersion", "v1.31.0");
    return node;
  }

  private String run(String... args) throws IOException, InterruptedException {
    Process p = kubectl(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private ProcessBuilder kubectl(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "kubectl",
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                dir.resolve("cache").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HOME", dir.toString());
    pb.environment().remove("KUBECONFIG");
    return pb;
  }

  private static Thread readLines(Process process, List<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("read ended: " + e);
              }
            },
            "kubectl-reader");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
