package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real shaded jar as an operator runs it: started as a subprocess on a free port, killed with
 * SIGKILL, restarted on the same data directory, and refused bad configurations.
 */
class JarProcessIT {

  @TempDir Path dataDir;
  @TempDir Path configDir;
  private final GatewayProcesses processes = new GatewayProcesses();

  @AfterEach
  void stopProcesses() throws InterruptedException {
    processes.close();
  }

  static Path jar() {
    return GatewayProcesses.jar();
  }

  private Process launch(Map<String, String> env, String... args) {
    return processes.launch(env, args);
  }

  private static String awaitUrl(Process p) throws Exception {
    return GatewayProcesses.awaitUrl(p);
  }

  private static String stderrOf(Map<String, String> env, Path jar, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A home without ~/.kube and no cluster variables: the outcome must not depend on the machine.
    command.add("-Duser.home=" + Files.createTempDirectory("no-kube-home"));
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("NETWEAVE_"));
    pb.environment().remove("KUBECONFIG");
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isNotZero();
    return err;
  }

  @Test
  void aSubscriptionSurvivesKillNineAndRestart() throws Exception {
    Process first = launch(Map.of(), "--port", "0", "--data-dir", dataDir.toString());
    Client client = new Client(awaitUrl(first));
    Reply created =
        client.postJson(V1 + "/subscriptions", "{\"callback\":\"https://smo.example.com/crash\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("subscriptionId").asText();

    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Process second = launch(Map.of(), "--port", "0", "--data-dir", dataDir.toString());
    Client again = new Client(awaitUrl(second));
    Reply read = again.get(V1 + "/subscriptions/" + id);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().path("callback").asText()).isEqualTo("https://smo.example.com/crash");
    assertThat(again.get(V1 + "/resourcePools").json().size()).isEqualTo(3);
  }

  @Test
  void aConfigFileWrittenForThePerformanceGuideWorksUnchanged() throws Exception {
    Path config = configDir.resolve("config.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "redis:",
            "  pool_size: 100",
            "  min_idle_conns: 10",
            "  dial_timeout: 5s",
            "  read_timeout: 3s",
            "  write_timeout: 3s",
            "  max_conn_age: 0",
            "  pool_timeout: 4s",
            "  idle_timeout: 5m",
            "kubernetes:",
            "  qps: 50.0",
            "  burst: 100",
            "  cache_size_mb: 256",
            "  resync_period: 10m",
            // The guide's "K8s API Optimization" block (a pod field selector: only a Kubernetes
            // backend refuses it, see theKubernetesBackendRefusesAFieldSelectorNodesDoNotHave).
            "  field_selector: \"status.phase=Running\"",
            "  label_selector: \"app=o2ims\"",
            "server:",
            "  read_timeout: 30s",
            "  write_timeout: 30s",
            "  idle_timeout: 120s",
            "  max_header_bytes: 1048576",
            "  keep_alive: true",
            "  max_concurrent_streams: 250",
            "  tls:",
            "    cipher_suites:",
            "      - TLS_AES_128_GCM_SHA256",
            "    session_cache_size: 10000",
            "    session_tickets: true",
            "    prefer_server_cipher_suites: true",
            "cache:",
            "  resource_pools_ttl: 5m",
            "  resources_ttl: 1m",
            "  resource_types_ttl: 30m",
            "  deployment_managers_ttl: 10m",
            "  subscriptions_ttl: 30s",
            "  warm_on_startup: true",
            "  warm_resources:",
            "    - resource_pools",
            "    - resource_types",
            "demo:",
            "  resources: 12",
            ""));
    Process p =
        launch(
            Map.of("NETWEAVE_DEMO_RESOURCE_POOLS", "2"),
            "--config",
            config.toString(),
            "--port",
            "0",
            "--data-dir",
            dataDir.toString());
    Client client = new Client(awaitUrl(p));
    assertThat(client.get(V1 + "/resourcePools").header("X-Total-Count")).contains("2");
    String pool = client.get(V1 + "/resourcePools").json().get(0).path("resourcePoolId").asText();
    assertThat(client.get(V1 + "/resourcePools/" + pool + "/resources").header("X-Total-Count"))
        .contains("6");
  }

  @Test
  void badConfigurationStopsTheStartNamingTheKey() throws Exception {
    Path config = configDir.resolve("bad.yaml");
    Files.writeString(config, "server:\n  read_timout: 30s\n");
    assertThat(stderrOf(Map.of(), jar(), "--config", config.toString()))
        .contains("server.read_timout");
    Files.writeString(config, "server:\n  read_timeout: soon\n");
    assertThat(stderrOf(Map.of(), jar(), "--config", config.toString()))
        .contains("server.read_timeout");
    assertThat(stderrOf(Map.of("NETWEAVE_REDIS_POOL_SIZE", "many"), jar(), "--port", "0"))
        .contains("redis.pool_size");
    assertThat(stderrOf(Map.of("NETWEAVE_NO_SUCH_KEY", "1"), jar(), "--port", "0"))
        .contains("NETWEAVE_NO_SUCH_KEY");
  }

  @Test
  void aSecondGatewayOnATakenDataDirectoryOrPortStopsWithOneLineNamingTheKey() throws Exception {
    // README's run command twice (a second shell): same ./netweave-data, same port 8080.
    Process first = launch(Map.of(), "--port", "0", "--data-dir", dataDir.toString());
    String url = awaitUrl(first);
    String port = url.substring(url.lastIndexOf(':') + 1);
    String locked = stderrOf(Map.of(), jar(), "--port", "0", "--data-dir", dataDir.toString());
    assertThat(locked.lines())
        .anySatisfy(l -> assertThat(l).startsWith("o2ims-server: storage.data_dir "));
    assertThat(locked).contains(dataDir.toString(), "--data-dir").doesNotContain("\tat ");
    String taken =
        stderrOf(
            Map.of(), jar(), "--port", port, "--data-dir", configDir.resolve("own").toString());
    assertThat(taken.lines())
        .anySatisfy(l -> assertThat(l).startsWith("o2ims-server: cannot listen on "));
    assertThat(taken).contains(":" + port, "server.port", "--port").doesNotContain("\tat ");
    assertThat(new Client(url).get(V1).status()).isEqualTo(200);
  }

  /**
   * Store files the gateway's user may not write (a data directory first used, or restored, as
   * root; a volume that ignores the chart's fsGroup): H2 opened them read-only without a word, and
   * the gateway started and served while every notification catch-up failed ("This store is
   * read-only"). The start now stops with one line naming storage.data_dir and the file. As root
   * the second start runs as UID 10001 ({@code setpriv}) on the root-owned files the first left;
   * otherwise those files are made read-only.
   */
  @Test
  void storeFilesTheUserMayNotWriteStopTheStartNamingTheDataDirectory() throws Exception {
    Process first = launch(Map.of(), "--port", "0", "--data-dir", dataDir.toString());
    awaitUrl(first);
    first.destroy();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      if (Prerequisites.onPath("setpriv").isEmpty()) {
        Prerequisites.missing(
            "setpriv (util-linux) is not on the PATH", "store files of another user");
      }
      command.addAll(List.of("setpriv", "--reuid=10001", "--regid=10001", "--clear-groups"));
      Files.setPosixFilePermissions(
          dataDir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxrwx"));
    } else {
      try (var files = Files.list(dataDir)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".mv.db")).toList()) {
          Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        }
      }
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of("-jar", jar().toString(), "--port", "0", "--data-dir", dataDir.toString()));
    Path stderr = configDir.resolve("read-only-store.log");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("NETWEAVE_"));
    pb.environment().remove("KUBECONFIG");
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped at start").isTrue();
    } finally {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String err = Files.readString(stderr);
    assertThat(p.exitValue()).as(err).isEqualTo(2);
    assertThat(err.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("o2ims-server: storage.data_dir " + dataDir)
                    .contains(".mv.db", "not writable by this process", "--data-dir"));
    assertThat(err).doesNotContain("\tat ");
  }

  /**
   * A port another process holds refuses the start before anything acts on the outside world: exit
   * 2 with the one line, and nothing written (no data directory, no key in Redis: no lease, no
   * subscription or outbox entry). The same Redis does get the producer's keys from a start that
   * succeeds, so the empty database says something.
   */
  @Test
  void aTakenPortRefusesTheStartBeforeAnythingIsWrittenToTheDataDirectoryOrRedis()
      throws Exception {
    try (ServerSocket taken = new ServerSocket(0);
        RedisServerProcess redis = RedisServerProcess.start()) {
      String port = String.valueOf(taken.getLocalPort());
      Path embeddedDir = configDir.resolve("embedded-never-written");
      assertRefusedForThePort(Map.of(), port, embeddedDir);
      assertThat(embeddedDir).doesNotExist();

      Map<String, String> redisStore =
          Map.of("NETWEAVE_NOTIFICATIONS_STORE", "redis", "NETWEAVE_REDIS_URL", redis.uri());
      Path redisDir = configDir.resolve("redis-never-written");
      assertRefusedForThePort(redisStore, port, redisDir);
      assertThat(redisDir).doesNotExist();
      assertThat(redis.call("DBSIZE")).isEqualTo(":0");

      Process started =
          processes.launch(
              redisStore, "--port", "0", "--data-dir", configDir.resolve("started").toString());
      awaitUrl(started);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(redis.call("DBSIZE")).isNotEqualTo(":0"));
    }
  }

  private void assertRefusedForThePort(Map<String, String> env, String port, Path data)
      throws Exception {
    Path stderr = configDir.resolve(data.getFileName() + ".log");
    Process p = processes.launch(env, stderr, "--port", port, "--data-dir", data.toString());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped at start").isTrue();
    String err = Files.readString(stderr);
    assertThat(p.exitValue()).as(err).isEqualTo(2);
    assertThat(err.lines())
        .anySatisfy(l -> assertThat(l).startsWith("o2ims-server: cannot listen on "));
    assertThat(err).contains(":" + port, "server.port", "--port").doesNotContain("\tat ");
  }

  @Test
  void versionPrintsTheVersionOfTheJar() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString(),
                "--version")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out.strip()).matches("o2ims-server \\d+\\.\\d+\\.\\d+\\S*");
  }

  @Test
  void theKubernetesBackendRefusesAFieldSelectorNodesDoNotHave() throws Exception {
    try (KubeApiEmulator emulator = new KubeApiEmulator().start()) {
      emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
      emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
      // The emulator lists nodes whatever the field (a real API server answers 400): without
      // the check the gateway would start and serve, so the wait below is bounded.
      Path stderr = configDir.resolve("field-selector.log");
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              jar().toString(),
              "--backend",
              "kubernetes",
              "--port",
              "0",
              "--data-dir",
              dataDir.toString());
      pb.environment().keySet().removeIf(k -> k.startsWith("NETWEAVE_"));
      pb.environment().put("NETWEAVE_KUBERNETES_API_URL", emulator.url());
      pb.environment().put("NETWEAVE_KUBERNETES_FIELD_SELECTOR", "status.phase=Running");
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile());
      Process p = pb.start();
      try {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the gateway stopped at start").isTrue();
      } finally {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(p.exitValue()).isEqualTo(2);
      String err = Files.readString(stderr);
      assertThat(err)
          .contains("kubernetes.field_selector")
          .contains("status.phase=Running")
          .contains("spec.unschedulable");
    }
  }

  @Test
  void theKubernetesBackendFailsNamingWhatIsMissing() throws Exception {
    String err =
        stderrOf(
            Map.of(),
            jar(),
            "--backend",
            "kubernetes",
            "--port",
            "0",
            "--data-dir",
            dataDir.toString());
    assertThat(err)
        .contains("backend kubernetes")
        .contains("no Kubernetes cluster configured")
        .contains("kubernetes.kubeconfig");
  }
}
