package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netweave.o2ims.cache.internal.RedisConnectionLog;
import io.netweave.o2ims.cache.testing.RedisClusterProcesses;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

/** The shared tier on a real three-node Redis Cluster, and its outage log when a node dies. */
class RedisClusterIT {

  @Test
  void replicasShareEntriesAndInvalidationsThroughACluster() {
    try (RedisClusterProcesses cluster = RedisClusterProcesses.start(3)) {
      RedisSettings settings =
          RedisSettings.builder()
              .clusterUris(cluster.uris())
              .keyPrefix("cluster:")
              .lookupTimeout(Duration.ofSeconds(2))
              .build();
      assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
      try (RedisConnector connectorA = RedisConnector.create(settings);
          RedisConnector connectorB = RedisConnector.create(settings);
          TieredResponseCache replicaA =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(connectorA).build());
          TieredResponseCache replicaB =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(connectorB).build())) {
        for (CacheRegion region : CacheRegion.values()) {
          if (region != CacheRegion.SUBSCRIPTIONS) {
            replicaA.put(key(region), response(region.name()));
          }
        }
        CacheKey pools = key(CacheRegion.RESOURCE_POOLS);
        CacheKey types = key(CacheRegion.RESOURCE_TYPES);
        await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.get(pools).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.get(types).isPresent());

        replicaA.invalidate(CacheRegion.RESOURCE_POOLS);

        await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.peek(pools).isEmpty());
        assertThat(replicaB.get(pools)).isEmpty();
        assertThat(replicaB.get(types)).isPresent();
        assertThat(replicaB.stats().shared().errors()).isZero();
      }
    }
  }

  /**
   * A cluster node killed under two caches (each on its own connector, as two replicas) and
   * restarted: the connection log of each replica says so in one WARN naming that node's address
   * and the cause, then at most one a minute (its clock moved by the test), then one INFO once the
   * node is back, and nothing about the other nodes; the caches answer from process memory
   * meanwhile and share entries through the cluster again afterwards.
   */
  @Test
  void aNodeOutageIsOneWarningNamingThatNodeThenOneAMinuteThenOneRecoveryLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(RedisConnectionLog.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    MutableClock clock = MutableClock.of(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
    try (RedisClusterProcesses cluster = RedisClusterProcesses.start(3)) {
      RedisSettings settings =
          RedisSettings.builder()
              .clusterUris(cluster.uris())
              .keyPrefix("cluster-outage:")
              .lookupTimeout(Duration.ofSeconds(2))
              .failureThreshold(2)
              .retryAfter(Duration.ofMillis(200))
              .build();
      try (RedisConnector connectorA = RedisConnector.create(settings, clock);
          RedisConnector connectorB = RedisConnector.create(settings, clock);
          TieredResponseCache replicaA =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(connectorA).build());
          TieredResponseCache replicaB =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(connectorB).build())) {
        // Entries on every node, so that both replicas hold a data connection to each.
        for (int i = 0; i < 30; i++) {
          CacheKey k = key(CacheRegion.RESOURCES, "/before/" + i);
          replicaA.put(k, response("before " + i));
          await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.get(k).isPresent());
        }
        RedisServerProcess node =
            cluster.nodes().stream()
                .filter(n -> !n.call("DBSIZE").equals(":0"))
                .findFirst()
                .orElseThrow();
        String address = "Redis connection to 127.0.0.1:" + node.port();

        node.kill();

        // Both replicas' connections to it (one connector each: two logs, one WARN each).
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lines, Level.WARN, address + " failed").size() == 2);
        assertThat(at(lines, Level.WARN, address + " failed"))
            .allSatisfy(
                e -> {
                  assertThat(e.getFormattedMessage()).contains("Connection refused");
                  assertThat(e.getThrowableProxy()).isNull();
                });
        for (int i = 0; i < 20; i++) {
          CacheKey during = key(CacheRegion.RESOURCES, "/during/" + i);
          replicaA.put(during, response("during " + i));
          assertThat(replicaA.get(during)).isPresent();
          assertThat(replicaA.get(key(CacheRegion.RESOURCES, "/before/" + i))).isPresent();
        }

        clock.add(Duration.ofSeconds(61));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lines, Level.WARN, address + " still failing").size() == 2);

        node.restart();

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> at(lines, Level.INFO, address + " recovered after 1m 1s").size() == 2);
        await("cluster_state:ok").atMost(Duration.ofSeconds(30)).until(cluster::ok);
        CacheKey after = key(CacheRegion.RESOURCE_TYPES, "/after");
        await("shared tier used again")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  replicaA.put(after, response("after"));
                  replicaA.get(key(CacheRegion.RESOURCE_TYPES, "/probe"));
                  return replicaB.get(after).isPresent();
                });
        assertThat(at(lines, Level.WARN, "")).as(text(lines)).hasSize(4);
        assertThat(at(lines, Level.WARN, address)).hasSize(4);
      }
      // Closing cancels reconnections in progress: that is no outage.
      assertThat(at(lines, Level.WARN, "")).as(text(lines)).hasSize(4);
    } finally {
      logger.detachAppender(lines);
    }
  }

  private static List<ILoggingEvent> at(
      ListAppender<ILoggingEvent> lines, Level level, String prefix) {
    synchronized (lines) {
      return lines.list.stream()
          .filter(e -> e.getLevel() == level && e.getFormattedMessage().startsWith(prefix))
          .toList();
    }
  }

  private static String text(ListAppender<ILoggingEvent> lines) {
    synchronized (lines) {
      return String.join(
          "\n",
          lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
    }
  }

  private static CacheKey key(CacheRegion region, String path) {
    return new CacheKey(region, "v1", path, "");
  }

  private static CacheKey key(CacheRegion region) {
    return new CacheKey(region, "v1", "/" + region.name().toLowerCase(), "");
  }

  private static CachedResponse response(String body) {
    return new CachedResponse(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }
}
