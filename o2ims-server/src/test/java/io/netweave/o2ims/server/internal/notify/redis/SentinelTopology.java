package io.netweave.o2ims.server.internal.notify.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real replicated Redis: one master, one replica ({@code DEBUG} allowed from loopback, so a test
 * can pause it with {@code DEBUG SLEEP}) and three Sentinels (quorum 2, master declared down after
 * five seconds: with one second, a Sentinel that had just switched to a promoted master could see
 * it down before its first reply and start a second failover, promoting the old master restarted
 * empty), all {@code redis-server} processes on loopback. Ready when the replica's link is up and
 * every Sentinel knows the replica and the other two Sentinels. Closes everything it started.
 */
public final class SentinelTopology implements AutoCloseable {
  static final String MASTER_NAME = "mymaster";

  public final RedisServerProcess master;
  public final RedisServerProcess replica;
  private final List<Process> sentinels = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private final RedisClient client = RedisClient.create();

  public SentinelTopology() {
    master = RedisServerProcess.start(List.of("--enable-debug-command", "local"));
    replica =
        RedisServerProcess.start(
            List.of(
                "--replicaof",
                "127.0.0.1",
                Integer.toString(master.port()),
                "--enable-debug-command",
                "local"));
    try {
      for (int i = 0; i < 3; i++) {
        startSentinel();
      }
      await("sentinels that know the replica and each other")
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(this::discovered);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startSentinel() {
    int port = RedisServerProcess.freePort();
    try {
      Path dir = Files.createTempDirectory("sentinel-" + port + "-");
      dirs.add(dir);
      Path config = dir.resolve("sentinel.conf");
      Files.writeString(
          config,
          String.join(
              "\n",
              "port " + port,
              "bind 127.0.0.1",
              "protected-mode no",
              "dir " + dir,
              "logfile " + dir.resolve("sentinel.log"),
              "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
              "sentinel down-after-milliseconds " + MASTER_NAME + " 5000",
              "sentinel failover-timeout " + MASTER_NAME + " 2000",
              "sentinel parallel-syncs " + MASTER_NAME + " 1",
              ""));
      Process p =
          new ProcessBuilder("redis-server", config.toString(), "--sentinel")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      sentinels.add(p);
      sentinelPorts.add(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean discovered() {
    try (var m = client.connect(RedisURI.create(master.uri()));
        var r = client.connect(RedisURI.create(replica.uri()))) {
      if (!m.sync().info("replication").contains("connected_slaves:1")
          || !r.sync().info("replication").contains("master_link_status:up")) {
        return false;
      }
    }
    for (int port : sentinelPorts) {
      try (StatefulRedisSentinelConnection<String, String> s = sentinel(port)) {
        Map<String, String> master = s.sync().master(MASTER_NAME);
        if (s.sync().replicas(MASTER_NAME).isEmpty()
            || Integer.parseInt(master.get("num-other-sentinels")) < 2) {
          return false;
        }
      }
    }
    return true;
  }

  private StatefulRedisSentinelConnection<String, String> sentinel(int port) {
    return client.connectSentinel(RedisURI.create("redis://127.0.0.1:" + port));
  }

  /** {@code redis-sentinel://...} naming all three Sentinels. */
  public String sentinelUri() {
    StringBuilder b = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinelPorts.size(); i++) {
      b.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinelPorts.get(i));
    }
    return b.append("#").append(MASTER_NAME).toString();
  }

  /** The port of the server the first Sentinel names as master now. */
  public int masterPort() {
    try (StatefulRedisSentinelConnection<String, String> s = sentinel(sentinelPorts.get(0))) {
      return ((InetSocketAddress) s.sync().getMasterAddrByName(MASTER_NAME)).getPort();
    }
  }

  /** Whether every Sentinel names the server on {@code port} as the master. */
  public boolean everySentinelNamesMaster(int port) {
    for (int sentinelPort : sentinelPorts) {
      try (StatefulRedisSentinelConnection<String, String> s = sentinel(sentinelPort)) {
        if (((InetSocketAddress) s.sync().getMasterAddrByName(MASTER_NAME)).getPort() != port) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Restarts the killed master (empty: no persistence, as a pod without a volume) and waits until
   * Sentinel has made it a replica of the promoted one by itself and its link is up, as in
   * production, where nobody runs {@code REPLICAOF} by hand. Sentinel does so ({@code
   * +convert-to-slave}) only once the returning instance has been up and reporting its master role
   * for 8 s (four times its 2 s publish period), so this takes 10 s or more.
   *
   * @throws IllegalStateException with the Sentinels' logs if it is not replicating within 90 s
   */
  public void restartOldMasterAndAwaitRejoin() {
    int promoted = replica.port();
    await("every Sentinel naming the promoted master before the old one returns")
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(() -> everySentinelNamesMaster(promoted));
    master.restart();
    try (var m = client.connect(RedisURI.create(master.uri()))) {
      await("Sentinel making the old master a replica of the promoted one")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                String info = m.sync().info("replication");
                return info.contains("role:slave")
                    && info.contains("master_port:" + promoted)
                    && info.contains("master_link_status:up");
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new IllegalStateException("the old master did not rejoin; " + sentinelLogs(), e);
    }
  }

  /** The Sentinels' logs (lines about roles and failovers), for a failure message. */
  public String sentinelLogs() {
    StringBuilder b = new StringBuilder();
    for (Path dir : dirs) {
      b.append("\n").append(dir.getFileName()).append(":");
      try (var lines = Files.lines(dir.resolve("sentinel.log"))) {
        lines
            .filter(l -> l.contains(" # ") || l.contains(" * +") || l.contains(" * -"))
            .filter(l -> !l.contains("configuration saved"))
            .forEach(l -> b.append("\n  ").append(l));
      } catch (IOException | UncheckedIOException e) {
        b.append(" (no log: ").append(e.getMessage()).append(")");
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Process p : sentinels) {
      p.destroyForcibly();
    }
    for (Process p : sentinels) {
      try {
        p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    client.shutdown();
    replica.close();
    master.close();
    for (Path dir : dirs) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
