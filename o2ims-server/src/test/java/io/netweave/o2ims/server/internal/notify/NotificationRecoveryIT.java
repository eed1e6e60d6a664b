package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import io.netweave.o2ims.server.internal.notify.embedded.LocalLeases;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import io.netweave.o2ims.server.spi.NotificationLeases;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash (halt without any cleanup, as kill -9) and restart: a fresh engine over the same store
 * files or the same Redis delivers everything that was pending, and notifies the changes made while
 * no engine ran, once each.
 */
class NotificationRecoveryIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  private final TestInventory inventory = new TestInventory();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final Engines engines = new Engines();
  private final List<MvStoreOutbox> files = new ArrayList<>();
  @TempDir Path dataDir;
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
    files.forEach(MvStoreOutbox::close);
  }

  private MvStoreOutbox file() {
    MvStoreOutbox o = new MvStoreOutbox(dataDir);
    files.add(o);
    return o;
  }

  private NotificationEngine start(
      NotificationOutbox outbox, NotificationLeases leases, String owner) {
    return start(Engines.settings(1000), outbox, leases, owner);
  }

  private NotificationEngine start(
      NotificationSettings settings,
      NotificationOutbox outbox,
      NotificationLeases leases,
      String owner) {
    NotificationEngine e = engines.start(settings, inventory, store, outbox, leases, owner);
    await().atMost(WAIT).until(e::producing);
    return e;
  }

  /**
   * The secret the restarted engine signs its requests with ({@code notifications.callback_auth});
   * the crashed engine signs none.
   */
  private static final String RESTARTED = "the restarted engine";

  private static NotificationSettings signedByTheRestartedEngine() {
    return Engines.settings(1000).toBuilder()
        .callbackAuth(
            Map.of(
                "127.0.0.1",
                new CallbackAuth(Optional.of(RESTARTED), Optional.empty(), Optional.empty())))
        .build();
  }

  private static final java.util.function.Predicate<CallbackReceiver.Incoming> SIGNED_BY_RESTARTED =
      CallbackReceiver.signedWith(RESTARTED);

  /** Whether the restarted engine sent this request: it carries that engine's valid signature. */
  private static boolean fromTheRestartedEngine(CallbackReceiver.Incoming r) {
    return SIGNED_BY_RESTARTED.test(r);
  }

  /**
   * Where a replica keeps its outbox and leases, and how it crashes: a new outbox and leases over
   * the same store each time (the restarted replica's), and what a crash does to the outbox beyond
   * the engine's halt.
   */
  private record Replica(
      Supplier<NotificationOutbox> outboxes,
      Supplier<NotificationLeases> leases,
      java.util.function.Consumer<NotificationOutbox> crash) {}

  /** The embedded store: the same files; a crash halts the file store without closing it. */
  private Replica embedded() {
    return new Replica(
        this::file, () -> new LocalLeases(Clock.systemUTC()), o -> ((MvStoreOutbox) o).halt());
  }

  /** Redis: the same keys; a crash leaves Redis as it is. */
  private Replica onRedis() {
    return new Replica(
        () -> Engines.redisOutbox(redisServer.get()),
        () -> Engines.redisLeases(redisServer.get()),
        o -> {});
  }

  /** A first engine (replica-a) with the ten changes of {@link #putPools} in its outbox. */
  private record Pending(NotificationEngine engine, NotificationOutbox outbox, List<UUID> ids) {}

  /** Starts replica-a on {@code replica}, makes ten changes and waits until all ten are queued. */
  private Pending tenPending(Replica replica) {
    NotificationOutbox first = replica.outboxes().get();
    NotificationEngine engine = start(first, replica.leases().get(), "replica-a");
    List<UUID> ids = putPools();
    await()
        .atMost(WAIT)
        .until(() -> first.depths().values().stream().mapToLong(Long::longValue).sum() == 10);
    return new Pending(engine, first, ids);
  }

  /** Halts the engine of {@code pending} without any cleanup, then crashes its store. */
  private static void crash(Replica replica, Pending pending) {
    pending.engine().halt();
    replica.crash().accept(pending.outbox());
  }

  /** Starts replica-b, signing with {@link #RESTARTED}, over the same store. */
  private void restart(Replica replica) {
    start(
        signedByTheRestartedEngine(),
        replica.outboxes().get(),
        replica.leases().get(),
        "replica-b");
  }

  @Test
  void pendingNotificationsSurviveACrashOfTheEmbeddedStore() {
    crashWithPendingThenRestart(embedded());
  }

  @Test
  void pendingNotificationsSurviveACrashOfAReplicaOnRedis() {
    crashWithPendingThenRestart(onRedis());
  }

  /**
   * The callback refuses (503) every request of the engine that crashes and accepts those of the
   * restarted one. It tells them apart by who sent the request, not by when it reads it: a request
   * the crashed engine had sent just before the halt may be read by the receiver only after the
   * restart (the worker's call is abandoned at the halt, the bytes are in the socket), and deciding
   * by a flag set after the halt accepted it then; the restarted engine, which never learnt of that
   * 2xx, sent the notification again: 11 accepted instead of 10, the first pool's twice (at least
   * once after a crash, as promised; {@link #crashWithADeliveryInFlightThenRestart} checks that
   * interleaving itself).
   */
  private void crashWithPendingThenRestart(Replica replica) {
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    receiver.answerRequests("/cb", r -> fromTheRestartedEngine(r) ? 204 : 503);
    Pending pending = tenPending(replica);
    await().atMost(WAIT).until(() -> !receiver.received("/cb").isEmpty());
    crash(replica, pending);

    restart(replica);
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() >= 10);
    List<InventoryChangeNotification> got = receiver.notifications("/cb");
    assertThat(got).hasSize(10);
    assertThat(got.stream().map(n -> n.objectRef().orElseThrow()).toList())
        .containsExactlyElementsOf(refs(pending.ids()));
  }

  @Test
  void aDeliveryInFlightAtACrashOfTheEmbeddedStoreIsSentAgainAfterTheRestart() {
    crashWithADeliveryInFlightThenRestart(embedded());
  }

  @Test
  void aDeliveryInFlightAtACrashOfAReplicaOnRedisIsSentAgainAfterTheRestart() {
    crashWithADeliveryInFlightThenRestart(onRedis());
  }

  /**
   * A crash while a delivery is in flight (docs/reliability.md, "A crash with a delivery in
   * flight"): the callback holds the crashed engine's second request (the first pool's retry)
   * across the halt and then accepts it, as a callback that acted on a request whose answer never
   * reached the dead engine. The restarted engine sends that notification again (same
   * notificationId: at least once, never lost) before the nine others, in order.
   */
  private void crashWithADeliveryInFlightThenRestart(Replica replica) {
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch crashed = new CountDownLatch(1);
    receiver.answerRequests(
        "/cb",
        r -> {
          if (fromTheRestartedEngine(r)) {
            return 204;
          }
          if (r.n() != 1) {
            return 503;
          }
          held.countDown();
          return CallbackReceiver.heldUntil(crashed, WAIT, 204, 503);
        });
    Pending pending = tenPending(replica);
    await().atMost(WAIT).until(() -> held.getCount() == 0);
    crash(replica, pending);
    crashed.countDown();
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() == 1);

    restart(replica);
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() >= 11);
    List<InventoryChangeNotification> got = receiver.notifications("/cb");
    List<String> expected = new ArrayList<>(refs(pending.ids()));
    expected.add(0, expected.get(0));
    assertThat(got.stream().map(n -> n.objectRef().orElseThrow()).toList())
        .containsExactlyElementsOf(expected);
    assertThat(got.get(1).notificationId()).isEqualTo(got.get(0).notificationId());
    assertThat(got.stream().skip(1).map(InventoryChangeNotification::notificationId).distinct())
        .hasSize(10);
  }

  /** Ten new pools, each a change to notify; their ids in order. */
  private List<UUID> putPools() {
    return inventory.putPools(10);
  }

  private static List<String> refs(List<UUID> ids) {
    return ids.stream().map(id -> "/o2ims-infrastructureInventory/v1/resourcePools/" + id).toList();
  }

  @Test
  void changesWhileNoGatewayRunsAreNotifiedOnceAtStart() {
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    ResourcePool kept = TestInventory.pool(UUID.randomUUID(), "kept");
    ResourcePool changed = TestInventory.pool(UUID.randomUUID(), "changed");
    ResourcePool removed = TestInventory.pool(UUID.randomUUID(), "removed");
    inventory.put(kept);
    inventory.put(changed);
    inventory.put(removed);
    MvStoreOutbox first = file();
    NotificationEngine engine = start(first, new LocalLeases(Clock.systemUTC()), "replica-a");
    ResourcePool added = TestInventory.pool(UUID.randomUUID(), "added");
    inventory.put(added);
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() == 1);
    engine.close();
    first.close();

    ResourcePool changed2 = changed.toBuilder().description("while down").build();
    ResourcePool born = TestInventory.pool(UUID.randomUUID(), "born while down");
    inventory.putQuietly(changed2);
    inventory.putQuietly(born);
    inventory.removeQuietly(removed);

    start(file(), new LocalLeases(Clock.systemUTC()), "replica-b");
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() >= 4);
    List<InventoryChangeNotification> got = receiver.notifications("/cb");
    assertThat(got.get(0).objectRef().orElseThrow()).endsWith(added.resourcePoolId().toString());
    List<InventoryChangeNotification> caughtUp = got.subList(1, got.size());
    assertThat(caughtUp).hasSize(3);
    assertThat(caughtUp)
        .extracting(n -> n.notificationEventType() + " " + n.objectRef().orElseThrow())
        .containsExactlyInAnyOrder(
            NotificationEventType.MODIFY + " " + ref(changed),
            NotificationEventType.CREATE + " " + ref(born),
            NotificationEventType.DELETE + " " + ref(removed));
    InventoryChangeNotification modify =
        caughtUp.stream()
            .filter(n -> n.notificationEventType() == NotificationEventType.MODIFY)
            .findFirst()
            .orElseThrow();
    assertThat(modify.priorObjectState().orElseThrow()).containsEntry("description", "");
    assertThat(modify.postObjectState().orElseThrow()).containsEntry("description", "while down");
  }

  /** A pool whose extensions list {@code keys} in this order (each key's value is itself). */
  private static ResourcePool poolListing(UUID id, String... keys) {
    java.util.Map<String, Object> extensions = new java.util.LinkedHashMap<>();
    for (String k : keys) {
      extensions.put(k, k);
    }
    return TestInventory.pool(id, "ordered").toBuilder().extensions(extensions).build();
  }

  /**
   * A map built with {@code Map.of} or {@code Map.copyOf} iterates in an order that changes from
   * one JVM to the next, so the same state can serialize otherwise in the next run (or when a
   * backend rebuilds it): neither a live change nor a restart's catch-up may take that for a
   * modify. Each phase ends with a new pool, whose create comes after anything notified before it.
   */
  @Test
  void aStateWhoseMapMembersComeInAnotherOrderIsNotAModify() {
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    UUID id = UUID.randomUUID();
    inventory.put(poolListing(id, "zone", "region", "rack"));
    MvStoreOutbox first = file();
    NotificationEngine engine = start(first, new LocalLeases(Clock.systemUTC()), "replica-a");
    inventory.put(poolListing(id, "rack", "zone", "region"));
    ResourcePool live = TestInventory.pool(UUID.randomUUID(), "after the live change");
    inventory.put(live);
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() >= 1);
    engine.close();
    first.close();

    inventory.putQuietly(poolListing(id, "region", "rack", "zone"));
    start(file(), new LocalLeases(Clock.systemUTC()), "replica-b");
    ResourcePool restarted = TestInventory.pool(UUID.randomUUID(), "after the restart");
    inventory.put(restarted);
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() >= 2);
    assertThat(receiver.notifications("/cb"))
        .extracting(n -> n.notificationEventType() + " " + n.objectRef().orElseThrow())
        .containsExactly(
            NotificationEventType.CREATE + " " + ref(live),
            NotificationEventType.CREATE + " " + ref(restarted));
  }

  @Test
  void theVeryFirstStartTakesTheInventoryAsBaselineWithoutNotifying() {
    store.create(Engines.subscription(receiver.url("/cb"), null, null));
    inventory.put(TestInventory.pool(UUID.randomUUID(), "existing"));
    MvStoreOutbox first = file();
    start(first, new LocalLeases(Clock.systemUTC()), "replica-a");
    ResourcePool later = TestInventory.pool(UUID.randomUUID(), "later");
    inventory.put(later);
    await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() == 1);
    assertThat(receiver.notifications("/cb").get(0).objectRef().orElseThrow())
        .isEqualTo(ref(later));
    assertThat(first.baseline()).containsKey("ResourcePool/" + later.resourcePoolId());
  }

  @Test
  void aFirstV2SubscriptionMadeWhileNoReplicaProducedHearsWhatChangedMeanwhileAndNothingElse() {
    ResourcePool kept = TestInventory.pool(UUID.randomUUID(), "kept");
    inventory.put(kept);
    MvStoreOutbox first = file();
    NotificationEngine engine = start(first, new LocalLeases(Clock.systemUTC()), "replica-a");
    engine.close();
    first.close();

    // No replica produces: the first v2 subscription is accepted, then the inventory changes.
    String callback = receiver.url("/v2");
    UUID id = UUID.randomUUID();
    store.create(
        new io.netweave.o2ims.server.spi.StoredSubscription(
            new io.netweave.o2ims.model.Subscription(
                id, java.util.Optional.empty(), java.util.Optional.empty(), callback),
            "anonymous",
            io.netweave.o2ims.server.spi.StoredSubscription.V2_KEY_PREFIX + callback + "|" + id,
            java.time.Instant.now()));
    ResourcePool born = TestInventory.pool(UUID.randomUUID(), "born while down");
    inventory.putQuietly(born);

    start(file(), new LocalLeases(Clock.systemUTC()), "replica-b");
    String bornRef = "/o2ims-infrastructureInventory/v2/resourcePools/" + born.resourcePoolId();
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/v2").stream()
                    .anyMatch(n -> n.objectRef().orElse("").equals(bornRef)));
    // The baseline read back from the store is the inventory as it was: nothing that existed
    // before is notified again (no modify from a lossy read-back; a site or location may change,
    // as it lists the new pool), the new pool is a create.
    assertThat(receiver.notifications("/v2"))
        .extracting(n -> n.notificationEventType() + " " + n.objectRef().orElseThrow())
        .contains(NotificationEventType.CREATE + " " + bornRef)
        .noneMatch(
            n ->
                n.startsWith(NotificationEventType.MODIFY.toString())
                    && !n.contains("/v2/oCloudSites/")
                    && !n.contains("/v2/locations/"))
        .noneMatch(n -> n.contains(kept.resourcePoolId().toString()));
  }

  private static String ref(ResourcePool p) {
    return "/o2ims-infrastructureInventory/v1/resourcePools/" + p.resourcePoolId();
  }
}
