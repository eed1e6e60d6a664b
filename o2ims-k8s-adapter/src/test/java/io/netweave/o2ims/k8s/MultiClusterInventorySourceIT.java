package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.Location;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.SiteDetails;
import io.netweave.o2ims.model.SiteLayout;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One O-Cloud of three clusters: three instances of the Kubernetes API emulator, each with its own
 * kube-system UID and zones, read by the official client over real HTTP.
 */
class MultiClusterInventorySourceIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<KubeApiEmulator> clusters = new ArrayList<>();
  private final List<MultiClusterInventorySource> sources = new ArrayList<>();
  private final List<InventoryChange> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startClusters() {
    for (int i = 1; i <= 3; i++) {
      clusters.add(cluster(i));
    }
  }

  @AfterEach
  void stop() {
    sources.forEach(MultiClusterInventorySource::close);
    clusters.forEach(KubeApiEmulator::close);
  }

  /** Cluster i: zone-a (shared name across clusters) with one node, zone-i with another. */
  private static KubeApiEmulator cluster(int i) {
    KubeApiEmulator e = new KubeApiEmulator().start();
    e.bookmarkInterval(Duration.ofMillis(300));
    e.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    e.create(EmulatedKind.NODE, NodeFixtures.node("c" + i + "-a", "zone-a", "4", "16Gi"));
    e.create(EmulatedKind.NODE, NodeFixtures.node("c" + i + "-x", "zone-" + i, "8", "32Gi"));
    return e;
  }

  private static KubernetesSettings settings(KubeApiEmulator e, String name) {
    return KubernetesSettings.builder()
        .connection(KubernetesConnection.explicit(URI.create(e.url()), "", Optional.empty()))
        .clusterName(name)
        .qps(200)
        .build();
  }

  /** A source on clusters c1 to c{count}, its changes collected, started (not awaited). */
  private MultiClusterInventorySource launch(int count) {
    MultiClusterInventorySource source =
        new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofMillis(100));
    sources.add(source);
    source.addListener((snapshot, batch) -> changes.addAll(batch));
    for (int i = 0; i < count; i++) {
      source.addCluster("c" + (i + 1), settings(clusters.get(i), "c" + (i + 1)));
    }
    source.start();
    return source;
  }

  /** {@link #launch}, then waits until every cluster's nodes and deployment manager are in. */
  private MultiClusterInventorySource start(int count) {
    MultiClusterInventorySource source = launch(count);
    await()
        .atMost(WAIT)
        .until(
            () ->
                source.readiness().ready()
                    && source.snapshot().resources().size() == 2 * count
                    && source.snapshot().deploymentManagers().size() == count);
    return source;
  }

  private static Set<UUID> ids(InventorySnapshot s) {
    Set<UUID> ids = new TreeSet<>();
    s.allObjects().forEach(o -> ids.add(o.id()));
    return ids;
  }

  @Test
  void everyNodeOfEveryClusterIsListedOnceUnderOneOCloud() {
    MultiClusterInventorySource source = start(3);
    InventorySnapshot s = source.snapshot();
    assertThat(s.resources().values())
        .extracting(r -> r.extensions().get("nodeName"))
        .containsExactlyInAnyOrder("c1-a", "c1-x", "c2-a", "c2-x", "c3-a", "c3-x");
    assertThat(s.deploymentManagers().values())
        .extracting(d -> d.name())
        .containsExactlyInAnyOrder("c1", "c2", "c3");
    assertThat(s.deploymentManagers().values())
        .allSatisfy(d -> assertThat(d.oCloudId()).isEqualTo(s.oCloud().oCloudId()));
    // zone-a exists in every cluster: three distinct pools, plus zone-1, zone-2, zone-3.
    assertThat(s.resourcePools()).hasSize(6);
    assertThat(s.resourcePools().values())
        .allSatisfy(p -> assertThat(p.oCloudId()).isEqualTo(s.oCloud().oCloudId()));
    assertThat(s.resourcePools().values().stream().filter(p -> p.name().equals("zone-a")))
        .hasSize(3);
    assertThat(source.readiness().detail()).contains("cluster c1: ready", "cluster c3: ready");
  }

  @Test
  void nodeChangesAppliedOneByOneGiveTheSnapshotAFreshStartBuilds() {
    MultiClusterInventorySource source = start(3);
    // a label on another cluster's node (its records are adopted: shared type id), a node added
    // to and removed from an existing pool, a label on the own cluster's node
    com.fasterxml.jackson.databind.node.ObjectNode patch = clusters.get(1).newObject();
    patch.putObject("metadata").putObject("labels").put("example.com/rack", "r7");
    clusters.get(1).patch(EmulatedKind.NODE, "c2-a", patch, false);
    await().atMost(WAIT).until(() -> labelOf(source, "c2-a", "example.com/rack").equals("r7"));
    clusters.get(1).create(EmulatedKind.NODE, NodeFixtures.node("c2-y", "zone-2", "8", "32Gi"));
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 7);
    clusters.get(0).patch(EmulatedKind.NODE, "c1-x", patch, false);
    await().atMost(WAIT).until(() -> labelOf(source, "c1-x", "example.com/rack").equals("r7"));
    InventorySnapshot withY = source.snapshot();
    clusters.get(1).delete(EmulatedKind.NODE, "c2-y");
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 6);

    assertThat(withY.resources().values())
        .allSatisfy(r -> assertThat(withY.resourceTypes()).containsKey(r.resourceTypeId()));
    InventorySnapshot incremental = source.snapshot();
    InventorySnapshot fresh = start(3).snapshot();
    assertThat(incremental.resources()).isEqualTo(fresh.resources());
    assertThat(incremental.resourcePools()).isEqualTo(fresh.resourcePools());
    assertThat(incremental.resourceTypes()).isEqualTo(fresh.resourceTypes());
    assertThat(incremental.deploymentManagers()).isEqualTo(fresh.deploymentManagers());
    assertThat(changes)
        .filteredOn(c -> c.objectType() == ObjectType.RESOURCE)
        .allSatisfy(
            c ->
                c.post()
                    .ifPresent(
                        r ->
                            assertThat(withY.resourceTypes())
                                .containsKey(
                                    ((io.netweave.o2ims.model.Resource) r).resourceTypeId())));
  }

  private static String labelOf(MultiClusterInventorySource source, String node, String label) {
    return source.snapshot().resources().values().stream()
        .filter(r -> node.equals(r.extensions().get("nodeName")))
        .map(r -> r.extensions().get("labels"))
        .filter(java.util.Map.class::isInstance)
        .map(l -> String.valueOf(((java.util.Map<?, ?>) l).get(label)))
        .findFirst()
        .orElse("");
  }

  @Test
  void everyClustersNodesHaveTheirHealthUnderTheirListedResourceAndType() {
    MultiClusterInventorySource source = start(3);
    await().atMost(WAIT).until(() -> source.nodeHealth().size() == 6);
    InventorySnapshot s = source.snapshot();
    assertThat(source.nodeHealth().keySet()).isEqualTo(s.resources().keySet());
    assertThat(source.nodeHealth().values())
        .allSatisfy(
            h -> {
              var r = s.resources().get(h.resourceId());
              assertThat(h.resourceTypeId()).isEqualTo(r.resourceTypeId());
              assertThat(s.resourceTypes()).containsKey(h.resourceTypeId());
              assertThat(h.nodeName()).isEqualTo(r.extensions().get("nodeName"));
            });
  }

  @Test
  void eachClusterHasItsOwnSitesAndConfiguredDetailsNameTheirLocation() {
    MultiClusterInventorySource source =
        new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofMillis(100));
    sources.add(source);
    source.addCluster(
        "c1",
        settings(clusters.get(0), "c1"),
        new SiteDetails(
            Optional.of("Berlin central"),
            Optional.of("berlin-1"),
            Optional.of("Alexanderplatz 1, Berlin"),
            Optional.empty(),
            Optional.empty()));
    source.addCluster("c2", settings(clusters.get(1), "c2"));
    source.addCluster("c3", settings(clusters.get(2), "c3"));
    source.start();
    await()
        .atMost(WAIT)
        .until(() -> source.readiness().ready() && source.snapshot().resources().size() == 6);
    SiteLayout layout = SiteLayout.of(source.snapshot());
    // c1: one configured site; c2 and c3: one site each for their region (eu-west-1).
    assertThat(layout.sites()).hasSize(3);
    assertThat(layout.locations().values())
        .extracting(Location::globalLocationId)
        .containsExactlyInAnyOrder("berlin-1", "eu-west-1");
    Location berlin = layout.locations().get(Location.keyOf("berlin-1"));
    assertThat(berlin.address()).contains("Alexanderplatz 1, Berlin");
    assertThat(berlin.oCloudSiteIds()).hasSize(1);
    assertThat(layout.locations().get(Location.keyOf("eu-west-1")).oCloudSiteIds()).hasSize(2);
    for (var pool : source.snapshot().resourcePools().values()) {
      assertThat(layout.siteOf(pool.id())).isPresent();
    }
    UUID c1 = dmOf(source.snapshot(), "c1");
    assertThat(layout.locationsOf(c1)).containsExactly("berlin-1");
    assertThat(layout.locationsOf(dmOf(source.snapshot(), "c2"))).containsExactly("eu-west-1");
  }

  @Test
  void aClusterDownAtStartUpHoldsNoOneBackAndJoinsWhenItComes() {
    clusters.get(2).stop();
    MultiClusterInventorySource source = launch(3);
    await()
        .atMost(WAIT)
        .until(() -> source.readiness().ready() && source.snapshot().resources().size() == 4);
    assertThat(source.readiness().stale()).isTrue();
    assertThat(source.readiness().detail()).contains("cluster c3: not ready");
    clusters.get(2).start();
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 6);
    await().atMost(WAIT).until(() -> !source.readiness().stale());
    assertThat(changes)
        .filteredOn(c -> c.eventType() == NotificationEventType.CREATE)
        .extracting(InventoryChange::objectType)
        .contains(ObjectType.DEPLOYMENT_MANAGER, ObjectType.RESOURCE);
  }

  @Test
  void theOCloudWaitsForItsOwnClusterDownAtStartUpAndKeepsTheIdsItHasWhenReachable() {
    MultiClusterInventorySource reference = start(3);
    UUID oCloudId = reference.snapshot().oCloud().oCloudId();
    Set<UUID> referenceIds = ids(reference.snapshot());
    sources.remove(0).close();
    changes.clear();

    clusters.get(0).stop();
    MultiClusterInventorySource source = launch(3);
    // The other clusters sync, but without its own cluster the O-Cloud has no id yet: not ready,
    // and nothing is published under the nil UUID. A synced cluster counts as ready in the source's
    // detail once the next staleness check has taken its objects in ("synced, not published yet"
    // until then), so the wait is for that, not for its informers alone.
    await()
        .atMost(WAIT)
        .until(
            () ->
                source.clusterReadiness().get("c2").ready()
                    && source.clusterReadiness().get("c3").ready()
                    && source.clusterStale("c1")
                    && source.readiness().detail().contains("cluster c2: ready")
                    && source.readiness().detail().contains("cluster c3: ready"));
    assertThat(source.readiness().ready()).isFalse();
    assertThat(source.readiness().detail())
        .contains("waiting for cluster c1, the O-Cloud's own", "cluster c2: ready");
    assertThat(source.snapshot().resources()).isEmpty();
    assertThat(source.snapshot().deploymentManagers()).isEmpty();
    assertThat(source.snapshot().resourcePools()).isEmpty();

    clusters.get(0).start();
    await()
        .atMost(WAIT)
        .until(() -> source.readiness().ready() && source.snapshot().resources().size() == 6);
    assertThat(source.snapshot().oCloud().oCloudId()).isEqualTo(oCloudId);
    assertThat(ids(source.snapshot())).isEqualTo(referenceIds);
    assertThat(changes)
        .allSatisfy(c -> assertThat(c.object().id()).isNotEqualTo(new UUID(0, 0)))
        .noneMatch(
            c ->
                c.object() instanceof io.netweave.o2ims.model.ResourcePool p
                    && p.oCloudId().equals(new UUID(0, 0)));
  }

  /**
   * A restart with a named own cluster serves the remembered O-Cloud id at the first staleness
   * check, with no object while the clusters cannot be reached. When they come, their informers
   * sync before the next check (here 3 s later) publishes their objects; the source must not be
   * ready in between, or the gateway's notification producer, which starts on the first ready
   * snapshot, tells every subscriber that every object was deleted (and created again once
   * published), and the API answers empty lists while /readyz says ready.
   */
  @Test
  void aRestartedSourceIsReadyOnlyWithEveryClustersObjectsInItsSnapshot() {
    UUID oCloudId = start(3).snapshot().oCloud().oCloudId();
    sources.remove(0).close();
    clusters.forEach(KubeApiEmulator::stop);
    MultiClusterInventorySource source =
        new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofSeconds(3), "c1");
    sources.add(source);
    source.rememberedOCloudId(oCloudId);
    for (int i = 0; i < 3; i++) {
      source.addCluster("c" + (i + 1), settings(clusters.get(i), "c" + (i + 1)));
    }
    source.start();
    await().atMost(WAIT).until(() -> oCloudId.equals(source.snapshot().oCloud().oCloudId()));
    assertThat(source.snapshot().resources()).isEmpty();
    clusters.forEach(KubeApiEmulator::start);
    await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> source.readiness().ready());
    InventorySnapshot ready = source.snapshot();
    assertThat(ready.resources()).hasSize(6);
    assertThat(ready.deploymentManagers()).hasSize(3);
  }

  @Test
  void aRememberedOCloudIdIsServedAtOnceWhileTheOwnClusterIsDownAndConfirmedWhenItComes() {
    MultiClusterInventorySource reference = start(3);
    UUID oCloudId = reference.snapshot().oCloud().oCloudId();
    Set<UUID> referenceIds = ids(reference.snapshot());
    sources.remove(0).close();

    clusters.get(0).stop();
    MultiClusterInventorySource source =
        new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofMillis(100));
    sources.add(source);
    List<UUID> told = new CopyOnWriteArrayList<>();
    source.onOCloudId(told::add);
    source.rememberedOCloudId(oCloudId);
    for (int i = 0; i < 3; i++) {
      source.addCluster("c" + (i + 1), settings(clusters.get(i), "c" + (i + 1)));
    }
    source.start();
    await()
        .atMost(WAIT)
        .until(() -> source.readiness().ready() && source.snapshot().resources().size() == 4);
    assertThat(source.snapshot().oCloud().oCloudId()).isEqualTo(oCloudId);
    assertThat(referenceIds).containsAll(ids(source.snapshot()));
    assertThat(told).isEmpty();

    clusters.get(0).start();
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 6);
    assertThat(ids(source.snapshot())).isEqualTo(referenceIds);
    await().atMost(WAIT).until(() -> told.contains(oCloudId));
  }

  @Test
  void aNamedOwnClusterAddedAfterTheOthersGivesTheOCloudItsIdsWhichStayWhenItIsRemoved() {
    KubernetesSettings alone = settings(clusters.get(1), "c2");
    UUID expected;
    try (KubernetesInventorySource single =
        new KubernetesInventorySource(
            KubernetesConnections.apiClient(alone), alone, Clock.systemUTC())) {
      single.start();
      await().atMost(WAIT).until(() -> single.readiness().ready());
      expected = single.snapshot().oCloud().oCloudId();
    }
    MultiClusterInventorySource source =
        new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofMillis(100), "c2");
    sources.add(source);
    source.addCluster("c1", settings(clusters.get(0), "c1"));
    source.addCluster("c3", settings(clusters.get(2), "c3"));
    source.start();
    await().atMost(WAIT).until(() -> source.clusterReadiness().get("c1").ready());
    assertThat(source.readiness().ready()).isFalse();
    assertThat(source.readiness().detail())
        .contains("waiting for cluster c2, the O-Cloud's own (not present)");

    source.addCluster("c2", settings(clusters.get(1), "c2"));
    await()
        .atMost(WAIT)
        .until(() -> source.readiness().ready() && source.snapshot().resources().size() == 6);
    assertThat(source.snapshot().oCloud().oCloudId()).isEqualTo(expected);
    Set<UUID> withOwn = ids(source.snapshot());

    source.removeCluster("c2");
    assertThat(source.snapshot().oCloud().oCloudId()).isEqualTo(expected);
    assertThat(source.readiness().ready()).isTrue();
    assertThat(withOwn).containsAll(ids(source.snapshot()));
    assertThat(source.snapshot().resources()).hasSize(4);
  }

  @Test
  void idsAreStableAcrossRestartsAndAsASingleClusterHadThem() {
    Set<UUID> first = ids(start(3).snapshot());
    sources.remove(0).close();
    assertThat(ids(start(3).snapshot())).isEqualTo(first);

    KubernetesSettings single = settings(clusters.get(0), "c1");
    ApiClient client = KubernetesConnections.apiClient(single);
    try (KubernetesInventorySource alone =
        new KubernetesInventorySource(client, single, Clock.systemUTC())) {
      alone.start();
      await().atMost(WAIT).until(() -> alone.readiness().ready());
      assertThat(first).containsAll(ids(alone.snapshot()));
    }
  }

  @Test
  void aClusterAddedAndRemovedAtRunTimeIsNotifiedAndChangesNoOtherId() {
    MultiClusterInventorySource source = start(3);
    Set<UUID> before = ids(source.snapshot());
    KubeApiEmulator fourth = cluster(4);
    clusters.add(fourth);
    changes.clear();
    var fourthSettings = settings(fourth, "c4");
    fourth.stop();
    source.addCluster("c4", fourthSettings);
    // A cluster that joins at run time never makes the O-Cloud unready, even before it syncs:
    // "joining" until its first failed call is noticed (the staleness check, every 100 ms, may
    // come before this thread runs again on a busy machine), "not ready" from then on.
    assertThat(source.readiness().ready()).isTrue();
    assertThat(source.readiness().detail())
        .containsAnyOf("cluster c4: joining", "cluster c4: not ready");
    await().atMost(WAIT).until(() -> source.clusterStale("c4"));
    assertThat(source.readiness().ready()).isTrue();
    assertThat(source.readiness().detail()).contains("cluster c4: not ready");
    assertThat(source.snapshot().deploymentManagers()).hasSize(3);
    fourth.start();
    await().atMost(WAIT).until(() -> source.snapshot().deploymentManagers().size() == 4);
    assertThat(source.readiness().ready()).isTrue();
    await().atMost(WAIT).until(() -> source.snapshot().resources().size() == 8);
    Set<UUID> withFourth = ids(source.snapshot());
    // Its deployment manager, two pools and two resources; its nodes' flavour is the others', so
    // their resource type is the O-Cloud's existing one (one type per flavour).
    assertThat(withFourth).containsAll(before).hasSize(before.size() + 5);
    assertThat(source.snapshot().resourceTypes()).hasSize(1);
    Set<UUID> added = new HashSet<>(withFourth);
    added.removeAll(before);
    await().atMost(WAIT).until(() -> createdIds().containsAll(added));
    assertThat(changes)
        .filteredOn(c -> c.objectType() == ObjectType.DEPLOYMENT_MANAGER)
        .anyMatch(c -> c.eventType() == NotificationEventType.CREATE);

    changes.clear();
    assertThat(source.removeCluster("c4")).isTrue();
    assertThat(ids(source.snapshot())).isEqualTo(before);
    Set<UUID> deleted = new HashSet<>();
    changes.stream()
        .filter(c -> c.eventType() == NotificationEventType.DELETE)
        .forEach(c -> deleted.add(c.objectId()));
    assertThat(deleted).isEqualTo(added);
  }

  private Set<UUID> createdIds() {
    Set<UUID> created = new HashSet<>();
    changes.stream()
        .filter(c -> c.eventType() == NotificationEventType.CREATE)
        .forEach(c -> created.add(c.objectId()));
    return created;
  }

  @Test
  void aStoppedClusterIsFlaggedStaleWhileTheOthersStayFreshAndItRecoversByItself() {
    MultiClusterInventorySource source = start(3);
    UUID c2 = dmOf(source.snapshot(), "c2");
    clusters.get(1).stop();
    await().atMost(WAIT).until(() -> source.readiness().stale());
    await()
        .atMost(WAIT)
        .until(
            () ->
                Boolean.TRUE.equals(
                    source.snapshot().deploymentManagers().get(c2).extensions().get("stale")));
    assertThat(source.readiness().ready()).isTrue();
    assertThat(source.readiness().detail()).contains("cluster c2: stale", "cluster c1: ready");
    assertThat(source.snapshot().resources().values())
        .filteredOn(r -> String.valueOf(r.extensions().get("nodeName")).startsWith("c2-"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.extensions()).containsEntry("stale", true));
    assertThat(changes)
        .anyMatch(
            c ->
                c.eventType() == NotificationEventType.MODIFY
                    && c.objectId().equals(c2)
                    && Boolean.TRUE.equals(
                        ((io.netweave.o2ims.model.DeploymentManager) c.post().orElseThrow())
                            .extensions()
                            .get("stale")));

    changes.clear();
    clusters.get(0).create(EmulatedKind.NODE, NodeFixtures.node("c1-new", "zone-a", "2", "8Gi"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                changes.stream()
                    .anyMatch(
                        c ->
                            c.eventType() == NotificationEventType.CREATE
                                && c.objectType() == ObjectType.RESOURCE
                                && "c1-new".equals(nodeName(c.object()))));
    assertThat(source.snapshot().resources()).hasSize(7);

    clusters.get(1).start();
    await().atMost(WAIT).until(() -> !source.readiness().stale());
    assertThat(source.snapshot().deploymentManagers().get(c2).extensions())
        .doesNotContainKey("stale");
    assertThat(source.readiness().detail()).contains("cluster c2: ready");
  }

  @Test
  void whatAClusterBackFromAnOutageSendsIsNotPublishedAsStale() {
    // A staleness check far apart from the reconnection: the cluster's relist (or resumed watch)
    // arrives while its flag still says stale.
    MultiClusterInventorySource source =
        new MultiClusterInventorySource(Clock.systemUTC(), Duration.ofSeconds(3));
    sources.add(source);
    source.addListener((snapshot, batch) -> changes.addAll(batch));
    source.addCluster("c1", settings(clusters.get(0), "c1"));
    source.addCluster("c2", settings(clusters.get(1), "c2"));
    source.start();
    await()
        .atMost(WAIT)
        .until(() -> source.readiness().ready() && source.snapshot().resources().size() == 4);
    clusters.get(1).stop();
    await().atMost(WAIT).until(() -> source.clusterStale("c2"));
    clusters.get(1).create(EmulatedKind.NODE, NodeFixtures.node("c2-new", "zone-a", "2", "8Gi"));
    clusters.get(1).delete(EmulatedKind.NODE, "c2-x");
    changes.clear();

    clusters.get(1).start();
    await().atMost(WAIT).until(() -> !source.clusterStale("c2"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                createdIds().stream().anyMatch(id -> isNode(source, id, "c2-new"))
                    && source.snapshot().resources().size() == 4
                    && changes.stream()
                        .anyMatch(c -> c.eventType() == NotificationEventType.DELETE));
    assertThat(changes)
        .as("changes published once c2 answers again")
        .allSatisfy(
            c ->
                assertThat(c.post().map(o -> extensionsOf(o).get("stale")))
                    .as("%s %s", c.eventType(), c.objectType())
                    .isNotEqualTo(Optional.of(true)));
    UUID added =
        createdIds().stream().filter(id -> isNode(source, id, "c2-new")).findFirst().orElseThrow();
    assertThat(changes)
        .filteredOn(c -> c.objectId().equals(added))
        .extracting(InventoryChange::eventType)
        .containsExactly(NotificationEventType.CREATE);
    assertThat(changes)
        .filteredOn(
            c ->
                c.eventType() == NotificationEventType.DELETE
                    && "c2-x".equals(nodeName(c.prior().orElseThrow())))
        .hasSize(1);
  }

  private static boolean isNode(MultiClusterInventorySource source, UUID id, String name) {
    var r = source.snapshot().resources().get(id);
    return r != null && name.equals(r.extensions().get("nodeName"));
  }

  private static java.util.Map<String, Object> extensionsOf(InventoryObject o) {
    if (o instanceof io.netweave.o2ims.model.Resource r) {
      return r.extensions();
    }
    if (o instanceof io.netweave.o2ims.model.DeploymentManager d) {
      return d.extensions();
    }
    return java.util.Map.of();
  }

  private static Object nodeName(InventoryObject o) {
    return o instanceof io.netweave.o2ims.model.Resource r ? r.extensions().get("nodeName") : null;
  }

  private static UUID dmOf(InventorySnapshot s, String name) {
    return s.deploymentManagers().values().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow()
        .id();
  }
}
