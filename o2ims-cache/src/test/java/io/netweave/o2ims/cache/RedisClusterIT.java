package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.RedisClusterProcesses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared tier on a real three-node Redis Cluster. */
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

  private static CacheKey key(CacheRegion region) {
    return new CacheKey(region, "v1", "/" + region.name().toLowerCase(), "");
  }

  private static CachedResponse response(String body) {
    return new CachedResponse(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }
}
