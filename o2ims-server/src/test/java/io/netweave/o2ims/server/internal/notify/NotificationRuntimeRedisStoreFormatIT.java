package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.notify.redis.RedisStoreConnection;
import io.netweave.o2ims.server.internal.notify.redis.RedisStoreFormat;
import io.netweave.o2ims.server.internal.redis.SharedRedis;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis store's format marks ({@code netweave:subs:format}, {@code netweave:notify:format})
 * against a real redis-server: a store of an earlier release (no marks; they all wrote format 1) is
 * marked and used, with replicas of earlier releases beside this one; a store a later release
 * marked with another format stops the start with one line naming the key and is left as it was;
 * and when Redis was down at the start and answers later with such a store, every store operation
 * fails with that line instead of reading or writing it. Before the marks, this release used any
 * store under its prefixes as its own.
 */
class NotificationRuntimeRedisStoreFormatIT {
  @TempDir Path data;

  /** Opens the notification runtime on {@code redis} as a start does, then closes it. */
  private void openAndClose(RedisServerProcess redis) {
    ServerConfig config =
        ServerConfig.defaults(0, data)
            .with(Map.of("redis.url", redis.uri(), "notifications.store", "redis"));
    UUID ocloud = UUID.randomUUID();
    try (RedisConnector connector = SharedRedis.open(config.redis()).orElseThrow();
        DemoInventorySource source =
            new DemoInventorySource(
                new DemoInventory(ocloud, ocloud, "o", "http://localhost", 1, 1), 1)) {
      NotificationRuntime.open(
              config,
              Optional.of(connector),
              source,
              new MetricRegistry(),
              O2Json.newMapper(),
              Clock.systemUTC())
          .close();
    }
  }

  /** Runs {@code body} on a fresh connection to {@code redis} (the test's own reads and writes). */
  private static <T> T on(
      RedisServerProcess redis, Function<RedisCommands<String, String>, T> body) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return body.apply(c.sync());
    } finally {
      client.shutdown();
    }
  }

  private static String get(RedisServerProcess redis, String key) {
    return on(redis, r -> r.get(key));
  }

  /** Every key and its value's dump, sorted by key. */
  private static Map<String, String> contents(RedisServerProcess redis) {
    return on(
        redis,
        r -> {
          Map<String, String> all = new TreeMap<>();
          for (String key : r.keys("*")) {
            all.put(
                key,
                r.type(key) + ":" + (r.type(key).equals("hash") ? r.hgetall(key) : r.get(key)));
          }
          return all;
        });
  }

  @Test
  void aStoreOfAnEarlierReleaseIsMarkedWithTheFormatItWasWrittenIn() {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      on(redis, r -> r.hset("netweave:subs", "x", "{}"));
      openAndClose(redis);
      assertThat(get(redis, "netweave:subs:format")).isEqualTo("1");
      assertThat(get(redis, "netweave:notify:format")).isEqualTo("1");
      openAndClose(redis);
      assertThat(contents(redis).get("netweave:subs")).isEqualTo("hash:{x={}}");
    }
  }

  @Test
  void aStoreALaterReleaseMarkedWithAnotherFormatStopsTheStartAndIsLeftAsItWas() {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      on(redis, r -> r.hset("netweave:subs", "x", "{}"));
      on(redis, r -> r.set("netweave:subs:format", "2"));
      Map<String, String> before = contents(redis);

      assertThatThrownBy(() -> openAndClose(redis))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "the Redis key netweave:subs:format says the store is in format 2, written by a"
                  + " later release")
          .hasMessageContaining("reads and writes format 1 only");
      assertThat(contents(redis)).isEqualTo(before);
    }
  }

  @Test
  void aStoreInAnotherFormatFoundOnceRedisAnswersIsNeitherReadNorWritten() {
    try (RedisServerProcess redis =
        RedisServerProcess.start(List.of("--appendonly", "yes", "--appendfsync", "always"))) {
      on(redis, r -> r.set("netweave:notify:format", "3"));
      redis.kill();
      try (RedisConnector connector =
              RedisConnector.create(
                  RedisSettings.builder()
                      .uri(redis.uri())
                      .retryAfter(Duration.ofMillis(200))
                      .dialTimeout(Duration.ofSeconds(2))
                      .build());
          RedisStoreConnection connection =
              RedisStoreConnection.open(
                  connector,
                  c -> {},
                  RedisStoreFormat.of("netweave:", "netweave:notify:")::check)) {
        assertThat(connection.refusal()).isEmpty();
        redis.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> connection.refusal().isPresent());
        assertThatThrownBy(() -> connection.commands().hset("netweave:subs", "y", "{}"))
            .isInstanceOf(RedisConnectionException.class)
            .hasMessageStartingWith(
                "the Redis key netweave:notify:format says the store is in format 3");
        assertThat(contents(redis)).isEqualTo(Map.of("netweave:notify:format", "string:3"));
      }
    }
  }
}
