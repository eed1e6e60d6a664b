package io.netweave.o2ims.server.internal.notify.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.spi.StoreUnavailableException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The notification store's connection against a real redis-server: down at start, it is opened in
 * the background and the stores work once Redis answers; a Redis that answers and refuses still
 * stops the start.
 */
class RedisStoreConnectionIT {

  private static RedisConnector connector(String uri) {
    return RedisConnector.create(
        RedisSettings.builder()
            .uri(uri)
            .retryAfter(Duration.ofMillis(200))
            .dialTimeout(Duration.ofSeconds(2))
            .build());
  }

  @Test
  void aRedisDownAtStartIsConnectedInTheBackgroundAndTheStoresWorkOnceItAnswers() {
    AtomicInteger checks = new AtomicInteger();
    try (RedisServerProcess redis = RedisServerProcess.notStarted();
        RedisConnector connector = connector(redis.uri());
        RedisStoreConnection connection =
            RedisStoreConnection.open(connector, c -> checks.incrementAndGet())) {
      assertThat(connection.isOpen()).isFalse();
      assertThatThrownBy(() -> connection.commands().ping())
          .isInstanceOf(RedisConnectionException.class)
          .hasMessageContaining("127.0.0.1:" + redis.port())
          .hasMessageContaining("not open yet");
      // As while an open connection is down: the stores' requests answer 503, the engine's
      // operations see a RedisException (an outage, logged without a stack trace).
      RedisAlarmStore alarms = new RedisAlarmStore(connection.commands(), "store-connection:");
      assertThatThrownBy(() -> alarms.get(UUID.randomUUID()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + redis.port());
      RedisLeases leases = new RedisLeases(connection.commands(), "store-connection:");
      assertThatThrownBy(() -> leases.acquireProducer("a", Duration.ofSeconds(5)))
          .isInstanceOf(RedisException.class);

      redis.restart();

      await().atMost(Duration.ofSeconds(30)).until(connection::isOpen);
      assertThat(connection.commands().ping()).isEqualTo("PONG");
      assertThat(leases.acquireProducer("a", Duration.ofSeconds(5))).isTrue();
      assertThat(alarms.get(UUID.randomUUID())).isEmpty();
      assertThat(checks).hasValue(1);
    }
  }

  @Test
  void aRedisThatAnswersAndRefusesTheConnectionStillStopsTheStart() {
    try (RedisServerProcess redis = RedisServerProcess.start();
        RedisConnector connector = connector("redis://:wrong@127.0.0.1:" + redis.port())) {
      assertThat(redis.call("CONFIG", "SET", "requirepass", "right")).isEqualTo("+OK");
      assertThatThrownBy(() -> RedisStoreConnection.open(connector, c -> {}))
          .isInstanceOf(RedisConnectionException.class);
    }
  }

  @Test
  void aRedisThatAnswersAtStartIsUsedAtOnce() {
    AtomicInteger checks = new AtomicInteger();
    try (RedisServerProcess redis = RedisServerProcess.start();
        RedisConnector connector = connector(redis.uri());
        RedisStoreConnection connection =
            RedisStoreConnection.open(connector, c -> checks.incrementAndGet())) {
      assertThat(connection.isOpen()).isTrue();
      assertThat(checks).hasValue(1);
      assertThat(connection.commands().ping()).isEqualTo("PONG");
    }
  }
}
