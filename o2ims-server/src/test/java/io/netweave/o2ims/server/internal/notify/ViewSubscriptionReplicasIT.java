package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first v2 subscription, created on a replica that is not the notification producer (two whole
 * gateways on one real redis-server and one Kubernetes API emulator), hears every change made after
 * its 201, the very first one included: the producer starts the v2 baseline from the inventory it
 * had notified before that change, not from the inventory that already contains it.
 */
class ViewSubscriptionReplicasIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String INV = "/o2ims-infrastructureInventory";

  @TempDir Path dirA;
  @TempDir Path dirB;
  private final RedisServerFixture redis = RedisServerFixture.start();
  private final KubeApiEmulator emulator = new KubeApiEmulator().start();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final GatewayHttp http = new GatewayHttp();
  private Gateway producer;
  private Gateway other;

  @BeforeEach
  void start() {
    emulator.bookmarkInterval(Duration.ofMillis(300));
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
    // The first replica is ready only once it produced the first baseline, so it holds the
    // producer lease (renewed well within its TTL) when the second one starts.
    producer = replica(dirA);
    other = replica(dirB);
  }

  @AfterEach
  void stop() {
    if (other != null) {
      other.close();
    }
    if (producer != null) {
      producer.close();
    }
    receiver.close();
    emulator.close();
    redis.close();
  }

  private Gateway replica(Path dir) {
    Map<String, String> m = new HashMap<>();
    m.put("backend", "kubernetes");
    m.put("kubernetes.api_url", emulator.url());
    m.put("notifications.store", "redis");
    m.put("redis.url", redis.uri());
    m.put("notifications.poll_interval", "20ms");
    m.put("notifications.retry_initial_delay", "10ms");
    m.put("notifications.lease_ttl", "3s");
    Gateway g = InProcessGateways.start(dir, m);
    await().atMost(WAIT).until(() -> http.send(g, "GET", "/readyz", null).statusCode() == 200);
    return g;
  }

  private HttpResponse<String> subscribe(Gateway g, String view, String path) {
    return http.send(
        g,
        "POST",
        INV + "/" + view + "/subscriptions",
        "{\"callback\":\"" + receiver.url(path) + "\"}");
  }

  private List<String> createdNodes(String path) {
    return receiver.notifications(path).stream()
        .filter(n -> n.notificationEventType() == NotificationEventType.CREATE)
        .map(InventoryChangeNotification::postObjectState)
        .flatMap(java.util.Optional::stream)
        .map(s -> s.get("extensions"))
        .filter(e -> e instanceof Map<?, ?>)
        .map(e -> String.valueOf(((Map<?, ?>) e).get("nodeName")))
        .toList();
  }

  @Test
  void theFirstV2SubscriptionMadeOnAnotherReplicaHearsTheFirstChangeAfterIts201() {
    // A v1 subscription on the other replica too: the same change reaches both views.
    assertThat(subscribe(other, "v1", "/v1").statusCode()).isEqualTo(201);
    HttpResponse<String> created = subscribe(other, "v2", "/v2");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    // Right after the 201, with nothing in between: the change the producer handles first.
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-2", "zone-b", "4", "16Gi"));

    await().atMost(WAIT).until(() -> createdNodes("/v1").contains("edge-2"));
    await().atMost(WAIT).until(() -> createdNodes("/v2").contains("edge-2"));
    List<InventoryChangeNotification> v2 = receiver.notifications("/v2");
    assertThat(v2)
        .filteredOn(n -> n.notificationEventType() == NotificationEventType.CREATE)
        .extracting(n -> n.objectRef().orElseThrow())
        .anyMatch(ref -> ref.startsWith(INV + "/v2/resourcePools/") && ref.contains("/resources/"))
        .anyMatch(
            ref -> ref.startsWith(INV + "/v2/oCloudSites/") || ref.contains("/v2/resourcePools/"));
    // Nothing before the 201 is notified: edge-1 existed before the subscription.
    assertThat(createdNodes("/v2")).doesNotContain("edge-1");

    // And later changes keep coming, in v2 shapes.
    emulator.delete(EmulatedKind.NODE, "edge-2");
    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.notifications("/v2").stream()
                    .anyMatch(
                        n ->
                            n.notificationEventType() == NotificationEventType.DELETE
                                && n.objectRef().orElse("").contains("/resources/")));
  }
}
