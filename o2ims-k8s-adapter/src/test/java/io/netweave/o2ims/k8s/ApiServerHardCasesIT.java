package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.k8s.internal.ApiHealth;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.spi.InventoryChange;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The API server's hard cases, as the official client's informers meet them through the adapter:
 * expired watches, streams cut mid-event, paged lists whose continue token expires, 429 and 503
 * answers, and objects the client cannot read. Each test checks what the gateway serves (the
 * source's snapshot) and what it notifies (the source's changes), and the outage log lines.
 */
class ApiServerHardCasesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final KubeApiEmulator emulator = new KubeApiEmulator();
  private final List<InventoryChange> changes = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger healthLogger = (Logger) LoggerFactory.getLogger(ApiHealth.class);
  private KubernetesInventorySource source;

  @BeforeEach
  void startCluster() {
    emulator.start();
    emulator.bookmarkInterval(Duration.ofMillis(300));
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("a-1", "zone-a", "4", "16Gi"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("a-2", "zone-a", "4", "16Gi"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("b-1", "zone-b", "8", "32Gi"));
    log.start();
    healthLogger.addAppender(log);
  }

  @AfterEach
  void stop() {
    healthLogger.detachAppender(log);
    if (source != null) {
      source.close();
    }
    emulator.close();
  }

  private void startSource() {
    KubernetesSettings settings =
        KubernetesSettings.builder()
            .connection(
                KubernetesConnection.explicit(URI.create(emulator.url()), "", Optional.empty()))
            .build();
    source =
        new KubernetesInventorySource(
            KubernetesConnections.apiClient(settings), settings, Clock.systemUTC());
    source.addListener((snapshot, batch) -> changes.addAll(batch));
    source.start();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(source.readiness().ready()).as(source.readiness().detail()).isTrue());
  }

  @Test
  void anExpiredWatchRelistsAndNotifiesWhatChangedMeanwhileOnceEachAndNoOutage() {
    startSource();
    UUID a1 = resourceNamed("a-1").resourceId();
    UUID b1 = resourceNamed("b-1").resourceId();
    emulator.holdWatches();
    emulator.delete(EmulatedKind.NODE, "b-1");
    emulator.patch(EmulatedKind.NODE, "a-1", labels("team", "ran"), false);
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("c-1", "zone-a", "2", "8Gi"));
    // a-2 does not change
    emulator.expireWatches();

    UUID c1 = awaitNode("c-1").resourceId();
    awaitSentinel();
    assertThat(source.snapshot().resources().values())
        .extracting(r -> r.extensions().get("nodeName"))
        .containsExactlyInAnyOrder("a-1", "a-2", "c-1", "sentinel");
    assertThat(labelsOf(resourceNamed("a-1"))).containsEntry("team", "ran");
    assertThat(resourceChanges())
        .containsExactlyInAnyOrder(
            tuple(NotificationEventType.DELETE, b1),
            tuple(NotificationEventType.MODIFY, a1),
            tuple(NotificationEventType.CREATE, c1),
            tuple(NotificationEventType.CREATE, resourceNamed("sentinel").resourceId()));
    assertThat(changes)
        .filteredOn(c -> c.objectType() == ObjectType.RESOURCE_POOL)
        .extracting(InventoryChange::eventType)
        .containsExactly(NotificationEventType.DELETE);
    // the API server answered throughout: a 410 is no outage
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aWatchCutInTheMiddleOfAnEventResumesAndLosesNothing() {
    startSource();
    UUID a1 = resourceNamed("a-1").resourceId();
    emulator.cutWatches();
    emulator.patch(EmulatedKind.NODE, "a-1", labels("team", "ran"), false);
    await().atMost(WAIT).until(() -> labelsOf(resourceNamed("a-1")).containsKey("team"));
    awaitSentinel();
    assertThat(resourceChanges())
        .containsExactlyInAnyOrder(
            tuple(NotificationEventType.MODIFY, a1),
            tuple(NotificationEventType.CREATE, resourceNamed("sentinel").resourceId()));
    assertThat(warnings()).isEmpty();
  }

  @Test
  void anExpiredContinueTokenRestartsTheListAndNeverServesHalfAnInventory() {
    for (int i = 0; i < 1_200; i++) {
      emulator.create(
          EmulatedKind.NODE, NodeFixtures.node(String.format("n-%04d", i), "zone-c", "4", "16Gi"));
    }
    emulator.expireContinueTokens(1);
    startSource();
    assertThat(source.snapshot().resources()).hasSize(1_203);
    long listsBefore = emulator.requestCount("list");

    // a relist after an expired watch whose second page finds its token expired
    emulator.expireContinueTokens(1);
    emulator.holdWatches();
    emulator.delete(EmulatedKind.NODE, "n-1199");
    emulator.expireWatches();
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 1_202);
    awaitSentinel();
    assertThat(emulator.requestCount("list") - listsBefore)
        .as("three pages, the second expired, then three pages again")
        .isGreaterThanOrEqualTo(5);
    assertThat(source.snapshot().resources()).hasSize(1_203);
    assertThat(resourceChanges())
        .extracting(t -> t.toList().get(0))
        .containsExactlyInAnyOrder(NotificationEventType.DELETE, NotificationEventType.CREATE);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void tooManyRequestsAndUnavailableOnListAndWatchAreOneOutageAndTheInventoryCatchesUp() {
    startSource();
    emulator.holdWatches();
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("c-1", "zone-a", "2", "8Gi"));
    emulator.fail("list", 503, 2, Duration.ofSeconds(1));
    emulator.fail("watch", 429, 2, Duration.ofSeconds(1));
    emulator.expireWatches();

    UUID c1 = awaitNode("c-1").resourceId();
    await().atMost(WAIT).until(() -> emulator.failuresPending("watch") == 0);
    awaitSentinel();
    assertThat(resourceChanges())
        .containsExactlyInAnyOrder(
            tuple(NotificationEventType.CREATE, c1),
            tuple(NotificationEventType.CREATE, resourceNamed("sentinel").resourceId()));
    awaitRecoveryLogged();
    assertThat(
            log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()))
        .satisfiesExactly(
            warn -> assertThat(warn).startsWith("WARN").contains("HTTP 503"),
            info -> assertThat(info).startsWith("INFO").contains("answers again"));
  }

  @Test
  void watchesForbiddenWhileListsSucceedAreOneOutageNotOneASecond() {
    // e.g. a ClusterRole that lost the watch verb, or a token rotated for one without it: each
    // failed watch makes the reflector relist (which succeeds) a second later
    startSource();
    emulator.fail("watch", 403, 6, Duration.ZERO);
    emulator.expireWatches();
    await().atMost(WAIT).until(() -> emulator.failuresPending("watch") == 0);
    awaitSentinel();
    awaitRecoveryLogged();
    assertThat(
            log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()))
        .satisfiesExactly(
            warn -> assertThat(warn).startsWith("WARN").contains("HTTP 403"),
            info ->
                assertThat(info)
                    .startsWith("INFO")
                    .contains("answers again")
                    .contains("(6 failed calls reported)"));
  }

  @Test
  void aNodeWithAMalformedQuantityOrAFieldOfTheWrongTypeStopsNeitherTheInformerNorTheOthers() {
    ObjectNode badQuantity = NodeFixtures.node("bad-q", "zone-a", "4", "16Gi");
    ((ObjectNode) badQuantity.path("status").path("capacity")).put("cpu", "four");
    emulator.create(EmulatedKind.NODE, badQuantity);
    ObjectNode badType = NodeFixtures.node("bad-t", "zone-a", "4", "16Gi");
    ((ObjectNode) badType.path("spec")).putObject("unschedulable").put("x", 1);
    emulator.create(EmulatedKind.NODE, badType);
    startSource();

    // the malformed quantity is left out; the rest of that node is served
    Map<String, Object> capacity = map(resourceNamed("bad-q").extensions().get("capacity"));
    assertThat(capacity).doesNotContainKey("cpu").containsEntry("memory", "16Gi");
    // a node the client cannot read at all is left out; the others are served
    assertThat(source.snapshot().resources().values())
        .extracting(r -> r.extensions().get("nodeName"))
        .containsExactlyInAnyOrder("a-1", "a-2", "b-1", "bad-q");

    // a change that makes a listed node unreadable does not stop the watch either
    ObjectNode breakIt = JSON.objectNode();
    breakIt.putObject("spec").putObject("unschedulable").put("x", 1);
    emulator.patch(EmulatedKind.NODE, "a-2", breakIt, false);
    emulator.patch(EmulatedKind.NODE, "a-1", labels("team", "ran"), false);
    await().atMost(WAIT).until(() -> labelsOf(resourceNamed("a-1")).containsKey("team"));
    awaitSentinel();
    assertThat(source.readiness().ready()).isTrue();
    // the node that became unreadable is left out (notified deleted) until it is readable again
    assertThat(source.snapshot().resources().values())
        .extracting(r -> r.extensions().get("nodeName"))
        .containsExactlyInAnyOrder("a-1", "b-1", "bad-q", "sentinel");
    ObjectNode repair = JSON.objectNode();
    repair.putObject("spec").put("unschedulable", false);
    emulator.patch(EmulatedKind.NODE, "a-2", repair, false);
    awaitNode("a-2");
    assertThat(warnings()).isEmpty();
  }

  /** Waits for ApiHealth's INFO that ends the outage (logged when a watch starts again). */
  private void awaitRecoveryLogged() {
    await()
        .atMost(WAIT)
        .until(
            () ->
                log.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("answers again after")));
  }

  /** Creates a node and waits for its creation to be notified: what came before it has been. */
  private void awaitSentinel() {
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("sentinel", "zone-a", "2", "8Gi"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                changes.stream()
                    .anyMatch(
                        c ->
                            c.eventType() == NotificationEventType.CREATE
                                && c.objectType() == ObjectType.RESOURCE
                                && "sentinel"
                                    .equals(((Resource) c.object()).extensions().get("nodeName"))));
  }

  private Resource awaitNode(String name) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                source.snapshot().resources().values().stream()
                    .anyMatch(r -> name.equals(r.extensions().get("nodeName"))));
    return resourceNamed(name);
  }

  private List<org.assertj.core.groups.Tuple> resourceChanges() {
    return changes.stream()
        .filter(c -> c.objectType() == ObjectType.RESOURCE)
        .map(c -> tuple(c.eventType(), c.objectId()))
        .toList();
  }

  private List<String> warnings() {
    return log.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private Resource resourceNamed(String name) {
    return KubernetesInventorySourceIT.resourceNamed(source.snapshot(), name);
  }

  private static Map<String, Object> labelsOf(Resource r) {
    return map(r.extensions().get("labels"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static ObjectNode labels(String key, String value) {
    ObjectNode patch = JSON.objectNode();
    patch.putObject("metadata").putObject("labels").put(key, value);
    return patch;
  }
}
