package io.netweave.o2ims.cache.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of real {@code redis-server} processes on free ports (masters only, no replicas),
 * created with {@code redis-cli --cluster create}; {@link #start} returns once every node reports
 * {@code cluster_state:ok}. Not thread-safe. {@link #close()} kills every node.
 *
 * @throws IllegalStateException from {@link #start} if {@code redis-server}/{@code redis-cli} are
 *     missing (Debian: {@code apt-get install -y redis-server}) or the cluster does not form in 30
 *     s
 */
public final class RedisClusterProcesses implements AutoCloseable {

  private final List<RedisServerProcess> nodes;

  private RedisClusterProcesses(List<RedisServerProcess> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Starts {@code size} (at least 3) master nodes and joins them into one cluster. */
  public static RedisClusterProcesses start(int size) {
    List<RedisServerProcess> nodes = new ArrayList<>();
    RedisClusterProcesses cluster = new RedisClusterProcesses(nodes);
    try {
      for (int i = 0; i < size; i++) {
        nodes.add(
            RedisServerProcess.start(
                List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000")));
      }
      RedisClusterProcesses started = new RedisClusterProcesses(nodes);
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (RedisServerProcess node : nodes) {
        create.add("127.0.0.1:" + node.port());
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      String output = run(create);
      if (!output.contains("All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + output);
      }
      await("cluster_state:ok on every node")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(started::healthy);
      return started;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private boolean healthy() {
    for (RedisServerProcess node : nodes) {
      String info = run(List.of("redis-cli", "-p", String.valueOf(node.port()), "cluster", "info"));
      if (!info.contains("cluster_state:ok")) {
        return false;
      }
    }
    return true;
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command + " (is redis-cli installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The nodes, in start order: one can be killed and restarted ({@link RedisServerProcess#kill()},
   * {@link RedisServerProcess#restart()}); it comes back on its port with its {@code nodes.conf},
   * so as the same node with the same slots.
   */
  public List<RedisServerProcess> nodes() {
    return nodes;
  }

  /** Whether every node reports {@code cluster_state:ok} now. */
  public boolean ok() {
    return healthy();
  }

  /** The nodes' URIs, usable as cluster seeds. */
  public List<String> uris() {
    return nodes.stream().map(RedisServerProcess::uri).toList();
  }

  @Override
  public void close() {
    for (RedisServerProcess node : nodes) {
      node.close();
    }
  }
}
