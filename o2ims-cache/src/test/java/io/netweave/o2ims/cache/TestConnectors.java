package io.netweave.o2ims.cache;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

/** Connectors for the Redis ITs: a fresh key prefix per call, tolerant timeouts. */
final class TestConnectors {

  private TestConnectors() {}

  /**
   * A connector on {@code uri} with its own key prefix (so tests sharing a server are isolated).
   */
  static RedisConnector connector(String uri) {
    return RedisConnector.create(settings(uri, "it:" + UUID.randomUUID() + ":"));
  }

  static RedisSettings settings(String uri, String prefix) {
    return RedisSettings.builder()
        .uri(uri)
        .keyPrefix(prefix)
        .lookupTimeout(Duration.ofSeconds(2))
        .failureThreshold(2)
        .retryAfter(Duration.ofMillis(200))
        .dialTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(1))
        .writeTimeout(Duration.ofSeconds(1))
        .build();
  }

  /** Waits until the cache's shared tier is in use. */
  static <T extends ResponseCache> T awaitConnected(T cache) {
    await("shared tier connected")
        .atMost(Duration.ofSeconds(30))
        .until(() -> cache.stats().shared().connected());
    return cache;
  }
}
