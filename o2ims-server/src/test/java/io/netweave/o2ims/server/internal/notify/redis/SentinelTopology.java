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
 * one second), all {@code redis-server} processes on loopback. Ready when the replica's link is up
 * and every Sentinel knows the replica and the other two Sentinels. Closes everything it started.
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
              "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
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

  /**
   * Restarts the killed master (empty: no persistence) as a replica of the promoted one, as an
   * operator would (Sentinel reconfigures a returning master too, but only after a while), and
   * waits until its replication link is up.
   */
  public void rejoinOldMasterAsReplica() {
    master.restart();
    try (var m = client.connect(RedisURI.create(master.uri()))) {
      m.sync().replicaof("127.0.0.1", replica.port());
      await("the old master replicating from the new one")
          .atMost(Duration.ofSeconds(60))
          .until(() -> m.sync().info("replication").contains("master_link_status:up"));
    }
  }

  @Override
  public void close() {
    for (Process p : sentinels) {
      p.destroyForcibly();
    }
    client.shutdown();
    replica.close();
    master.close();
  }
}
