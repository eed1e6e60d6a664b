package io.netweave.o2ims.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.tls.TestPki;
import io.netweave.o2ims.server.it.GatewayProcesses;
import io.netweave.o2ims.server.it.Prerequisites;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started exactly as the image starts it: the Dockerfile's ENTRYPOINT and CMD (JVM
 * flags included), with the chart's rendered production configuration (TLS from a "Secret", a
 * static JWK set, the data directory on its "volume"), as the numeric non-root user 10001 ({@code
 * setpriv}, when the test runs as root; otherwise as the current user), from a working directory it
 * cannot write, and with the Kubernetes API server given as a pod has it: an HTTPS URL, a
 * service-account token file and a CA file, against the API emulator serving TLS and requiring that
 * token. The image's absolute paths live below a temporary directory standing for the container's
 * root file system.
 */
class ContainerSmokeIT {
  private static final String UID = "10001";
  private static final Pattern LISTENING = Pattern.compile("listening on https://\\S+:(\\d+)");

  @TempDir Path tmp;
  private Process process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void theJarStartsAsTheContainerDoesAndShutsDownWithinTheGracePeriod() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root && Prerequisites.onPath("setpriv").isEmpty()) {
      Prerequisites.missing(
          "setpriv (util-linux) is not on the PATH", "the gateway running as non-root UID " + UID);
    }
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path fs = tmp.resolve("rootfs");
    Path jar = Files.createDirectories(fs.resolve("opt/netweave")).resolve("o2ims-server.jar");
    Files.copy(GatewayProcesses.jar(), jar);
    Path etc = Files.createDirectories(fs.resolve("etc/netweave"));
    Path data = Files.createDirectories(fs.resolve("var/lib/netweave"));
    Path containerTmp = Files.createDirectories(fs.resolve("tmp"));
    Path serviceAccount =
        Files.createDirectories(fs.resolve("var/run/secrets/kubernetes.io/serviceaccount"));

    // Secrets as the kubelet mounts them.
    TestPki pki = TestPki.newCa("netweave-smoke-ca");
    Path tls = Files.createDirectories(etc.resolve("tls"));
    TestPki.writePem(pki.server("netweave"), tls.resolve("tls.crt"), tls.resolve("tls.key"));
    Path auth = Files.createDirectories(etc.resolve("auth"));
    RSAKey signing = new RSAKeyGenerator(2048).keyID("smoke").generate();
    Files.writeString(auth.resolve("jwks.json"), new JWKSet(signing.toPublicJWK()).toString(true));
    String token = "smoke-service-account-token";
    Files.writeString(serviceAccount.resolve("token"), token);
    pki.writeCaBundle(serviceAccount.resolve("ca.crt"));

    // The chart's production configuration, its absolute paths moved below the fake root.
    RenderedChart chart =
        RenderedChart.render(
            List.of(Repository.chart().resolve("ci").resolve("tls-jwt-values.yaml")),
            Map.of("tls.clientCa", false, "callbackAuthSecret.name", ""));
    Files.writeString(
        etc.resolve("config.yaml"),
        chart
            .configYaml()
            .replace("/etc/netweave/", etc + "/")
            .replace("/var/lib/netweave", data.toString())
            .replace("port: 8080", "port: 0"));

    try (KubeApiEmulator emulator =
        new KubeApiEmulator()
            .tls(pki.clientContext(pki.server("kubernetes")))
            .requireToken(token)) {
      emulator.start();
      emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));

      List<String> command = new ArrayList<>();
      if (root) {
        command.addAll(
            List.of(
                "setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--no-new-privs"));
      }
      for (String arg : DockerfileInstructions.read().commandLine()) {
        command.add(
            arg.equals("java")
                ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                : arg.replace("/opt/netweave/", jar.getParent() + "/")
                    .replace("/etc/netweave/", etc + "/")
                    .replace("-Djava.io.tmpdir=/tmp", "-Djava.io.tmpdir=" + containerTmp));
      }
      assertThat(command).contains("-XX:MaxRAMPercentage=75.0", "--config");
      if (root) {
        for (Path writable : List.of(data, containerTmp)) {
          Files.setAttribute(writable, "unix:uid", Integer.parseInt(UID));
          Files.setAttribute(writable, "unix:gid", Integer.parseInt(UID));
        }
      } else {
        Files.setPosixFilePermissions(
            jar.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      ProcessBuilder pb = new ProcessBuilder(command).directory(jar.getParent().toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("NETWEAVE_") || k.startsWith("KUBE"));
      pb.environment()
          .putAll(
              Map.of(
                  "NETWEAVE_KUBERNETES_API_URL", emulator.url(),
                  "NETWEAVE_KUBERNETES_TOKEN_FILE", serviceAccount.resolve("token").toString(),
                  "NETWEAVE_KUBERNETES_CA_FILE", serviceAccount.resolve("ca.crt").toString(),
                  "HOME", containerTmp.toString()));
      pb.redirectErrorStream(true);
      process = pb.start();
      int port = awaitPort(process);

      HttpClient https = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build();
      String base = "https://localhost:" + port;
      assertThat(get(https, base + "/healthz").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> get(https, base + "/readyz").statusCode() == 200);
      assertThat(get(https, base + "/o2ims-infrastructureInventory/v1/resourcePools").statusCode())
          .as("production profile: a bearer token is required")
          .isEqualTo(401);
      assertThat(emulator.requestCount("list")).isPositive();

      if (root) {
        String status = Files.readString(Path.of("/proc", "" + process.pid(), "status"));
        assertThat(status).containsPattern("(?m)^Uid:\\s+" + UID + "\\s");
        assertThat(Files.getAttribute(data.resolve("subscriptions.mv.db"), "unix:uid"))
            .isEqualTo(Integer.parseInt(UID));
      }
      assertThat(Files.list(jar.getParent())).containsExactly(jar);

      V1Deployment deployment = chart.deployment();
      long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
      process.destroy(); // SIGTERM, as the kubelet sends after preStop
      assertThat(process.waitFor(grace, TimeUnit.SECONDS))
          .as("stopped within terminationGracePeriodSeconds")
          .isTrue();
    }
  }

  private static int awaitPort(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<Integer> port =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  seen.append(line).append('\n');
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    drain(out);
                    return Integer.parseInt(m.group(1));
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              throw new IllegalStateException("the gateway exited:\n" + seen);
            });
    try {
      return port.get(90, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage() + "\n" + seen, e.getCause());
    }
  }

  /** Keeps reading the gateway's output so that it never blocks on a full pipe. */
  private static void drain(BufferedReader out) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discarded
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            },
            "smoke-output");
    t.setDaemon(true);
    t.start();
  }

  private static HttpResponse<Void> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
