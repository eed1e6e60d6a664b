package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.server.internal.notify.redis.RedisLeases;
import io.netweave.o2ims.server.internal.notify.redis.RedisOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
    store = Engines.redisStore(redisServer.get());
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
    List<UUID> ids = threeChangesWhileNoEngineRuns(settings);
    PausableLeases paused = pausable();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean();
    receiver.answerRequests(
        "/cb",
        r -> {
          if (!holding.compareAndSet(false, true)) {
            return 204;
          }
          paused.pause();
          held.countDown();
          return CallbackReceiver.heldUntil(resume, WAIT, 204, 503);
        });
    startProducing(settings, "replica-a", paused);
    await().atMost(WAIT).until(() -> held.getCount() == 0);

    NotificationEngine second = start(settings, "replica-b");
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() == 3);
    second.close();
    paused.resume();
    resume.countDown();
    UUID last = changeDelivered("after the pause");

    List<InventoryChangeNotification> got = receiver.notifications("/cb");
    List<String> order = got.stream().map(n -> n.objectRef().orElseThrow()).toList();
    // The catch-up stores the three in its own order; the second engine delivers them so.
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrderElementsOf(refs(ids));
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
    List<UUID> ids = threeChangesWhileNoEngineRuns(settings);
    CountDownLatch never = new CountDownLatch(1);
    // A slow callback: 2.5 s per request, longer than the 1 s lease.
    receiver.answerRequests(
        "/cb", r -> CallbackReceiver.heldUntil(never, Duration.ofMillis(2500), 204, 204));
    startProducing(settings, "replica-a");
    start(settings, "replica-b");
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() >= 3);
    receiver.answerRequests("/cb", r -> 204);
    UUID last = changeDelivered("after the slow ones");

    List<String> order =
        receiver.notifications("/cb").stream().map(n -> n.objectRef().orElseThrow()).toList();
    assertThat(order).hasSize(4);
    assertThat(order.subList(0, 3)).containsExactlyInAnyOrderElementsOf(refs(ids));
    assertThat(order.get(3)).isEqualTo(ref(last));
  }

  /**
   * The paused deliverer's request fails when it resumes (here a 503; by hand, the resumed JVM's
   * watchdog cut its call at the delivery timeout, the pause counting in it) while the queue's new
   * holder is delivering the same entry. With one attempt allowed, the paused one dead-lettered the
   * entry, taking it from under the new holder, whose 2xx then found nothing to record: a dead
   * letter for a notification the callback had accepted (a replay would send it again). A failure
   * is now recorded only while the lease is still held.
   */
  @Test
  void aDelivererPausedPastItsQueueLeaseLeavesAFailureToTheNextHolder() {
    NotificationSettings settings =
        Engines.settings(1).toBuilder().deliveryTimeout(Duration.ofSeconds(30)).build();
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    PausableLeases leases = pausable();
    NotificationEngine paused = startProducing(settings, "replica-a", leases);
    CountDownLatch firstHeld = new CountDownLatch(1);
    CountDownLatch secondHeld = new CountDownLatch(1);
    CountDownLatch firstAnswer = new CountDownLatch(1);
    CountDownLatch secondAnswer = new CountDownLatch(1);
    receiver.answerRequests(
        "/cb",
        r -> {
          if (r.n() == 0) {
            leases.pause();
            firstHeld.countDown();
            return CallbackReceiver.heldUntil(firstAnswer, WAIT, 503, 500);
          }
          if (r.n() == 1) {
            secondHeld.countDown();
            return CallbackReceiver.heldUntil(secondAnswer, WAIT, 204, 500);
          }
          return 204;
        });
    UUID id = UUID.randomUUID();
    inventory.put(TestInventory.pool(id, "held twice"));
    await().atMost(WAIT).until(() -> firstHeld.getCount() == 0);
    start(settings, "replica-b");
    await().atMost(WAIT).until(() -> secondHeld.getCount() == 0);
    RedisOutbox outbox = Engines.redisOutbox(redisServer.get());
    leases.resume();
    firstAnswer.countDown();
    // A graceful stop waits for the paused engine's call and whatever it records after it.
    paused.close();
    secondAnswer.countDown();
    await()
        .atMost(WAIT)
        .until(() -> outbox.depths().values().stream().mapToLong(Long::longValue).sum() == 0);

    assertThat(receiver.notifications("/cb"))
        .extracting(n -> n.objectRef().orElseThrow())
        .containsExactly(ref(id));
    assertThat(outbox.deadLetters()).isEmpty();
  }

  /**
   * Subscribes {@code /cb}, lets a first engine take its baseline and stop, then makes three
   * changes while no engine runs: the next activation stores them as one batch, so the next
   * engine's first read of the queue holds all three. Returns their pool ids, in change order.
   */
  private List<UUID> threeChangesWhileNoEngineRuns(NotificationSettings settings) {
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    startProducing(settings, "replica-a").close();
    return inventory.putPoolsQuietly(3);
  }

  /** Adds a pool named {@code name}, waits until {@code /cb} has accepted its notification. */
  private UUID changeDelivered(String name) {
    UUID id = UUID.randomUUID();
    inventory.put(TestInventory.pool(id, name));
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/cb").stream()
                    .anyMatch(n -> n.objectRef().orElseThrow().endsWith(id.toString())));
    return id;
  }

  private NotificationEngine start(NotificationSettings settings, String owner) {
    return start(settings, owner, Engines.redisLeases(redisServer.get()));
  }

  private NotificationEngine start(
      NotificationSettings settings, String owner, NotificationLeases leases) {
    return engines.start(
        settings, inventory, store, Engines.redisOutbox(redisServer.get()), leases, owner);
  }

  /**
   * The Redis leases of an engine whose queue-lease renewals wait while it is paused, as every
   * thread of a stopped JVM does (the keep-alive of its calls in flight included); they go to Redis
   * once it resumes.
   */
  private static final class PausableLeases implements NotificationLeases {
    private final RedisLeases redis;
    private volatile CountDownLatch resumed = new CountDownLatch(0);

    PausableLeases(RedisLeases redis) {
      this.redis = redis;
    }

    void pause() {
      resumed = new CountDownLatch(1);
    }

    void resume() {
      resumed.countDown();
    }

    @Override
    public boolean renewQueue(UUID subscriptionId, String owner, Duration ttl) {
      try {
        resumed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return redis.renewQueue(subscriptionId, owner, ttl);
    }

    @Override
    public boolean acquireProducer(String owner, Duration ttl) {
      return redis.acquireProducer(owner, ttl);
    }

    @Override
    public void releaseProducer(String owner) {
      redis.releaseProducer(owner);
    }

    @Override
    public boolean acquireQueue(UUID subscriptionId, String owner, Duration ttl) {
      return redis.acquireQueue(subscriptionId, owner, ttl);
    }

    @Override
    public void releaseQueue(UUID subscriptionId, String owner) {
      redis.releaseQueue(subscriptionId, owner);
    }

    @Override
    public void close() {
      resume();
    }
  }

  private PausableLeases pausable() {
    return new PausableLeases(Engines.redisLeases(redisServer.get()));
  }

  private NotificationEngine startProducing(NotificationSettings settings, String owner) {
    return startProducing(settings, owner, Engines.redisLeases(redisServer.get()));
  }

  private NotificationEngine startProducing(
      NotificationSettings settings, String owner, NotificationLeases leases) {
    NotificationEngine e = start(settings, owner, leases);
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
