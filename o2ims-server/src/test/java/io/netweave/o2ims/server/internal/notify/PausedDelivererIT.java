package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.server.internal.notify.redis.RedisLeases;
import io.netweave.o2ims.server.internal.notify.redis.RedisOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deliverer held up past its queue lease (a JVM stopped with SIGSTOP, a long GC pause, a starved
 * host) while another replica took the queue over: when it resumes it must not go on with the batch
 * it read before the pause. Two engines on one real Redis; the callback holds the first engine's
 * first request (as a stopped JVM would sit on it) until the second engine has delivered the whole
 * queue and stopped.
 */
class PausedDelivererIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  private final TestInventory inventory = new TestInventory();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final Engines engines = new Engines();
  private RedisSubscriptionStore store;

  @BeforeEach
  void open() {
    redisServer.get().flushAll();
    store = new RedisSubscriptionStore(redisServer.get().commands(), "test:");
  }

  @AfterEach
  void close() {
    engines.close();
    receiver.close();
  }

  /**
   * The lease (400 ms) is far shorter than the delivery timeout (30 s), so the held request is
   * neither cut nor counted as failed: the first engine resumes with a 2xx and the rest of its
   * batch, as a resumed JVM does. Before, it renewed its queue lease with the call that also takes
   * a free one: the second engine had released it, so the first took it again and sent the rest of
   * its batch a second time, after the whole queue (callback order: 1 2 3 1 2 3 4). The resent
   * first pool is the at-least-once of docs/reliability.md (its request was in flight when the
   * lease ran out); nothing after it may come again.
   */
  @Test
  void aDelivererPausedPastItsQueueLeaseDoesNotResendItsBatchAfterTheNextHolderDeliveredIt() {
    NotificationSettings settings =
        Engines.settings(1000).toBuilder().deliveryTimeout(Duration.ofSeconds(30)).build();
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    NotificationEngine first = startProducing(settings, "replica-a");
    first.close();
    // Three changes while no engine runs: the next activation stores them as one batch, so the
    // first engine's first read of the queue holds all three.
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      inventory.putQuietly(TestInventory.pool(id, "pool-" + i));
    }
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean();
    receiver.answerRequests(
        "/cb",
        r -> {
          if (!holding.compareAndSet(false, true)) {
            return 204;
          }
          held.countDown();
          try {
            return resume.await(WAIT.toSeconds(), TimeUnit.SECONDS) ? 204 : 503;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 503;
          }
        });
    startProducing(settings, "replica-a");
    await().atMost(WAIT).until(() -> held.getCount() == 0);

    NotificationEngine second = start(settings, "replica-b");
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() == 3);
    second.close();
    resume.countDown();
    UUID last = UUID.randomUUID();
    ids.add(last);
    inventory.put(TestInventory.pool(last, "after the pause"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/cb").stream()
                    .anyMatch(n -> n.objectRef().orElseThrow().endsWith(last.toString())));

    List<InventoryChangeNotification> got = receiver.notifications("/cb");
    List<String> order = got.stream().map(n -> n.objectRef().orElseThrow()).toList();
    // The catch-up stores the three in its own order; the second engine delivers them so.
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrderElementsOf(refs(ids.subList(0, 3)));
    List<String> expected = new ArrayList<>(order.subList(0, 3));
    expected.add(order.get(0));
    expected.add(ref(last));
    assertThat(order).containsExactlyElementsOf(expected);
    assertThat(got.get(3).notificationId()).isEqualTo(got.get(0).notificationId());
  }

  /**
   * A callback slower than the queue lease (here it answers each request after 2.5 s; lease 1 s,
   * delivery timeout 10 s, as with {@code lease_ttl: 3s} and the default timeout) while another
   * replica runs. Before, the lease ran out during the call and the other replica took the queue
   * and sent the same entries alongside: by hand, two jars on one Redis ({@code lease_ttl} 3 s) and
   * a callback answering in 6 s got every notification twice, the second copy while the first was
   * still in flight. The deliverer now keeps the lease of a queue alive while a call is in flight.
   */
  @Test
  void aCallbackSlowerThanTheQueueLeaseGetsEachNotificationOnce() {
    NotificationSettings settings =
        Engines.settings(1000).toBuilder()
            .leaseTtl(Duration.ofSeconds(1))
            .deliveryTimeout(Duration.ofSeconds(10))
            .build();
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    NotificationEngine first = startProducing(settings, "replica-a");
    first.close();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      inventory.putQuietly(TestInventory.pool(id, "pool-" + i));
    }
    CountDownLatch never = new CountDownLatch(1);
    receiver.answerRequests(
        "/cb",
        r -> {
          try {
            // A slow callback: 2.5 s per request, longer than the 1 s lease.
            never.await(2500, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 204;
        });
    startProducing(settings, "replica-a");
    start(settings, "replica-b");
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() >= 3);
    receiver.answerRequests("/cb", r -> 204);
    UUID last = UUID.randomUUID();
    ids.add(last);
    inventory.put(TestInventory.pool(last, "after the slow ones"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/cb").stream()
                    .anyMatch(n -> n.objectRef().orElseThrow().endsWith(last.toString())));

    List<String> order =
        receiver.notifications("/cb").stream().map(n -> n.objectRef().orElseThrow()).toList();
    assertThat(order).hasSize(4);
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrderElementsOf(refs(ids.subList(0, 3)));
    assertThat(order.get(3)).isEqualTo(ref(last));
  }

  private NotificationEngine start(NotificationSettings settings, String owner) {
    return engines.start(
        settings,
        inventory,
        store,
        new RedisOutbox(redisServer.get().commands(), "test:notify:"),
        new RedisLeases(redisServer.get().commands(), "test:notify:"),
        owner);
  }

  private NotificationEngine startProducing(NotificationSettings settings, String owner) {
    NotificationEngine e = start(settings, owner);
    await().atMost(WAIT).until(e::producing);
    return e;
  }

  private static List<String> refs(List<UUID> ids) {
    return ids.stream().map(PausedDelivererIT::ref).toList();
  }

  private static String ref(UUID id) {
    return "/o2ims-infrastructureInventory/v1/resourcePools/" + id;
  }
}
