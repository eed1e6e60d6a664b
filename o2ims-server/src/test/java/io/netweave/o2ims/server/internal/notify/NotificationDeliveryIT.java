package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.NotificationSignature;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.server.internal.metrics.LabeledGauge;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import io.netweave.o2ims.server.internal.notify.embedded.LocalLeases;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One engine on the embedded outbox, delivering to a real HTTP receiver. */
class NotificationDeliveryIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  private final ObjectMapper mapper = O2Json.newMapper();
  private final TestInventory inventory = new TestInventory();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final Engines engines = new Engines();
  @TempDir Path dataDir;
  private MvStoreOutbox outbox;
  private RedisSubscriptionStore store;

  @BeforeEach
  void open() {
    redisServer.get().flushAll();
    outbox = new MvStoreOutbox(dataDir);
    store = new RedisSubscriptionStore(redisServer.get().commands(), "test:");
  }

  @AfterEach
  void close() {
    engines.close();
    receiver.close();
    outbox.close();
  }

  private NotificationEngine start(NotificationSettings settings) {
    NotificationEngine engine =
        engines.start(
            settings, inventory, store, outbox, new LocalLeases(Clock.systemUTC()), "replica-1");
    await().atMost(WAIT).until(engine::producing);
    return engine;
  }

  private StoredSubscription subscribe(String path, String filter, UUID consumerId) {
    StoredSubscription s = Engines.subscription(receiver.url(path), filter, consumerId);
    store.create(s);
    return s;
  }

  @Test
  void everyObjectTypeAndEventTypeIsNotifiedWithTheDecidedPayload() {
    UUID consumer = UUID.randomUUID();
    subscribe("/all", null, consumer);
    NotificationEngine engine = start(Engines.settings(10));
    engine.subscriptionsChanged();

    UUID poolId = UUID.randomUUID();
    ResourcePool pool = TestInventory.pool(poolId, "pool-a");
    ResourcePool pool2 = pool.toBuilder().description("changed").build();
    Resource res = TestInventory.resource(UUID.randomUUID(), poolId, "node-1");
    Resource res2 = res.toBuilder().description("node-1b").build();
    var type = TestInventory.type(UUID.randomUUID(), "flavour");
    var type2 = type.toBuilder().vendor("other").build();
    var dm = TestInventory.manager(UUID.randomUUID(), "cluster");
    var dm2 = dm.toBuilder().description("bigger").build();
    var cloud2 = TestInventory.oCloud("renamed");

    List<Object[]> expected = new ArrayList<>();
    change(expected, NotificationEventType.CREATE, null, pool, () -> inventory.put(pool));
    change(expected, NotificationEventType.MODIFY, pool, pool2, () -> inventory.put(pool2));
    change(expected, NotificationEventType.CREATE, null, res, () -> inventory.put(res));
    change(expected, NotificationEventType.MODIFY, res, res2, () -> inventory.put(res2));
    change(expected, NotificationEventType.DELETE, res2, null, () -> inventory.remove(res2));
    change(expected, NotificationEventType.CREATE, null, type, () -> inventory.put(type));
    change(expected, NotificationEventType.MODIFY, type, type2, () -> inventory.put(type2));
    change(expected, NotificationEventType.DELETE, type2, null, () -> inventory.remove(type2));
    change(expected, NotificationEventType.CREATE, null, dm, () -> inventory.put(dm));
    change(expected, NotificationEventType.MODIFY, dm, dm2, () -> inventory.put(dm2));
    change(expected, NotificationEventType.DELETE, dm2, null, () -> inventory.remove(dm2));
    var cloud1 = inventory.snapshot().oCloud();
    change(expected, NotificationEventType.MODIFY, cloud1, cloud2, () -> inventory.put(cloud2));
    change(expected, NotificationEventType.DELETE, pool2, null, () -> inventory.remove(pool2));

    await().atMost(WAIT).until(() -> receiver.notifications("/all").size() >= expected.size());
    List<CallbackReceiver.Received> got =
        receiver.received("/all").stream().filter(CallbackReceiver.Received::delivered).toList();
    assertThat(got).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      NotificationEventType type0 = (NotificationEventType) expected.get(i)[0];
      InventoryObject prior = (InventoryObject) expected.get(i)[1];
      InventoryObject post = (InventoryObject) expected.get(i)[2];
      JsonNode body = read(got.get(i).body());
      InventoryObject subject = post != null ? post : prior;
      assertThat(body.get("notificationId").asText()).as("id of change %d", i).hasSize(36);
      assertThat(body.get("consumerSubscriptionId").asText()).isEqualTo(consumer.toString());
      assertThat(body.get("notificationEventType").isInt()).isTrue();
      assertThat(body.get("notificationEventType").asInt()).isEqualTo(type0.code());
      assertThat(body.get("objectRef").asText()).isEqualTo(expectedRef(subject));
      assertThat(body.has("priorObjectState")).isEqualTo(prior != null);
      assertThat(body.has("postObjectState")).isEqualTo(post != null);
      if (prior != null) {
        assertThat(body.get("priorObjectState")).isEqualTo(v1(prior));
      }
      if (post != null) {
        assertThat(body.get("postObjectState")).isEqualTo(v1(post));
      }
      assertThat(got.get(i).headers().get("Content-type").get(0)).startsWith("application/json");
    }
    assertThat(got.stream().map(r -> read(r.body()).get("notificationId").asText()).distinct())
        .hasSize(expected.size());
  }

  /**
   * After an upgrade from a version whose v1 managers listed no {@code supportedLocations}, the
   * stored baseline holds {@code []}: the first producer notifies the manager's list once, as a
   * modify; then a pool's region change is one more modify of the manager (its list), besides the
   * pool's own.
   */
  @Test
  void aManagersSupportedLocationsFollowItsPoolsRegionsAlsoFromABaselineWithoutThem()
      throws Exception {
    var dm = TestInventory.manager(UUID.randomUUID(), "cluster");
    ResourcePool pool =
        TestInventory.pool(UUID.randomUUID(), "zone-a").toBuilder().location("eu-west-1").build();
    inventory.put(dm);
    inventory.put(pool);
    Map<String, String> before = new java.util.LinkedHashMap<>();
    for (InventoryObject o : inventory.snapshot().allObjects()) {
      before.put(InventoryJson.key(o.objectType(), o.id()), mapper.writeValueAsString(o));
    }
    assertThat(before.get(InventoryJson.key(dm.objectType(), dm.id())))
        .contains("\"supportedLocations\":[]");
    outbox.initializeBaseline(outbox.newFencingToken(), before);
    // One subscription, one queue: its notifications arrive in the order they were produced.
    subscribe("/both", "(in,objectType,DeploymentManager,ResourcePool)", null);
    start(Engines.settings(10));

    await().atMost(WAIT).until(() -> receiver.notifications("/both").size() == 1);
    inventory.put(pool.toBuilder().location("eu-south-3").build());
    await().atMost(WAIT).until(() -> receiver.notifications("/both").size() == 3);
    // A change that moves no location notifies the pool only; a second one comes after anything
    // the first could have caused.
    inventory.put(pool.toBuilder().location("eu-south-3").description("renamed").build());
    inventory.put(pool.toBuilder().location("eu-south-3").description("renamed again").build());
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/both").stream()
                    .anyMatch(
                        n ->
                            n.postObjectState()
                                .map(p -> "renamed again".equals(p.get("description")))
                                .orElse(false)));
    List<InventoryChangeNotification> got = receiver.notifications("/both");
    assertThat(got)
        .extracting(
            n -> n.objectRef().orElseThrow().split("/")[3] + " " + n.notificationEventType())
        .containsExactly(
            "deploymentManagers MODIFY",
            "resourcePools MODIFY",
            "deploymentManagers MODIFY",
            "resourcePools MODIFY",
            "resourcePools MODIFY");
    assertThat(got.get(0).priorObjectState().orElseThrow().get("supportedLocations"))
        .isEqualTo(List.of());
    assertThat(got.get(0).postObjectState().orElseThrow().get("supportedLocations"))
        .isEqualTo(List.of("eu-west-1"));
    assertThat(got.get(2).priorObjectState().orElseThrow().get("supportedLocations"))
        .isEqualTo(List.of("eu-west-1"));
    assertThat(got.get(2).postObjectState().orElseThrow().get("supportedLocations"))
        .isEqualTo(List.of("eu-south-3"));
  }

  /**
   * An object's v1 JSON as notified: its record's, but a deployment manager lists its sites'
   * locations (here the one site of pool-a, which has no region and so is named after the only
   * cluster).
   */
  private JsonNode v1(InventoryObject o) {
    com.fasterxml.jackson.databind.node.ObjectNode json = mapper.valueToTree(o);
    if (o instanceof io.netweave.o2ims.model.DeploymentManager dm) {
      json.putArray("supportedLocations").add(dm.name());
    }
    return json;
  }

  /**
   * A drain reads its batch once: a notification stored while the queue's drain is sending must not
   * wait for the next poll (an hour here; the default 250 ms was a tail of every busy queue).
   */
  @Test
  void aNotificationStoredDuringItsQueuesDrainIsDeliveredWithoutWaitingForThePoll()
      throws Exception {
    StoredSubscription s = subscribe("/held", null, null);
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    receiver.answer(
        "/held",
        n -> {
          if (n == 0) {
            arrived.countDown();
            return CallbackReceiver.heldUntil(release, WAIT, 204, 204);
          }
          return 204;
        });
    NotificationEngine engine =
        start(Engines.settings(10).toBuilder().pollInterval(Duration.ofHours(1)).build());
    engine.subscriptionsChanged();
    UUID poolId = UUID.randomUUID();
    ResourcePool pool = TestInventory.pool(poolId, "pool-a");
    inventory.put(pool);
    assertThat(arrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    // The second change is stored and its wake-up poll finds the queue busy (depth 2).
    inventory.put(pool.toBuilder().description("changed").build());
    LabeledGauge depths =
        (LabeledGauge) engines.registry.getMetrics().get("notifications.subscription_outbox_depth");
    String sub = s.subscription().subscriptionId().toString();
    await().atMost(WAIT).until(() -> Long.valueOf(2).equals(depths.values().get(sub)));
    release.countDown();

    await().atMost(WAIT).until(() -> receiver.notifications("/held").size() == 2);
    assertThat(receiver.notifications("/held"))
        .extracting(InventoryChangeNotification::notificationEventType)
        .containsExactly(NotificationEventType.CREATE, NotificationEventType.MODIFY);
  }

  private void change(
      List<Object[]> expected, NotificationEventType t, Object prior, Object post, Runnable act) {
    expected.add(new Object[] {t, prior, post});
    act.run();
  }

  private String expectedRef(InventoryObject o) {
    String root = "/o2ims-infrastructureInventory/v1";
    return switch (o.objectType()) {
      case OCLOUD -> root;
      case RESOURCE_POOL -> root + "/resourcePools/" + o.id();
      case RESOURCE ->
          root + "/resourcePools/" + ((Resource) o).resourcePoolId() + "/resources/" + o.id();
      case RESOURCE_TYPE -> root + "/resourceTypes/" + o.id();
      case DEPLOYMENT_MANAGER -> root + "/deploymentManagers/" + o.id();
      case LOCATION, OCLOUD_SITE -> throw new AssertionError("not part of v1: " + o);
    };
  }

  @Test
  void filtersSelectOnPostStateAndOnPriorStateForDeletesWithOneIdPerChange() {
    subscribe("/resources", "(eq,objectType,Resource)", null);
    subscribe("/pool-a", "(eq,name,pool-a)", null);
    subscribe("/everything", null, null);
    start(Engines.settings(10));

    ResourcePool a = TestInventory.pool(UUID.randomUUID(), "pool-a");
    ResourcePool b = TestInventory.pool(UUID.randomUUID(), "pool-b");
    Resource r = TestInventory.resource(UUID.randomUUID(), a.resourcePoolId(), "n1");
    inventory.put(a);
    inventory.put(b);
    inventory.put(r);
    inventory.remove(a);

    await().atMost(WAIT).until(() -> receiver.notifications("/everything").size() == 4);
    await().atMost(WAIT).until(() -> receiver.notifications("/pool-a").size() == 2);
    await().atMost(WAIT).until(() -> receiver.notifications("/resources").size() == 1);
    List<InventoryChangeNotification> poolA = receiver.notifications("/pool-a");
    assertThat(poolA)
        .extracting(InventoryChangeNotification::notificationEventType)
        .containsExactly(NotificationEventType.CREATE, NotificationEventType.DELETE);
    assertThat(poolA.get(1).consumerSubscriptionId()).isEmpty();
    assertThat(receiver.received("/pool-a").get(1).body()).doesNotContain("consumerSubscriptionId");
    assertThat(receiver.notifications("/resources").get(0).objectRef())
        .contains(
            "/o2ims-infrastructureInventory/v1/resourcePools/"
                + a.resourcePoolId()
                + "/resources/"
                + r.resourceId());
    Set<UUID> everyIds =
        receiver.notifications("/everything").stream()
            .map(InventoryChangeNotification::notificationId)
            .collect(Collectors.toSet());
    assertThat(everyIds).contains(poolA.get(0).notificationId(), poolA.get(1).notificationId());
    assertThat(everyIds).contains(receiver.notifications("/resources").get(0).notificationId());
  }

  @Test
  void failingCallbackGetsEverythingInOrderExactlyOnceWhenItRecovers() {
    subscribe("/flaky", null, null);
    receiver.answer("/flaky", n -> n < 6 ? 500 : 204);
    start(Engines.settings(10));
    List<UUID> ids = inventory.putPools(20);
    await().atMost(WAIT).until(() -> receiver.notifications("/flaky").size() >= 20);
    List<InventoryChangeNotification> got = receiver.notifications("/flaky");
    assertThat(got).hasSize(20);
    assertThat(got.stream().map(InventoryChangeNotification::notificationId).distinct())
        .hasSize(20);
    assertThat(got.stream().map(n -> n.objectRef().orElseThrow()).toList())
        .containsExactlyElementsOf(
            ids.stream()
                .map(id -> "/o2ims-infrastructureInventory/v1/resourcePools/" + id)
                .toList());
    assertThat(engines.registry.counter("notifications.retried").getCount()).isEqualTo(6);
    assertThat(engines.registry.counter("notifications.delivered").getCount()).isEqualTo(20);
    assertThat(engines.registry.counter("notifications.produced").getCount()).isEqualTo(20);
    assertThat(engines.registry.histogram("notifications.delivery_latency_ms").getCount())
        .isEqualTo(20);
  }

  @Test
  void aCallbackFailingNowAndThenIsOneWarningAMinuteNotOnePerNotification() {
    subscribe("/sometimes", null, null);
    receiver.answer("/sometimes", n -> n % 2 == 0 ? 503 : 204); // every first attempt fails
    Logger logger = (Logger) LoggerFactory.getLogger(DeliveryDispatcher.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      start(Engines.settings(10));
      for (int i = 0; i < 5; i++) {
        inventory.put(TestInventory.pool(UUID.randomUUID(), "pool-" + i));
      }
      await().atMost(WAIT).until(() -> receiver.notifications("/sometimes").size() == 5);
    } finally {
      logger.detachAppender(log);
    }
    assertThat(engines.registry.counter("notifications.failed").getCount()).isEqualTo(5);
    assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN))
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("failed: HTTP 503"));
  }

  /**
   * A shared receiver down for many subscriptions (here 12 on a receiver answering 500 and 3 on a
   * closed port): each kind of failure line (first failure, dead letter) is written for ten
   * subscriptions a minute, and the rest is summed up in one line when the minute ends. The
   * engine's clock stands still except when the test moves it, so each subscription's one
   * notification fails its first attempt in the first minute and its second (and last) in the next.
   */
  @Test
  void aReceiverDownForManySubscriptionsGivesTenLinesAndOneSummaryAMinute() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String closed = "http://127.0.0.1:" + closedPort + "/notify";
    receiver.answer("/down", n -> 500);
    for (int i = 0; i < 12; i++) {
      subscribe("/down?n=" + i, null, null);
    }
    for (int i = 0; i < 3; i++) {
      store.create(Engines.subscription(closed + "?n=" + i, null, null));
    }
    String[] hosts = {"127.0.0.1:" + receiver.port(), "127.0.0.1:" + closedPort};
    org.threeten.extra.MutableClock clock =
        org.threeten.extra.MutableClock.of(
            Instant.parse("2026-12-07T08:00:00Z"), java.time.ZoneOffset.UTC);
    Logger logger = (Logger) LoggerFactory.getLogger(DeliveryDispatcher.class);
    Level level = logger.getLevel();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    logger.setLevel(Level.DEBUG);
    try {
      NotificationEngine engine =
          engines.start(
              Engines.settings(2),
              inventory,
              store,
              outbox,
              new LocalLeases(Clock.systemUTC()),
              "replica-1",
              io.netweave.o2ims.server.internal.notify.delivery.HostResolver.system(),
              clock);
      await().atMost(WAIT).until(engine::producing);
      inventory.put(TestInventory.pool(UUID.randomUUID(), "p1"));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  lines(log, Level.WARN, "failed: ", "retrying in").size()
                          + lines(log, Level.DEBUG, "failed, attempt 1:").size()
                      == 15);
      List<String> first = lines(log, Level.WARN, "failed: ", "retrying in");
      assertThat(first).hasSize(10);
      assertThat(first.stream().map(l -> l.split(" ")[4]).distinct()).hasSize(10);
      assertThat(lines(log, Level.DEBUG, "failed, attempt 1:")).hasSize(5);
      assertThat(lines(log, Level.WARN, "delivery failures in the minute")).isEmpty();

      clock.add(Duration.ofSeconds(61));
      await().atMost(WAIT).until(() -> lines(log, null, "dead-lettered after 2").size() == 15);
      assertThat(lines(log, Level.WARN, "dead-lettered after 2")).hasSize(10);
      List<String> summaries = lines(log, Level.WARN, "delivery failures in the minute");
      assertThat(summaries).hasSize(1);
      assertThat(summaries.get(0))
          .contains(
              "in the minute to 2026-12-07T08:01:00Z",
              "past 10 lines of each kind: 5 more subscriptions failed a first attempt"
                  + " (5 notifications); callbacks at 127.0.0.1:")
          .doesNotContain("dead-lettered;");
      assertThat(hosts).anyMatch(summaries.get(0)::contains);

      clock.add(Duration.ofSeconds(61));
      await()
          .atMost(WAIT)
          .until(() -> lines(log, Level.WARN, "delivery failures in the minute").size() == 2);
      assertThat(lines(log, Level.WARN, "delivery failures in the minute").get(1))
          .contains(
              "past 10 lines of each kind: 5 more notifications of 5 subscriptions were"
                  + " dead-lettered; callbacks at 127.0.0.1:");
      assertThat(engine.deadLetters()).hasSize(15);
    } finally {
      logger.detachAppender(log);
      logger.setLevel(level);
    }
    // Every attempt counts in the metrics, whatever the log wrote.
    assertThat(engines.registry.counter("notifications.failed").getCount()).isEqualTo(30);
    assertThat(engines.registry.counter("notifications.dead_lettered").getCount()).isEqualTo(15);
  }

  /** The messages at {@code level} (any if null) that contain every one of {@code parts}. */
  private static List<String> lines(ListAppender<ILoggingEvent> log, Level level, String... parts) {
    synchronized (log) { // the appender adds under its own lock
      return log.list.stream()
          .filter(e -> level == null || e.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .filter(m -> java.util.Arrays.stream(parts).allMatch(m::contains))
          .collect(Collectors.toList());
    }
  }

  @Test
  void goneCallbackEndsTheSubscriptionAtOnce() {
    StoredSubscription s = subscribe("/gone", null, null);
    receiver.answer("/gone", n -> 410);
    start(Engines.settings(10));
    inventory.put(TestInventory.pool(UUID.randomUUID(), "p1"));
    inventory.put(TestInventory.pool(UUID.randomUUID(), "p2"));
    await().atMost(WAIT).until(() -> store.get(s.subscription().subscriptionId()).isEmpty());
    await().atMost(WAIT).until(() -> outbox.depths().isEmpty());
    assertThat(receiver.received("/gone")).hasSize(1);
  }

  @Test
  void exhaustedNotificationIsDeadLetteredCountedLoggedAndCanBeReplayed() {
    subscribe("/down?key=s3cret", null, null);
    CountDownLatch up = new CountDownLatch(1);
    receiver.answer("/down", n -> up.getCount() > 0 ? 503 : 204);
    Logger logger = (Logger) LoggerFactory.getLogger(DeliveryDispatcher.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    NotificationEngine engine;
    try {
      engine = start(Engines.settings(3));
      inventory.put(TestInventory.pool(UUID.randomUUID(), "p1"));
      await().atMost(WAIT).until(() -> engine.deadLetters().size() == 1);
    } finally {
      logger.detachAppender(log);
    }
    assertThat(receiver.received("/down")).hasSize(3);
    assertThat(engine.deadLetters().get(0).reason()).isEqualTo("HTTP 503");
    // The runbook's "the gateway's log names the callback and the reason": one WARN at the first
    // failed attempt, one when the notification is dead-lettered, the attempts between at DEBUG;
    // the callback without its query, where an SMO may have put a credential.
    String id = engine.deadLetters().get(0).entry().notificationId().toString();
    String callback = receiver.url("/down");
    assertThat(
            log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage))
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .contains(id, "(callback " + callback + ")", "failed: HTTP 503", "retrying in"),
            last ->
                assertThat(last)
                    .contains(id, "(callback " + callback + ")", "dead-lettered after 3 attempts"));
    assertThat(log.list).noneMatch(e -> e.getFormattedMessage().contains("s3cret"));
    assertThat(engine.deadLetters().get(0).entry().attempts()).isEqualTo(3);
    assertThat(engines.registry.counter("notifications.dead_lettered").getCount()).isEqualTo(1);
    assertThat(engines.registry.counter("notifications.failed").getCount()).isEqualTo(3);
    UUID notificationId = engine.deadLetters().get(0).entry().notificationId();

    up.countDown();
    assertThat(engine.replay(engine.deadLetters().get(0).id())).isTrue();
    await().atMost(WAIT).until(() -> receiver.notifications("/down").size() == 1);
    assertThat(receiver.notifications("/down").get(0).notificationId()).isEqualTo(notificationId);
    assertThat(engine.deadLetters()).isEmpty();
  }

  /**
   * A subscription stored by an older build with a callback past the length limit (then bounded
   * only by the request body) is read back at start like any other; its notifications are refused
   * at delivery, counted as failed attempts, backed off and dead-lettered, naming the limit, while
   * the other subscriptions are served.
   */
  @Test
  void aStoredCallbackPastTheLengthLimitIsLoadedAndItsNotificationsDeadLettered() {
    StoredSubscription tooLong = subscribe("/long?pad=" + "a".repeat(100_000), null, null);
    subscribe("/short", null, null);
    NotificationEngine engine = start(Engines.settings(2));
    inventory.put(TestInventory.pool(UUID.randomUUID(), "p1"));
    await().atMost(WAIT).until(() -> engine.deadLetters().size() == 1);
    await().atMost(WAIT).until(() -> receiver.notifications("/short").size() == 1);
    assertThat(engine.deadLetters().get(0).entry().subscriptionId())
        .isEqualTo(tooLong.subscription().subscriptionId());
    assertThat(engine.deadLetters().get(0).reason())
        .startsWith("refused: callback is ")
        .endsWith("characters long; the longest accepted is 2048");
    assertThat(engine.deadLetters().get(0).entry().attempts()).isEqualTo(2);
    assertThat(receiver.received("/long")).isEmpty();
    assertThat(store.get(tooLong.subscription().subscriptionId())).isPresent();
  }

  /**
   * A callback client that throws (none is known to; this is what a bug in it would do) makes a
   * failed attempt like any other: counted, backed off (a poll before the entry is due sends
   * nothing), dead-lettered after the last attempt, and its stack trace logged once, at WARN, with
   * the subscription. The exception used to escape the drain before any attempt was counted, so the
   * queue was sent again at every poll, without backoff, forever. The dispatcher runs over the real
   * outbox and subscription store, its one worker's queue telling when a drain has ended.
   */
  @Test
  void aCallbackClientThatThrowsMakesFailedAttemptsThatBackOffAndEndDeadLettered()
      throws Exception {
    StoredSubscription s = Engines.subscription("https://smo.example/n", null, null);
    store.create(s);
    UUID sub = s.subscription().subscriptionId();
    outbox.append(
        new io.netweave.o2ims.server.spi.OutboxBatch(
            outbox.newFencingToken(),
            List.of(
                new io.netweave.o2ims.server.spi.NewNotification(
                    sub, UUID.randomUUID(), "{}", Instant.parse("2026-12-07T08:00:00Z"))),
            Map.of(),
            Set.of()));
    org.threeten.extra.MutableClock clock =
        org.threeten.extra.MutableClock.of(
            Instant.parse("2026-12-07T08:00:00Z"), java.time.ZoneOffset.UTC);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService worker =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    DeliveryDispatcher dispatcher =
        new DeliveryDispatcher(
            outbox,
            new LocalLeases(Clock.systemUTC()),
            DeliveryDispatcher.Subscribers.of(List.of(store)),
            (callback, body) -> {
              calls.incrementAndGet();
              throw new IllegalStateException("a bug in the client");
            },
            new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 0.2),
            new NotificationMetrics(engines.registry),
            clock,
            "replica-1",
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            worker,
            () -> 0.5,
            () -> {});
    Logger logger = (Logger) LoggerFactory.getLogger(DeliveryDispatcher.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      dispatcher.poll();
      worker.submit(() -> {}).get(); // the drain the poll queued has ended
      assertThat(calls).hasValue(1);
      assertThat(outbox.head(sub).orElseThrow().attempts()).isEqualTo(1);
      assertThat(outbox.head(sub).orElseThrow().nextAttemptAt()).isAfter(clock.instant());
      dispatcher.poll(); // not due yet: nothing is sent
      worker.submit(() -> {}).get();
      assertThat(calls).hasValue(1);
      for (int attempt = 2; attempt <= 3; attempt++) {
        clock.add(Duration.ofSeconds(30));
        dispatcher.poll();
        worker.submit(() -> {}).get();
        assertThat(calls).hasValue(attempt);
      }
    } finally {
      logger.detachAppender(log);
      worker.shutdown();
    }
    assertThat(outbox.head(sub)).isEmpty();
    assertThat(outbox.deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.entry().attempts()).isEqualTo(3);
              assertThat(d.reason())
                  .isEqualTo(
                      "unexpected error: java.lang.IllegalStateException: a bug in the client");
            });
    assertThat(engines.registry.counter("notifications.failed").getCount()).isEqualTo(3);
    assertThat(engines.registry.counter("notifications.dead_lettered").getCount()).isEqualTo(1);
    assertThat(
            log.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .filter(e -> e.getFormattedMessage().contains("the callback client threw")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getFormattedMessage()).contains(sub.toString());
              assertThat(e.getThrowableProxy().getMessage()).isEqualTo("a bug in the client");
            });
  }

  @Test
  void redirectIsNeverFollowedAndCountsAsFailure() {
    subscribe("/moved", null, null);
    receiver.answer("/moved", n -> 307);
    receiver.header("/moved", "Location", receiver.url("/target"));
    NotificationEngine engine = start(Engines.settings(2));
    inventory.put(TestInventory.pool(UUID.randomUUID(), "p1"));
    await().atMost(WAIT).until(() -> engine.deadLetters().size() == 1);
    assertThat(engine.deadLetters().get(0).reason()).isEqualTo("HTTP 307");
    assertThat(receiver.received("/target")).isEmpty();
  }

  @Test
  void slowCallbackIsCutByTheTimeoutAndDoesNotHoldUpOthers() throws Exception {
    subscribe("/slow", null, null);
    subscribe("/fast", null, null);
    CountDownLatch release = new CountDownLatch(1);
    receiver.answer(
        "/slow", n -> CallbackReceiver.heldUntil(release, Duration.ofSeconds(20), 204, 204));
    NotificationSettings base = Engines.settings(10);
    NotificationSettings settings =
        base.toBuilder().deliveryTimeout(Duration.ofMillis(500)).build();
    start(settings);
    for (int i = 0; i < 10; i++) {
      inventory.put(TestInventory.pool(UUID.randomUUID(), "p" + i));
    }
    await().atMost(WAIT).until(() -> receiver.notifications("/fast").size() == 10);
    await()
        .atMost(WAIT)
        .until(() -> engines.registry.counter("notifications.retried").getCount() >= 1);
    assertThat(release.getCount()).isEqualTo(1);
    release.countDown();
  }

  @Test
  void signedCallbacksCarryAnHmacSignatureTheSdkAccepts() {
    subscribe("/signed", null, null);
    NotificationSettings base = Engines.settings(10);
    NotificationSettings settings =
        base.toBuilder()
            .callbackAuth(
                Map.of(
                    "127.0.0.1",
                    new CallbackAuth(Optional.of("s3cret"), Optional.empty(), Optional.empty())))
            .build();
    start(settings);
    inventory.put(TestInventory.pool(UUID.randomUUID(), "p1"));
    await().atMost(WAIT).until(() -> receiver.notifications("/signed").size() == 1);
    CallbackReceiver.Received r = receiver.received("/signed").get(0);
    String header = r.headers().get("X-o2ims-signature").get(0);
    assertThat(
            NotificationSignature.withSecret("s3cret")
                .verify(
                    header,
                    r.body().getBytes(StandardCharsets.UTF_8),
                    Instant.now(),
                    Duration.ofMinutes(5)))
        .isEqualTo(NotificationSignature.Verification.VALID);
  }

  @Test
  void oauth2CallbacksCarryACachedClientCredentialsToken() {
    subscribe("/protected", null, null);
    receiver.answer("/token", n -> 200);
    receiver.body(
        "/token", "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    NotificationSettings base = Engines.settings(10);
    CallbackAuth.OAuth2 grant =
        new CallbackAuth.OAuth2(
            java.net.URI.create(receiver.url("/token")), "gateway", "pw", Optional.of("o2ims"));
    NotificationSettings settings =
        base.toBuilder()
            .callbackAuth(
                Map.of(
                    "127.0.0.1",
                    new CallbackAuth(Optional.empty(), Optional.of(grant), Optional.empty())))
            .build();
    start(settings);
    for (int i = 0; i < 3; i++) {
      inventory.put(TestInventory.pool(UUID.randomUUID(), "p" + i));
    }
    await().atMost(WAIT).until(() -> receiver.notifications("/protected").size() == 3);
    assertThat(receiver.received("/protected"))
        .allSatisfy(
            r -> assertThat(r.headers().get("Authorization")).containsExactly("Bearer tok-1"));
    List<CallbackReceiver.Received> tokenCalls = receiver.received("/token");
    assertThat(tokenCalls).hasSize(1);
    assertThat(tokenCalls.get(0).body())
        .contains("grant_type=client_credentials")
        .contains("scope=o2ims");
    assertThat(tokenCalls.get(0).headers().get("Authorization").get(0)).startsWith("Basic ");
  }

  private JsonNode read(String body) {
    try {
      return mapper.readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
