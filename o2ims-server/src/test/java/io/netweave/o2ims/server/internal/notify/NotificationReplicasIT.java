package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two engines ("replicas") sharing one Redis and watching the same inventory: each change is
 * notified once per subscription, and killing one replica mid-run loses nothing.
 */
class NotificationReplicasIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int CHANGES = 1000;

  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  private final TestInventory inventory = new TestInventory();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final Engines engines = new Engines();
  private RedisSubscriptionStore store;

  @BeforeEach
  void open() {
    redisServer.get().flushAll();
    store = Engines.redisStore(redisServer.get());
    store.create(Engines.subscription(receiver.url("/one"), null, null));
    store.create(Engines.subscription(receiver.url("/two"), "(eq,objectType,ResourcePool)", null));
  }

  @AfterEach
  void close() {
    engines.close();
    receiver.close();
  }

  private NotificationEngine replica(String name) {
    NotificationSettings fast = Engines.settings(1000);
    // Leases long enough that a loaded CI machine never lets one lapse by accident (a lapse is
    // legal but reorders and may duplicate, which the exact assertions below would see).
    NotificationSettings settings = fast.toBuilder().leaseTtl(Duration.ofSeconds(3)).build();
    return engines.start(
        settings,
        inventory,
        Engines.redisStore(redisServer.get()),
        Engines.redisOutbox(redisServer.get()),
        Engines.redisLeases(redisServer.get()),
        name);
  }

  @Test
  void twoReplicasNotifyEachChangeExactlyOncePerSubscription() {
    NotificationEngine a = replica("replica-a");
    NotificationEngine b = replica("replica-b");
    await().atMost(WAIT).until(() -> a.producing() || b.producing());
    List<String> expected = putPools(0, CHANGES);
    awaitAll(expected);
    for (String path : List.of("/one", "/two")) {
      List<InventoryChangeNotification> got = receiver.notifications(path);
      assertThat(got).hasSize(CHANGES);
      assertThat(got.stream().map(n -> n.objectRef().orElseThrow()).toList())
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void killingAReplicaMidRunLosesNothing() {
    NotificationEngine a = replica("replica-a");
    await().atMost(WAIT).until(a::producing);
    NotificationEngine b = replica("replica-b");
    List<String> expected = new ArrayList<>(putPools(0, CHANGES / 3));
    await().atMost(WAIT).until(() -> receiver.notifications("/one").size() > 10);
    a.halt();
    expected.addAll(putPools(CHANGES / 3, CHANGES));
    await().atMost(WAIT).until(b::producing);
    awaitAll(expected);
    for (String path : List.of("/one", "/two")) {
      List<String> firstSeen =
          new ArrayList<>(
              new LinkedHashSet<>(
                  receiver.notifications(path).stream()
                      .map(n -> n.objectRef().orElseThrow())
                      .toList()));
      // Changes made while no replica produced are caught up from a snapshot diff: all of them,
      // once each, but in inventory (id) order rather than in the order they happened.
      assertThat(firstSeen).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(
              receiver.notifications(path).stream()
                  .map(InventoryChangeNotification::notificationId)
                  .distinct())
          .hasSize(CHANGES);
    }
  }

  private List<String> putPools(int from, int to) {
    List<String> refs = new ArrayList<>();
    for (int i = from; i < to; i++) {
      UUID id = UUID.randomUUID();
      inventory.put(TestInventory.pool(id, "pool-" + i));
      refs.add("/o2ims-infrastructureInventory/v1/resourcePools/" + id);
    }
    return refs;
  }

  private void awaitAll(List<String> expected) {
    for (String path : List.of("/one", "/two")) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  receiver.notifications(path).stream()
                          .map(n -> n.objectRef().orElseThrow())
                          .distinct()
                          .count()
                      >= expected.size());
    }
  }
}
