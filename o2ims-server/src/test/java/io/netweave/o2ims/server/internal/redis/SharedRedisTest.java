package io.netweave.o2ims.server.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.KeysWithoutEffectWarning;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.notify.NotificationRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code redis} section turned into the one connector, without a Redis server. */
class SharedRedisTest {
  @TempDir Path data;

  private ServerConfig config(Map<String, String> overrides) {
    return ServerConfig.defaults(0, data).with(overrides);
  }

  @Test
  void noUrlMeansNoConnector() {
    assertThat(SharedRedis.open(config(Map.of()).redis())).isEmpty();
  }

  @Test
  void redisKeysWithoutAUrlAreNamedInAWarningAndStillStart() throws Exception {
    Path file = data.resolve("netweave.yaml");
    Files.writeString(file, "redis:\n  max_conn_age: 1h\n  key_prefix: 'c:'\n");
    ConfigLoader loader = new ConfigLoader(Map.of());
    Map<String, String> flags = Map.of("storage.data_dir", data.toString());
    List<ILoggingEvent> logged =
        KeysWithoutEffectWarning.loggedBy(
            SharedRedis.class,
            () -> {
              assertThat(SharedRedis.open(loader.load(Optional.of(file), flags).redis())).isEmpty();
              assertThat(SharedRedis.open(loader.load(Optional.empty(), flags).redis())).isEmpty();
            });
    KeysWithoutEffectWarning.assertOneWarning(
        logged, "redis.key_prefix, redis.max_conn_age set but redis.url is empty", "no effect");
  }

  @Test
  void theSectionMapsOntoTheCacheModulesSettings() {
    RedisSettings settings =
        SharedRedis.settings(
            config(
                    Map.of(
                        "redis.url", "redis-sentinel://127.0.0.1:26379#mymaster",
                        "redis.key_prefix", "c:",
                        "redis.dial_timeout", "2s"))
                .redis());
    assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
    assertThat(settings.keyPrefix()).isEqualTo("c:");
    assertThat(settings.dialTimeout()).hasSeconds(2);
  }

  @Test
  void badRedisValuesStopTheStartNamingTheKey() {
    assertThatThrownBy(
            () ->
                SharedRedis.settings(
                    config(Map.of("redis.url", "redis://h:6379", "redis.max_conn_age", "5m"))
                        .redis()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("redis.max_conn_age");
  }

  @Test
  void theRedisNotificationStoreRefusesAClusterBecauseItsScriptsTouchSeveralKeys()
      throws Exception {
    ServerConfig config =
        config(
            Map.of(
                "redis.url", "redis://127.0.0.1:1",
                "redis.cluster", "true",
                "notifications.store", "redis"));
    UUID ocloud = UUID.randomUUID();
    try (RedisConnector connector = SharedRedis.open(config.redis()).orElseThrow();
        DemoInventorySource source =
            new DemoInventorySource(
                new DemoInventory(ocloud, ocloud, "o", "http://localhost", 1, 1), 1)) {
      assertThatThrownBy(
              () ->
                  NotificationRuntime.open(
                      config,
                      Optional.of(connector),
                      source,
                      new MetricRegistry(),
                      O2Json.newMapper(),
                      Clock.systemUTC()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("redis.cluster");
    }
  }
}
