package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.PerClass;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas (two tiered caches, two clients) sharing one redis-server. */
class CrossReplicaInvalidationIT {

  @RegisterExtension
  static final PerClass<RedisServerProcess> redis = RedisServerProcess.perClass();

  private RedisConnector connectorA;
  private RedisConnector connectorB;
  private TieredResponseCache replicaA;
  private TieredResponseCache replicaB;

  @BeforeEach
  void startReplicas() {
    String prefix = "replicas:" + System.nanoTime() + ":";
    connectorA = RedisConnector.create(TestConnectors.settings(redis.get().uri(), prefix));
    connectorB = RedisConnector.create(TestConnectors.settings(redis.get().uri(), prefix));
    replicaA =
        TestConnectors.awaitConnected(TieredResponseCache.builder().redis(connectorA).build());
    replicaB =
        TestConnectors.awaitConnected(TieredResponseCache.builder().redis(connectorB).build());
  }

  @AfterEach
  void stopReplicas() {
    replicaA.close();
    replicaB.close();
    connectorA.close();
    connectorB.close();
  }

  private static CachedResponse response(String body) {
    return new CachedResponse(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void invalidatingOnOneReplicaDropsTheOthersInProcessEntries() {
    CacheKey pools = new CacheKey(CacheRegion.RESOURCE_POOLS, "v1", "/resourcePools", "");
    CacheKey types = new CacheKey(CacheRegion.RESOURCE_TYPES, "v1", "/resourceTypes", "");
    replicaA.put(pools, response("pools"));
    replicaA.put(types, response("types"));
    await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.get(pools).isPresent());
    await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.get(types).isPresent());
    assertThat(replicaB.peek(pools)).isPresent();

    replicaA.invalidate(CacheRegion.RESOURCE_POOLS);

    await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.peek(pools).isEmpty());
    assertThat(replicaB.get(pools)).isEmpty();
    assertThat(replicaA.get(pools)).isEmpty();
    assertThat(replicaB.peek(types)).isPresent();
  }

  @Test
  void invalidateAllOnOneReplicaEmptiesTheOther() {
    CacheKey resources = new CacheKey(CacheRegion.RESOURCES, "v2", "/resources", "");
    replicaB.put(resources, response("resources"));
    assertThat(replicaB.peek(resources)).isPresent();

    replicaA.invalidateAll();

    await().atMost(Duration.ofSeconds(30)).until(() -> replicaB.peek(resources).isEmpty());
    assertThat(replicaB.get(resources)).isEmpty();
  }
}
