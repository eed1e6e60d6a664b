package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up window, on the Kubernetes backend against the API emulator: a subscription accepted
 * as soon as {@code /readyz} says 200 gets the very next node change, on a first start with an
 * empty data directory, after a restart with a stored view, while another replica holds the
 * producer lease, when it was accepted by a replica that is not the producer, and across a producer
 * handover. Each change is notified exactly once. After a restart or a clean handover the producer
 * takes its lease as soon as it can, not at its next lease renewal.
 */
class NotificationStartupIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** A bound well below a third of a 90 s lease TTL: a producer elected at a renewal misses it. */
  private static final Duration SOON = Duration.ofSeconds(12);

  private static final String SUBS = "/o2ims-infrastructureInventory/v1/subscriptions";

  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  private final ObjectMapper mapper = O2Json.newMapper();
  private final GatewayHttp http = new GatewayHttp();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final KubeApiEmulator emulator = new KubeApiEmulator().start();
  private final List<Gateway> gateways = new ArrayList<>();
  @TempDir Path dataDir;
  @TempDir Path otherDataDir;

  @BeforeEach
  void cluster() {
    redisServer.get().flushAll();
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
  }

  @AfterEach
  void stop() {
    gateways.forEach(Gateway::close);
    receiver.close();
    emulator.close();
  }

  private Gateway start(Path dir, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put("backend", "kubernetes");
    settings.put("kubernetes.api_url", emulator.url());
    settings.put("notifications.retry_initial_delay", "10ms");
    settings.put("notifications.retry_max_delay", "50ms");
    settings.put("notifications.poll_interval", "20ms");
    settings.put("notifications.lease_ttl", "1s");
    settings.putAll(overrides);
    Gateway g = InProcessGateways.start(dir, settings);
    gateways.add(g);
    return g;
  }

  private Gateway startOnRedis(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(overrides);
    settings.put("redis.url", redisServer.get().uri());
    settings.put("notifications.store", "redis");
    return start(dataDir, settings);
  }

  /** A gateway on {@link #dataDir} with {@code settings}, once its {@code /readyz} answers 200. */
  private Gateway ready(Map<String, String> settings) {
    Gateway g = start(dataDir, settings);
    awaitReady(g);
    return g;
  }

  /** A gateway on the shared Redis with {@code overrides}, once its {@code /readyz} answers 200. */
  private Gateway readyOnRedis(Map<String, String> overrides) {
    Gateway g = startOnRedis(overrides);
    awaitReady(g);
    return g;
  }

  private void awaitReady(Gateway g) {
    await().atMost(WAIT).until(() -> http.send(g, "GET", "/readyz", null).statusCode() == 200);
  }

  private void subscribe(Gateway g, String path) throws IOException {
    HttpResponse<String> r =
        http.send(
            g,
            "POST",
            SUBS,
            "{\"callback\":\""
                + receiver.url(path)
                + "\",\"filter\":\"(eq,objectType,Resource)\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(mapper.readTree(r.body()).path("subscriptionId").asText()).isNotEmpty();
  }

  private void addNode(String name) {
    emulator.create(EmulatedKind.NODE, NodeFixtures.node(name, "zone-a", "4", "16Gi"));
  }

  private List<InventoryChangeNotification> creates(String path, String node) {
    return receiver.notifications(path).stream()
        .filter(n -> n.notificationEventType() == NotificationEventType.CREATE)
        .filter(
            n ->
                n.postObjectState()
                    .map(s -> s.get("extensions"))
                    .filter(Map.class::isInstance)
                    .map(e -> node.equals(((Map<?, ?>) e).get("nodeName")))
                    .orElse(false))
        .toList();
  }

  private void assertNotifiedOnce(String path, String node) {
    await().atMost(WAIT).until(() -> !creates(path, node).isEmpty());
    assertThat(creates(path, node)).as("CREATE of %s at %s", node, path).hasSize(1);
  }

  @Test
  void aNodeAddedRightAfterTheFirstSubscriptionOnAnEmptyDataDirectoryIsNotified() throws Exception {
    Gateway g = ready(Map.of());
    subscribe(g, "/first");
    addNode("edge-new");
    assertNotifiedOnce("/first", "edge-new");
  }

  @Test
  void afterARestartWithAStoredViewChangesWhileDownAndAfterTheSubscriptionAreNotified()
      throws Exception {
    Gateway first = ready(Map.of());
    subscribe(first, "/old");
    first.close();
    addNode("edge-while-down");

    Gateway second = ready(Map.of());
    subscribe(second, "/new");
    addNode("edge-after");
    assertNotifiedOnce("/old", "edge-while-down");
    assertNotifiedOnce("/old", "edge-after");
    assertNotifiedOnce("/new", "edge-after");
  }

  @Test
  void readinessWaitsForTheFirstBaselineWhileAnotherReplicaHoldsTheProducerLease()
      throws Exception {
    // A replica that took the lease and died before writing the first baseline.
    Gateway g = startBehindADeadProducer(4000);
    assertThat(http.send(g, "GET", "/readyz", null).statusCode()).isEqualTo(503);

    awaitReady(g);
    subscribe(g, "/waited");
    addNode("edge-new");
    assertNotifiedOnce("/waited", "edge-new");
  }

  @Test
  void noReadIsAnsweredBeforeTheFirstBaselineSoASubscribeThenReadSmoMissesNoChange()
      throws Exception {
    // Another replica holds the producer lease (and dies) before writing the first baseline: this
    // gateway's informers have synced, but the baseline, taken when it gets the lease, will fold
    // in every change made until then without notifying it.
    Gateway g = startBehindADeadProducer(120_000);

    // The SMO subscribes first (accepted: it will get every change after the baseline), then
    // reads. The read must not answer yet: a list from before the baseline would miss the node
    // added next, which the baseline absorbs and no notification ever reports.
    subscribe(g, "/early");
    for (String path :
        List.of(
            "/o2ims-infrastructureInventory/v1/resourcePools",
            "/o2ims-infrastructureInventory/v2/deploymentManagers",
            "/o2ims-infrastructureInventory/v2")) {
      HttpResponse<String> read = http.send(g, "GET", path, null);
      assertThat(read.statusCode())
          .as("%s before the first baseline: %s", path, read.body())
          .isEqualTo(503);
      assertThat(read.headers().firstValue("Retry-After")).as(path).isPresent();
      assertThat(read.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(read.body()).contains("first baseline");
    }
    addNode("edge-folded");

    redisServer.get().commands().del("netweave:notify:lease:producer");
    awaitReady(g);
    // Its first answered read already holds the node the baseline absorbed...
    HttpResponse<String> pools =
        http.send(g, "GET", "/o2ims-infrastructureInventory/v1/resourcePools", null);
    assertThat(pools.statusCode()).isEqualTo(200);
    String pool = mapper.readTree(pools.body()).path(0).path("resourcePoolId").asText();
    HttpResponse<String> resources =
        http.send(
            g,
            "GET",
            "/o2ims-infrastructureInventory/v1/resourcePools/" + pool + "/resources",
            null);
    assertThat(resources.body()).contains("edge-folded");
    // ...and the next change reaches the subscription accepted before the baseline, once.
    addNode("edge-after");
    assertNotifiedOnce("/early", "edge-after");
    assertThat(creates("/early", "edge-folded")).isEmpty();
  }

  @Test
  void aSubscriptionAcceptedByAReplicaThatIsNotTheProducerGetsTheNextChange() throws Exception {
    // The periodic re-read of subscriptions is far away: only the store's revision can tell the
    // producer about a subscription another replica accepted.
    Map<String, String> slowRefresh = Map.of("notifications.subscription_refresh", "1h");
    Gateway a = readyOnRedis(slowRefresh);
    Gateway b = readyOnRedis(slowRefresh);
    subscribe(b, "/on-b");
    addNode("edge-new");
    assertNotifiedOnce("/on-b", "edge-new");
    subscribe(a, "/on-a");
    subscribe(b, "/on-b-again");
    addNode("edge-next");
    assertNotifiedOnce("/on-a", "edge-next");
    assertNotifiedOnce("/on-b", "edge-next");
    assertNotifiedOnce("/on-b-again", "edge-next");
  }

  @Test
  void aProducerHandoverLosesNoChangeAfterASubscription() throws Exception {
    Gateway a = readyOnRedis(Map.of());
    subscribe(a, "/before");
    Gateway b = readyOnRedis(Map.of());
    a.close();
    subscribe(b, "/during");
    addNode("edge-during");
    assertNotifiedOnce("/before", "edge-during");
    assertNotifiedOnce("/during", "edge-during");
    addNode("edge-after");
    assertNotifiedOnce("/before", "edge-after");
    assertNotifiedOnce("/during", "edge-after");
  }

  /**
   * The producer lease's renewal period ({@code lease_ttl}/3) is far longer than the wait for the
   * notification below: a restarted gateway whose informers sync after its first lease check must
   * take the lease once they have, not at its next renewal.
   */
  @Test
  void aRestartedGatewayProducesAsSoonAsItIsReadyNotAtItsNextLeaseRenewal() throws Exception {
    Map<String, String> longLease = Map.of("notifications.lease_ttl", "90s");
    Gateway first = ready(longLease);
    subscribe(first, "/kept");
    first.close();

    Gateway second = ready(longLease);
    addNode("edge-after-restart");
    await().atMost(SOON).until(() -> !creates("/kept", "edge-after-restart").isEmpty());
    assertThat(creates("/kept", "edge-after-restart")).hasSize(1);
  }

  /**
   * A producer that stops cleanly gives up its lease; the other replica takes it then, not at its
   * next periodic lease check ({@code lease_ttl}/3 = 30 s here, well past the wait below).
   */
  @Test
  void aLeaseReleasedOnACleanShutdownIsTakenAtOnceByTheOtherReplica() throws Exception {
    Map<String, String> longLease = Map.of("notifications.lease_ttl", "90s");
    Gateway a = readyOnRedis(longLease);
    Gateway b = readyOnRedis(longLease);
    subscribe(b, "/handed-over");
    String lease = "netweave:notify:lease:producer";
    String holder = redisServer.get().commands().get(lease);
    assertThat(holder).as("a, started first, holds the producer lease").isNotNull();
    a.close();
    assertThat(redisServer.get().commands().get(lease)).as("a released it").isNotEqualTo(holder);

    addNode("edge-after-handover");
    await().atMost(SOON).until(() -> !creates("/handed-over", "edge-after-handover").isEmpty());
    assertThat(creates("/handed-over", "edge-after-handover")).hasSize(1);
  }

  /**
   * A gateway on the shared Redis whose producer lease another replica took and holds for {@code
   * leaseMillis} without writing the first baseline; returned once its readiness says so.
   */
  private Gateway startBehindADeadProducer(long leaseMillis) throws Exception {
    redisServer
        .get()
        .commands()
        .set(
            "netweave:notify:lease:producer",
            "a-dead-replica",
            io.lettuce.core.SetArgs.Builder.px(leaseMillis));
    Gateway g = startOnRedis(Map.of());
    await()
        .atMost(WAIT)
        .until(() -> http.send(g, "GET", "/readyz", null).body().contains("first baseline"));
    return g;
  }
}
