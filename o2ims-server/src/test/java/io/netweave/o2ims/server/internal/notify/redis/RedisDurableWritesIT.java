package io.netweave.o2ims.server.internal.notify.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.OutboxBatch;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Durable writes with a real master, replica and three Sentinels: replication is paused on the
 * replica ({@code DEBUG SLEEP}, and its link dropped so nothing waits in its socket buffer),
 * subscriptions and outbox entries are written, the master is killed (SIGKILL) before the replica
 * wakes, and Sentinel promotes the replica. With {@code WAIT} (one replica) every write the store
 * reported as done is on the new master; without it, writes the master acknowledged are gone.
 */
class RedisDurableWritesIT {
  private static final int WRITES = 4;

  /**
   * The timeout of the set-up writes' {@code WAIT}, made while the replica is up: they must be
   * acknowledged, and on a machine shared with other builds an acknowledgement can take longer than
   * the 300 ms the writes under test wait (it once did). Those 300 ms keep the refused writes well
   * inside the replica's 8 s sleep.
   */
  private static final Duration SET_UP_WAIT = Duration.ofSeconds(60);

  /** What the stores reported as done before the failover, and what the new master holds. */
  private record Outcome(
      List<UUID> acknowledgedSubscriptions,
      int acknowledgedEntries,
      int refused,
      Set<UUID> survivingSubscriptions,
      long survivingEntries) {}

  @Test
  void withWaitNothingAcknowledgedIsLostInAFailover() {
    Outcome o = failover(redis -> RedisDurability.waitFor(redis, 1, Duration.ofMillis(300)));
    assertThat(o.refused()).as("writes refused while the replica slept").isPositive();
    assertThat(o.survivingSubscriptions()).containsAll(o.acknowledgedSubscriptions());
    assertThat(o.survivingEntries()).isGreaterThanOrEqualTo(o.acknowledgedEntries());
  }

  @Test
  void withoutWaitAFailoverLosesWritesTheMasterAcknowledged() {
    Outcome o = failover(redis -> RedisDurability.masterOnly());
    assertThat(o.refused()).isZero();
    assertThat(o.acknowledgedSubscriptions()).hasSize(1 + WRITES);
    assertThat(o.survivingSubscriptions())
        .as("acknowledged subscriptions on the promoted replica")
        .hasSizeLessThan(o.acknowledgedSubscriptions().size());
    assertThat(o.survivingEntries()).isLessThan(o.acknowledgedEntries());
  }

  private Outcome failover(Function<RedisCommands<String, String>, RedisDurability> durability) {
    try (SentinelTopology redis = new SentinelTopology()) {
      RedisClient client = RedisClient.create(redis.sentinelUri());
      try {
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisCommands<String, String> commands = connection.sync();
        RedisDurability d = durability.apply(commands);
        RedisSubscriptionStore store = new RedisSubscriptionStore(commands, "dur:", d);
        RedisOutbox outbox = new RedisOutbox(commands, "dur:notify:", d);

        // Set-up, while the replica is up: each write acknowledged by the replica (WAIT 1, with
        // SET_UP_WAIT), whatever durability is under test.
        RedisDurability setUp = RedisDurability.waitFor(commands, 1, SET_UP_WAIT);
        RedisOutbox setUpOutbox = new RedisOutbox(commands, "dur:notify:", setUp);
        List<UUID> subscriptions = new ArrayList<>();
        StoredSubscription first = subscription();
        new RedisSubscriptionStore(commands, "dur:", setUp).create(first);
        subscriptions.add(first.subscription().subscriptionId());
        UUID queue = first.subscription().subscriptionId();
        long token = setUpOutbox.newFencingToken();
        int entries = 0;
        setUpOutbox.append(batch(token, queue));
        entries++;

        // The replica stops reading the replication stream while it sleeps; the reply is not read.
        Socket sleeping = new Socket("127.0.0.1", redis.replica.port());
        sleeping.getOutputStream().write("DEBUG SLEEP 8\r\n".getBytes(StandardCharsets.US_ASCII));
        sleeping.getOutputStream().flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.replica.ping());
        // Whatever the master sends now would wait in the sleeping replica's socket buffer and be
        // read when it wakes; dropping the link (it cannot reconnect while asleep) makes the pause
        // a real partition.
        RedisClient onMaster = RedisClient.create(redis.master.uri());
        try (StatefulRedisConnection<String, String> m = onMaster.connect()) {
          m.sync().clientKill(KillArgs.Builder.typeSlave());
        } finally {
          onMaster.shutdown();
        }

        int refused = 0;
        for (int i = 0; i < WRITES; i++) {
          StoredSubscription s = subscription();
          try {
            if (store.create(s) instanceof SubscriptionStore.CreateOutcome.Created) {
              subscriptions.add(s.subscription().subscriptionId());
            }
          } catch (UnreplicatedWriteException e) {
            refused++;
          }
          try {
            outbox.append(batch(token, queue));
            entries++;
          } catch (UnreplicatedWriteException e) {
            refused++;
          }
        }
        redis.master.kill();
        connection.close();

        int replicaPort = redis.replica.port();
        await("Sentinel promoting the replica")
            .atMost(Duration.ofSeconds(90))
            .ignoreExceptions()
            .until(() -> redis.masterPort() == replicaPort);
        sleeping.close();

        RedisClient promoted = RedisClient.create(redis.replica.uri());
        try (StatefulRedisConnection<String, String> now = promoted.connect()) {
          Set<UUID> surviving =
              new java.util.HashSet<>(
                  new RedisSubscriptionStore(now.sync(), "dur:")
                      .list().stream().map(s -> s.subscription().subscriptionId()).toList());
          long depth = new RedisOutbox(now.sync(), "dur:notify:").depths().getOrDefault(queue, 0L);
          return new Outcome(subscriptions, entries, refused, surviving, depth);
        } finally {
          promoted.shutdown();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        client.shutdown();
      }
    }
  }

  private static StoredSubscription subscription() {
    UUID id = UUID.randomUUID();
    return new StoredSubscription(
        new Subscription(id, Optional.empty(), Optional.empty(), "https://smo.example/" + id),
        "anonymous",
        "dedup-" + id,
        Instant.now());
  }

  private static OutboxBatch batch(long token, UUID queue) {
    return new OutboxBatch(
        token,
        List.of(new NewNotification(queue, UUID.randomUUID(), "{}", Instant.now())),
        Map.of(),
        Set.of());
  }
}
