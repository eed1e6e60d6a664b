package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar with {@code notifications.store: redis} against real redis-servers: one that keeps
 * nothing across a restart ({@code --save "" --appendonly no}, as the performance guide suggests
 * for speed) gets a start-up warning saying a Redis restart loses every subscription; one with the
 * append-only file does not. The check runs while the notification store opens, before the security
 * profile is logged; log lines reach standard error in order, so once that later line is there the
 * warning is there too, or was never logged.
 */
class RedisPersistenceWarningJarIT {
  private static final String NOTHING_KEPT = "keeps nothing across a restart";

  @TempDir Path tmp;
  private final GatewayProcesses processes = new GatewayProcesses();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    processes.close();
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void aRedisWithoutPersistenceIsWarnedAboutAndOneWithTheAppendOnlyFileIsNot() throws Exception {
    RedisServerProcess volatileRedis = RedisServerProcess.start();
    open.add(volatileRedis);
    Path warned = tmp.resolve("volatile.log");
    GatewayProcesses.awaitUrl(start(volatileRedis, warned, "a"));
    String log = logUpToTheSecurityLine(warned);
    assertThat(log)
        .contains("WARN")
        .contains(NOTHING_KEPT)
        .contains("every subscription")
        .contains("appendonly yes");

    RedisServerProcess durableRedis = RedisServerProcess.start(List.of("--appendonly", "yes"));
    open.add(durableRedis);
    Path quiet = tmp.resolve("durable.log");
    GatewayProcesses.awaitUrl(start(durableRedis, quiet, "b"));
    assertThat(logUpToTheSecurityLine(quiet)).doesNotContain(NOTHING_KEPT).doesNotContain("RDB");
  }

  private static String logUpToTheSecurityLine(Path stderr) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(stderr).contains("security profile"));
    try {
      return Files.readString(stderr);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Process start(RedisServerProcess redis, Path stderr, String dataDir) {
    return processes.launch(
        Map.of(
            "NETWEAVE_NOTIFICATIONS_STORE", "redis",
            "NETWEAVE_REDIS_URL", redis.uri(),
            "NETWEAVE_BACKEND", "demo"),
        stderr,
        "--port",
        "0",
        "--data-dir",
        tmp.resolve(dataDir).toString());
  }
}
