package io.netweave.o2ims.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-run tool (not a test): serves large emulated clusters over HTTP for a gateway started in
 * another process, so that the gateway's heap and timings are measured without the emulator's own.
 * {@code bench/scale.sh} drives it.
 *
 * <pre>
 * java -cp o2ims-k8s-adapter/target/test-classes:o2ims-server/target/o2ims-server.jar \
 *   io.netweave.o2ims.k8s.EmulatedClustersRun NODES [CLUSTERS] [ZONES]
 * </pre>
 *
 * <p>Builds {@code CLUSTERS} (default 1) emulators sharing {@code NODES} nodes between them, each
 * with a kube-system namespace, nodes spread over {@code ZONES} (default 10) zones and three
 * instance types, every node with its own hostname, provider id and condition transition times (as
 * real kubelets report them, so that nothing per node is artificially identical). Prints {@code
 * cluster <i> <url>} per cluster, then {@code ready}, and serves until the process is killed.
 *
 * <p>Steady-state changes: each line {@code churn RATE SECONDS} read from standard input changes
 * {@code RATE} nodes a second for {@code SECONDS} seconds (a merge patch of one label, {@code
 * example.com/churn}, on nodes taken in turn from every cluster, as a labelling controller would),
 * then prints {@code churned <patches> in <ms> ms}.
 */
public final class EmulatedClustersRun {
  private EmulatedClustersRun() {}

  public static void main(String[] args) {
    int nodes = Integer.parseInt(args[0]);
    int clusters = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int zones = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String[] flavours = {"m5.xlarge", "m5.2xlarge", "c5.4xlarge"};
    Instant booted = Instant.parse("2026-01-01T00:00:00Z");
    List<KubeApiEmulator> emulators = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clusters; c++) {
      KubeApiEmulator emulator = new KubeApiEmulator();
      emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
      int first = c * nodes / clusters;
      int last = (c + 1) * nodes / clusters;
      for (int i = first; i < last; i++) {
        String name = String.format("c%d-node-%06d", c, i);
        ObjectNode node = NodeFixtures.node(name, "zone-" + (i % zones), "4", "16Gi");
        ((ObjectNode) node.path("metadata").path("labels"))
            .put("node.kubernetes.io/instance-type", flavours[i % flavours.length]);
        String transition = booted.plus(Duration.ofSeconds(i)).toString();
        node.path("status")
            .path("conditions")
            .forEach(cond -> ((ObjectNode) cond).put("lastTransitionTime", transition));
        emulator.create(EmulatedKind.NODE, node);
      }
      emulators.add(emulator.start());
      System.out.println("cluster " + c + " " + emulator.url());
    }
    System.out.printf(
        "ready %d nodes in %d clusters built in %d ms%n",
        nodes, clusters, Duration.ofNanos(System.nanoTime() - start).toMillis());
    System.out.flush();
    // The emulators' HTTP dispatcher threads keep the process serving until it is killed.
    churn(emulators, nodes, clusters);
  }

  private static void churn(List<KubeApiEmulator> emulators, int nodes, int clusters) {
    java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
    long patches = 0;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        if (words.length != 3 || !words[0].equals("churn")) {
          continue;
        }
        int rate = Integer.parseInt(words[1]);
        int seconds = Integer.parseInt(words[2]);
        long start = System.nanoTime();
        int done = 0;
        for (int k = 0; k < rate * seconds; k++) {
          long due = start + k * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          int c = (int) (patches % clusters);
          int perCluster = nodes / clusters;
          int i = c * nodes / clusters + (int) ((patches / clusters * 7919) % perCluster);
          ObjectNode patch = emulators.get(c).newObject();
          patch.putObject("metadata").putObject("labels").put("example.com/churn", "v" + patches);
          emulators
              .get(c)
              .patch(EmulatedKind.NODE, String.format("c%d-node-%06d", c, i), patch, false);
          patches++;
          done++;
        }
        System.out.printf(
            "churned %d in %d ms%n", done, Duration.ofNanos(System.nanoTime() - start).toMillis());
        System.out.flush();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
