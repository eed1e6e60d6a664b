package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.server.internal.notify.redis.RedisDurability;
import io.netweave.o2ims.server.internal.notify.redis.RedisLeases;
import io.netweave.o2ims.server.internal.notify.redis.RedisOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable writes ({@code WAIT} for one replica) while the replica is gone: the master applies each
 * outbox write, then {@code WAIT} finds no replica and the write is reported as failed although it
 * is stored. The producer must not go on from its own copy of the baseline (which misses that
 * write): a real master and replica ({@code redis-server} processes), a real engine and a real
 * callback receiver; every change reaches the subscription exactly once, as an unbroken chain of
 * prior and post states.
 */
class UnreplicatedWritesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final RedisServerProcess master = RedisServerProcess.start();
  private final RedisServerProcess replica =
      RedisServerProcess.start(
          List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
  private final RedisClient client = RedisClient.create();
  private final StatefulRedisConnection<String, String> connection =
      client.connect(RedisURI.create(master.uri()));
  private final TestInventory inventory = new TestInventory();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final Engines engines = new Engines();

  @AfterEach
  void close() {
    engines.close();
    receiver.close();
    connection.close();
    client.shutdown();
    replica.close();
    master.close();
  }

  @Test
  void aWriteStoredButNotReplicatedIsNeitherNotifiedAgainNorSkippedInTheChain() {
    RedisCommands<String, String> redis = connection.sync();
    await("the replica's link")
        .atMost(WAIT)
        .until(() -> redis.info("replication").contains("connected_slaves:1"));
    RedisDurability durable = RedisDurability.waitFor(redis, 1, Duration.ofMillis(200));
    RedisSubscriptionStore store = new RedisSubscriptionStore(redis, "unrepl:", durable);
    RedisOutbox outbox = new RedisOutbox(redis, "unrepl:notify:", durable);
    // The subscription is stored while the replica is up; a loaded machine may need more than the
    // engine's 200 ms for its acknowledgement, which this test is not about.
    new RedisSubscriptionStore(redis, "unrepl:", RedisDurability.waitFor(redis, 1, WAIT))
        .create(Engines.subscription(receiver.url("/chain"), null, null));
    NotificationEngine engine =
        engines.start(
            Engines.settings(1000),
            inventory,
            store,
            outbox,
            new RedisLeases(redis, "unrepl:notify:"),
            "solo");
    await().atMost(WAIT).until(engine::producing);
    UUID pool = UUID.randomUUID();
    inventory.put(TestInventory.pool(pool, "gen-0"));
    await().atMost(WAIT).until(() -> receiver.notifications("/chain").size() == 1);

    replica.kill();
    // Each write is applied by the master, then reported as failed (no replica for WAIT); the
    // producer's catch-up ticks run in between.
    inventory.put(TestInventory.pool(pool, "gen-1"));
    await().atMost(WAIT).until(() -> names().contains("gen-1"));
    inventory.put(TestInventory.pool(pool, "gen-2"));
    await().atMost(WAIT).until(() -> names().contains("gen-2"));
    await("the queue drained (re-notifying a stored change on every tick never drains it)")
        .atMost(WAIT)
        .until(() -> outbox.depths().isEmpty());

    List<InventoryChangeNotification> got = receiver.notifications("/chain");
    assertThat(got.stream().map(InventoryChangeNotification::notificationId).distinct())
        .as("no notification stored twice")
        .hasSize(got.size());
    assertThat(states(got))
        .as("prior > post of each notification")
        .containsExactly("- > gen-0", "gen-0 > gen-1", "gen-1 > gen-2");
  }

  private List<String> names() {
    return receiver.notifications("/chain").stream()
        .map(n -> n.postObjectState().map(p -> String.valueOf(p.get("name"))).orElse("-"))
        .toList();
  }

  private List<String> states(List<InventoryChangeNotification> got) {
    return got.stream()
        .map(
            n ->
                n.priorObjectState().map(p -> String.valueOf(p.get("name"))).orElse("-")
                    + " > "
                    + n.postObjectState().map(p -> String.valueOf(p.get("name"))).orElse("-"))
        .toList();
  }
}
