package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared tier through a real Redis Sentinel that points at a real master. */
class RedisSentinelIT {

  @Test
  void cacheReachesTheMasterThroughSentinel() {
    try (RedisServerProcess master = RedisServerProcess.start();
        RedisServerProcess sentinel = RedisServerProcess.startSentinel(master)) {
      RedisSettings settings = TestConnectors.settings(sentinel.sentinelUri(), "sentinel:");
      assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
      CacheKey key = new CacheKey(CacheRegion.RESOURCES, "v1", "/resources", "");
      try (RedisConnector writerConnector = RedisConnector.create(settings);
          RedisConnector readerConnector = RedisConnector.create(settings);
          TieredResponseCache writer =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(writerConnector).build());
          TieredResponseCache reader =
              TestConnectors.awaitConnected(
                  TieredResponseCache.builder().redis(readerConnector).build())) {
        writer.put(
            key, new CachedResponse(200, Map.of(), "nodes".getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(30)).until(() -> reader.get(key).isPresent());
        writer.invalidate(CacheRegion.RESOURCES);
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.peek(key).isEmpty());
      }
    }
  }
}
