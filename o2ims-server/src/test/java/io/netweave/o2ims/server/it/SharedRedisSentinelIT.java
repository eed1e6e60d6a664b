package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One gateway whose {@code redis.url} names only a Sentinel: the response cache, the notification
 * outbox, the subscription store and the shared rate limiter all borrow the composition root's one
 * Redis connector, so each of them finds the master through the Sentinel and writes its keys there,
 * under the prefix its configuration names.
 */
class SharedRedisSentinelIT {
  @TempDir Path data;

  @Test
  void everyRedisUserReachesTheMasterThroughTheSentinel() {
    try (RedisServerProcess master = RedisServerProcess.start();
        RedisServerProcess sentinel = RedisServerProcess.startSentinel(master);
        Gateway gateway = gateway(sentinel.sentinelUri())) {
      Client client = new Client(GatewayHttp.base(gateway));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> client.get(V1 + "/resourcePools").status() == 200);
      assertThat(client.get(V1 + "/resourcePools").status()).isEqualTo(200);
      assertThat(
              client
                  .postJson(V1 + "/subscriptions", "{\"callback\":\"http://127.0.0.1:9/cb\"}")
                  .status())
          .isEqualTo(201);

      RedisClient direct = RedisClient.create(master.uri());
      try (StatefulRedisConnection<String, String> connection = direct.connect()) {
        RedisCommands<String, String> onMaster = connection.sync();
        for (String prefix : new String[] {"it-cache:", "it-notify:", "it-subs:", "it-rl:"}) {
          await()
              .atMost(Duration.ofSeconds(30))
              .untilAsserted(
                  () ->
                      assertThat(onMaster.keys(prefix + "*"))
                          .as("keys under %s on the master", prefix)
                          .isNotEmpty());
        }
        assertThat(onMaster.hlen("it-subs:subs")).isEqualTo(1);
      } finally {
        direct.shutdown();
      }
    }
  }

  private Gateway gateway(String sentinelUri) {
    return InProcessGateways.start(
        data,
        Map.ofEntries(
            Map.entry("redis.url", sentinelUri),
            Map.entry("redis.key_prefix", "it-cache:"),
            Map.entry("notifications.store", "redis"),
            Map.entry("notifications.redis_prefix", "it-notify:"),
            Map.entry("subscriptions.redis_prefix", "it-subs:"),
            Map.entry("rate_limit.enabled", "true"),
            Map.entry("rate_limit.shared", "true"),
            Map.entry("rate_limit.redis_prefix", "it-rl:"),
            Map.entry("redis.lookup_timeout", "2s")));
  }
}
