package io.netweave.o2ims.k8s;

import io.netweave.o2ims.k8s.internal.O2Ids;
import io.netweave.o2ims.k8s.internal.SharedResourceTypes;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.SiteDetails;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.model.spi.Readiness;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pcollections.PSortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One O-Cloud made of any number of Kubernetes clusters (DECISIONS, "Several clusters"): one {@link
 * KubernetesInventorySource} per cluster, each with its own API client, QPS budget, informers and
 * staleness, composed into one snapshot.
 *
 * <p>Design note. Ids: one cluster is the O-Cloud's own, the first added unless named at
 * construction (its settings carry the configured O-Cloud id, or derive it from its kube-system
 * UID), so a single-cluster configuration keeps the ids it always had; every other cluster derives
 * its ids from its own kube-system UID, so they survive restarts and do not change when other
 * clusters come or go. Until the own cluster has given the O-Cloud id (configured, or its
 * kube-system UID seen once), this source is not ready and publishes no object: the O-Cloud id is
 * never the nil UUID and never changes once known (it stays if the own cluster is removed later).
 * An id the own cluster gave in an earlier run ({@link #rememberedOCloudId}) is served meanwhile,
 * so a restart while it is down holds no other cluster back. Objects of the other clusters are
 * adopted into the O-Cloud ({@code oCloudId} and a defaulted {@code globalLocationId} rewritten),
 * and only the first cluster's O-Cloud object is published. Each cluster's precise changes are
 * forwarded as they come; the merged snapshot is rebuilt under this object's lock before the
 * listeners hear of them, so a reader never sees half a change. A cluster that loses its API server
 * keeps its objects listed, its deployment manager and resources flagged {@code
 * extensions.stale=true} (a modify notification each, when the flag flips); removing a cluster
 * publishes a delete for each of its objects.
 *
 * <p>Thread-safe. Lifecycle: clusters may be added before or after {@link #start()}; {@link
 * #close()} stops every cluster and closes the API clients this source created.
 */
public final class MultiClusterInventorySource implements InventorySource {
  private static final Logger LOG = LoggerFactory.getLogger(MultiClusterInventorySource.class);
  private static final ObjectType[] CREATE_ORDER = {
    ObjectType.OCLOUD,
    ObjectType.RESOURCE_TYPE,
    ObjectType.RESOURCE_POOL,
    ObjectType.DEPLOYMENT_MANAGER,
    ObjectType.RESOURCE
  };

  /** One cluster's source and what this object created for it. */
  private static final class Member {
    final String name;
    final KubernetesInventorySource source;
    final Optional<KubernetesApi> ownedClient;
    final SiteDetails site;
    boolean stale;
    boolean synced;
    boolean removed;

    /** This cluster's resource type ids (with the O-Cloud's id) to the O-Cloud's shared ones. */
    final Map<List<UUID>, UUID> typeIds = new HashMap<>();

    // nodeHealth: this cluster's health map last adopted, under which O-Cloud, and the result
    Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> healthSeen = Map.of();
    OCloudInfo healthCloud;
    Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> healthAdopted = Map.of();

    Member(
        String name,
        KubernetesInventorySource source,
        Optional<KubernetesApi> ownedClient,
        SiteDetails site) {
      this.name = name;
      this.source = source;
      this.ownedClient = ownedClient;
      this.site = site;
    }

    /** This cluster's deployment manager id, once synced. */
    Optional<java.util.UUID> deploymentManagerId() {
      return source.snapshot().deploymentManagers().keySet().stream().findFirst();
    }
  }

  private final Clock clock;
  private final Duration stalenessCheck;
  private final Optional<String> ownCluster;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<String, Boolean>> membership =
      new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService checker;
  private volatile InventorySnapshot merged;

  /** The O-Cloud as its own cluster describes it; null until its id is known. */
  private OCloudInfo cloud;

  // nodeHealth's last answer and the O-Cloud, clusters and health maps it was built from
  private Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> health = Map.of();
  private List<Object> healthFrom = List.of();

  /** The O-Cloud id its own cluster gave in an earlier run, served until it is reached again. */
  private UUID remembered;

  /** The id last told to {@link #onOCloudId} hooks. */
  private UUID announced;

  private final List<java.util.function.Consumer<UUID>> idHooks = new CopyOnWriteArrayList<>();

  private long revision;
  private boolean started;
  private boolean closed;
  private boolean everReady;

  /**
   * @param clock the time source of staleness figures
   * @param stalenessCheck how often the clusters' contact with their API servers is checked
   */
  public MultiClusterInventorySource(Clock clock, Duration stalenessCheck) {
    this(clock, stalenessCheck, Optional.empty());
  }

  /**
   * @param clock the time source of staleness figures
   * @param stalenessCheck how often the clusters' contact with their API servers is checked
   * @param ownCluster the name of the O-Cloud's own cluster (the O-Cloud id derives from it), which
   *     may be added after others or later at run time (e.g. from a watched directory)
   */
  public MultiClusterInventorySource(Clock clock, Duration stalenessCheck, String ownCluster) {
    this(clock, stalenessCheck, Optional.of(ownCluster));
  }

  private MultiClusterInventorySource(
      Clock clock, Duration stalenessCheck, Optional<String> ownCluster) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stalenessCheck = Objects.requireNonNull(stalenessCheck, "stalenessCheck");
    this.ownCluster = Objects.requireNonNull(ownCluster, "ownCluster");
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "k8s-cluster-staleness");
              t.setDaemon(true);
              return t;
            });
    this.merged = emptySnapshot();
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public void addListener(InventoryListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Adds a hook told of every cluster present now and of each one added ({@code true}) or removed
   * ({@code false}) later, e.g. to register per-cluster metrics. Called on the thread that changes
   * the membership; must return quickly.
   */
  public void onMembership(java.util.function.BiConsumer<String, Boolean> hook) {
    membership.add(Objects.requireNonNull(hook, "hook"));
    clusterNames().forEach(n -> hook.accept(n, true));
  }

  /**
   * Serves the O-Cloud under {@code oCloudId}, an id its own cluster derived in an earlier run
   * (kept by the caller, e.g. in a data directory), until that cluster is reached: a restart while
   * it is down then blocks no other cluster. If the cluster, once reached, derives another id (it
   * was replaced), its id wins and every object is republished under it. Call before {@link
   * #start()}.
   */
  public synchronized void rememberedOCloudId(UUID oCloudId) {
    remembered = Objects.requireNonNull(oCloudId, "oCloudId");
  }

  /**
   * Adds a hook told of the O-Cloud id each time the own cluster has given a new one (derived from
   * its kube-system UID, or configured), e.g. to keep it for {@link #rememberedOCloudId}. Called
   * under this source's lock; must return quickly.
   */
  public void onOCloudId(java.util.function.Consumer<UUID> hook) {
    idHooks.add(Objects.requireNonNull(hook, "hook"));
  }

  /** Whether a cluster of that name is present and serving a stale (unreachable) snapshot. */
  public synchronized boolean clusterStale(String name) {
    Member m = members.get(name);
    return m != null && m.stale;
  }

  /**
   * Adds a cluster, creating its API client from {@code settings} (closed with the cluster). The
   * first cluster added is the O-Cloud's own unless another was named at construction. Started at
   * once when this source is started.
   *
   * @throws IllegalArgumentException if a cluster of that name is already present
   */
  public void addCluster(String name, KubernetesSettings settings) {
    addCluster(name, settings, SiteDetails.none());
  }

  /**
   * Adds a cluster with configured details of its O-Cloud site (published under its deployment
   * manager's {@code extensions.site}, where the v2 view's sites and locations come from).
   */
  public void addCluster(String name, KubernetesSettings settings, SiteDetails site) {
    KubernetesApi api = KubernetesApi.connect(settings);
    add(name, new KubernetesInventorySource(api, settings, clock), Optional.of(api), site);
  }

  private void add(
      String name,
      KubernetesInventorySource source,
      Optional<KubernetesApi> owned,
      SiteDetails site) {
    Objects.requireNonNull(name, "name");
    Member m;
    boolean startNow;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      if (members.containsKey(name)) {
        throw new IllegalArgumentException("cluster " + name + " is already present");
      }
      m = new Member(name, source, owned, site);
      members.put(name, m);
      startNow = started;
    }
    source.addListener((snapshot, changes) -> onClusterChanges(m, changes));
    LOG.info("cluster {} added", name);
    membership.forEach(h -> h.accept(name, true));
    if (startNow) {
      source.start();
    }
  }

  /**
   * Removes a cluster: its objects disappear (each notified as deleted) and its informers stop.
   *
   * @return whether a cluster of that name was present
   */
  public boolean removeCluster(String name) {
    Member m;
    synchronized (this) {
      m = members.remove(name);
      if (m == null) {
        return false;
      }
      m.removed = true;
      republish();
    }
    stop(m);
    LOG.info("cluster {} removed", name);
    membership.forEach(h -> h.accept(name, false));
    return true;
  }

  /** The names of the clusters, in the order they were added. */
  public synchronized List<String> clusterNames() {
    return List.copyOf(members.keySet());
  }

  /** Each cluster's readiness, for {@code /readyz} detail. */
  public synchronized Map<String, Readiness> clusterReadiness() {
    Map<String, Readiness> out = new LinkedHashMap<>();
    members.forEach((n, m) -> out.put(n, clusterReadiness(m)));
    return out;
  }

  /** Each cluster's time since its last contact with its API server, for metrics. */
  public synchronized Map<String, Duration> clusterStaleness() {
    Map<String, Duration> out = new LinkedHashMap<>();
    members.forEach((n, m) -> out.put(n, m.source.staleness()));
    return out;
  }

  private static Readiness clusterReadiness(Member m) {
    Readiness r = m.source.readiness();
    if (!r.ready() && m.source.unreachable()) {
      return new Readiness(false, true, r.detail());
    }
    return r;
  }

  @Override
  public void start() {
    List<Member> toStart;
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
      toStart = new ArrayList<>(members.values());
    }
    toStart.forEach(m -> m.source.start());
    long every = Math.max(1, stalenessCheck.toMillis());
    checker.scheduleWithFixedDelay(this::checkStaleness, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public InventorySnapshot snapshot() {
    return merged;
  }

  /**
   * Every listed node's health across the clusters, keyed by its resource id, with the resource
   * type id the merged snapshot gives it (a member cluster's flavour is the O-Cloud's shared type),
   * so node alarms are raised in every cluster. Only clusters whose objects are listed contribute.
   */
  @Override
  public synchronized Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> nodeHealth() {
    if (cloud == null) {
      return Map.of();
    }
    // what the answer is built from, compared by reference: the same answer while none changed
    List<Object> from = new ArrayList<>();
    from.add(cloud);
    for (Member m : members.values()) {
      if (!m.synced && !m.source.readiness().ready()) {
        continue;
      }
      from.add(m);
      from.add(m.source.nodeHealth());
    }
    if (!sameReferences(from, healthFrom)) {
      Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> out = new HashMap<>();
      for (int i = 1; i < from.size(); i += 2) {
        @SuppressWarnings("unchecked")
        Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> own =
            (Map<UUID, io.netweave.o2ims.model.spi.NodeHealth>) from.get(i + 1);
        out.putAll(adoptedHealth((Member) from.get(i), own));
      }
      health = java.util.Collections.unmodifiableMap(out);
      healthFrom = from;
    }
    return health;
  }

  private static boolean sameReferences(List<Object> a, List<Object> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A cluster's node health with the resource type ids the merged snapshot gives its nodes; a node
   * whose record is the one seen last time keeps its adopted record (so the alarm pass, which
   * compares records by reference, skips it).
   */
  private Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> adoptedHealth(
      Member m, Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> own) {
    if (m.source.snapshot().oCloud().oCloudId().equals(cloud.oCloudId())) {
      return own;
    }
    if (own == m.healthSeen && cloud == m.healthCloud) {
      return m.healthAdopted;
    }
    Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> seen =
        cloud == m.healthCloud ? m.healthSeen : Map.of();
    Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> adopted = m.healthAdopted;
    Map<UUID, io.netweave.o2ims.model.spi.NodeHealth> out = new HashMap<>();
    own.forEach(
        (id, h) ->
            out.put(
                id,
                seen.get(id) == h
                    ? adopted.get(id)
                    : new io.netweave.o2ims.model.spi.NodeHealth(
                        h.resourceId(),
                        sharedTypeId(h.resourceTypeId(), cloud, m),
                        h.nodeName(),
                        h.nodeUid(),
                        h.conditions(),
                        h.unschedulableSince())));
    m.healthSeen = own;
    m.healthAdopted = out;
    // a type not listed yet keeps the cluster's own id (sharedTypeId): adopt it again next time
    m.healthCloud =
        out.values().stream()
                .anyMatch(h -> own.get(h.resourceId()).resourceTypeId().equals(h.resourceTypeId()))
            ? null
            : cloud;
    return out;
  }

  /**
   * Ready when every cluster has synced or cannot be reached (an unreachable cluster never holds
   * the others back); stale when any cluster is. Once the O-Cloud has been ready, a cluster added
   * at run time syncs in the background ("joining"): its objects appear when it has synced, and it
   * never turns the whole source unready. The detail names each cluster's state. A cluster counts
   * as synced once its objects are in the published {@link #snapshot()} (the staleness check puts
   * them there), not as soon as its own informers have synced: in between, the snapshot a caller
   * reads on the word of this readiness would lack that cluster's objects (after a restart with a
   * remembered O-Cloud id, every object), and a notification producer taking it as complete would
   * notify each of them deleted, then created again.
   */
  @Override
  public synchronized Readiness readiness() {
    if (members.isEmpty() && cloud == null) {
      return Readiness.notReady(
          ownCluster
              .map(n -> "waiting for cluster " + n + ", the O-Cloud's own (no cluster yet)")
              .orElse("no cluster configured"));
    }
    boolean ready = true;
    boolean stale = false;
    List<String> details = new ArrayList<>();
    for (Member m : members.values()) {
      Readiness r = clusterReadiness(m);
      // The flag the published snapshot carries, so readiness and objects never disagree.
      boolean down = m.stale;
      boolean joining = everReady && !m.synced;
      ready &= (r.ready() && m.synced) || down || joining;
      stale |= r.stale() || down;
      details.add(
          "cluster "
              + m.name
              + ": "
              + (r.ready() && m.synced
                  ? (down || r.stale() ? "stale" : "ready")
                  : joining && !down
                      ? "joining"
                      : r.ready() ? "synced, not published yet" : "not ready")
              + " ("
              + r.detail()
              + ")");
    }
    boolean anyReady =
        members.values().stream().anyMatch(m -> m.synced && m.source.readiness().ready());
    if (cloud == null) {
      // Objects are only published under a known O-Cloud id (never the nil UUID).
      String own = ownCluster.orElse(members.keySet().iterator().next());
      details.add(
          0,
          "waiting for cluster "
              + own
              + ", the O-Cloud's own"
              + (members.containsKey(own) ? "" : " (not present)")
              + ": the O-Cloud id derives from its kube-system namespace UID");
      return new Readiness(false, stale, String.join("; ", details));
    }
    return new Readiness(ready && anyReady, stale, String.join("; ", details));
  }

  @Override
  public void close() {
    List<Member> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(members.values());
    }
    checker.shutdownNow();
    all.forEach(MultiClusterInventorySource::stop);
  }

  private static void stop(Member m) {
    m.source.close();
    m.ownedClient.ifPresent(KubernetesApi::close);
  }

  private void onClusterChanges(Member m, List<InventoryChange> changes) {
    InventorySnapshot snapshot;
    List<InventoryChange> out = new ArrayList<>();
    synchronized (this) {
      if (m.removed || closed) {
        return;
      }
      if (!m.synced || cloud == null) {
        checkClusters();
        return;
      }
      if (m.stale && everReady && !m.source.unreachable()) {
        // Changes from a cluster still flagged stale come from its API server again (a relist or
        // resumed watch after an outage): clear its flag with them, so that what was read just now
        // is not published as stale and then modified again at the next staleness check.
        checkClusters();
        return;
      }
      boolean owner = isOwner(m);
      if (owner && changes.stream().anyMatch(c -> c.objectType() == ObjectType.OCLOUD)) {
        // The O-Cloud's identity changed (first sync): every adopted object may change with it.
        republish();
        return;
      }
      if (changes.stream().anyMatch(c -> c.objectType() == ObjectType.RESOURCE_TYPE)) {
        // Types are shared by flavour across clusters: whether the O-Cloud gained or lost one is
        // the difference of the merged snapshots, not this cluster's change.
        republish();
        return;
      }
      snapshot = rebuildsTheSame(changes) ? withResourceChanges(m, changes) : rebuild();
      OCloudInfo cloud = snapshot.oCloud();
      OCloudInfo own = m.source.snapshot().oCloud();
      for (InventoryChange c : changes) {
        if (c.objectType() == ObjectType.OCLOUD && !owner) {
          continue;
        }
        out.add(
            new InventoryChange(
                c.eventType(),
                c.prior().map(o -> adopt(o, own, cloud, m)),
                c.post().map(o -> adopt(o, own, cloud, m)),
                snapshot.revision()));
      }
      merged = snapshot;
    }
    publish(snapshot, out);
  }

  private void checkStaleness() {
    try {
      synchronized (this) {
        checkClusters();
      }
    } catch (RuntimeException e) {
      LOG.warn("cluster staleness check failed", e);
    }
  }

  /**
   * Notices clusters that synced or whose contact flipped, and publishes what that changed. A
   * cluster's own applier publishes nothing for its initial sync, so its objects are published
   * here, as created, unless the gateway was never ready before (start-up is silent, as with one
   * cluster).
   */
  private void checkClusters() {
    Optional<OCloudInfo> own = ownCloud();
    boolean flipped =
        own.map(c -> !c.oCloudId().equals(announced)).orElse(false)
            || (cloud == null && remembered != null && owner() != null);
    for (Member m : members.values()) {
      boolean down = m.source.unreachable();
      if (down != m.stale) {
        m.stale = down;
        flipped = true;
        LOG.info("cluster {} is {}", m.name, down ? "unreachable: serving stale" : "back");
      }
      if (!m.synced && m.source.readiness().ready()) {
        m.synced = true;
        flipped = true;
        LOG.info("cluster {} synced", m.name);
      }
    }
    if (flipped) {
      if (everReady) {
        republish();
      } else {
        merged = rebuild();
      }
    }
    if (!everReady && readiness().ready()) {
      everReady = true;
    }
  }

  /** Rebuilds the merged snapshot and publishes its difference with the previous one. */
  private void republish() {
    InventorySnapshot before = merged;
    InventorySnapshot after = rebuild();
    merged = after;
    publish(after, diff(before, after, after.revision()));
  }

  private void publish(InventorySnapshot snapshot, List<InventoryChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    for (InventoryListener l : listeners) {
      try {
        l.onChanges(snapshot, changes);
      } catch (RuntimeException e) {
        LOG.warn("inventory listener failed", e);
      }
    }
  }

  private boolean isOwner(Member m) {
    return owner() == m;
  }

  /** The O-Cloud's own cluster, when present. */
  private Member owner() {
    if (ownCluster.isPresent()) {
      return members.get(ownCluster.get());
    }
    return members.isEmpty() ? null : members.values().iterator().next();
  }

  /** The O-Cloud as its own cluster describes it, once that cluster knows the O-Cloud id. */
  private Optional<OCloudInfo> ownCloud() {
    Member own = owner();
    return own == null || !own.source.oCloudIdKnown()
        ? Optional.empty()
        : Optional.of(own.source.snapshot().oCloud());
  }

  /**
   * Whether {@link #withResourceChanges} gives what {@link #rebuild} would: only resources changed,
   * and the O-Cloud a rebuild would use (the own cluster's, else the one kept) is the merged
   * snapshot's.
   */
  private boolean rebuildsTheSame(List<InventoryChange> changes) {
    if (!onlyResources(changes) || cloud == null || merged.oCloud() != cloud) {
      return false;
    }
    Optional<OCloudInfo> given = ownCloud();
    return given.isEmpty() || given.get().equals(cloud);
  }

  private static boolean onlyResources(List<InventoryChange> changes) {
    for (InventoryChange c : changes) {
      if (c.objectType() != ObjectType.RESOURCE) {
        return false;
      }
    }
    return true;
  }

  /**
   * The merged snapshot with one synced cluster's resource changes applied: what {@link #rebuild}
   * gives when nothing but those resources changed (a node added, changed or deleted, the common
   * case), without adopting and re-sorting every resource of every cluster. The snapshot's resource
   * map is persistent ({@link InventorySnapshot#idMap}): the new one shares every untouched part of
   * the previous one, so a change costs O(log n) per changed resource plus its adoption, where a
   * rebuild adopted every resource (a new record per resource of every cluster but the O-Cloud's
   * own) and sorted them again.
   */
  private InventorySnapshot withResourceChanges(Member m, List<InventoryChange> changes) {
    InventorySnapshot before = merged;
    OCloudInfo cloud = before.oCloud();
    OCloudInfo own = m.source.snapshot().oCloud();
    PSortedMap<UUID, Resource> resources = InventorySnapshot.idMap(before.resources());
    for (InventoryChange c : changes) {
      if (c.prior().isPresent()) {
        resources = resources.minus(c.prior().get().id());
      }
      if (c.post().isPresent()) {
        InventoryObject o = c.post().get();
        resources = resources.plus(o.id(), (Resource) adopt(o, own, cloud, m));
      }
    }
    return new InventorySnapshot(
        cloud,
        before.resourceTypes(),
        before.resourcePools(),
        resources,
        before.deploymentManagers(),
        ++revision);
  }

  private InventorySnapshot rebuild() {
    revision++;
    Optional<OCloudInfo> given = ownCloud();
    if (given.isPresent()) {
      UUID id = given.get().oCloudId();
      if (cloud != null && !cloud.oCloudId().equals(id)) {
        LOG.warn(
            "the O-Cloud's own cluster derives the O-Cloud id {}, not {} as remembered: it was"
                + " replaced; serving every object under the new id",
            id,
            cloud.oCloudId());
      }
      cloud = given.get();
      if (!id.equals(announced)) {
        announced = id;
        for (java.util.function.Consumer<UUID> hook : idHooks) {
          try {
            hook.accept(id);
          } catch (RuntimeException e) {
            LOG.warn("O-Cloud id hook failed", e);
          }
        }
      }
    } else if (cloud == null && remembered != null && owner() != null) {
      cloud = owner().source.oCloudAssuming(remembered);
      LOG.info(
          "cluster {}, the O-Cloud's own, not reached yet: serving the O-Cloud id {} it gave"
              + " before",
          owner().name,
          remembered);
    }
    if (members.isEmpty() || cloud == null) {
      return new InventorySnapshot(
          cloud == null ? merged.oCloud() : cloud,
          Map.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          revision);
    }
    OCloudInfo cloud = this.cloud;
    Map<UUID, ResourceType> types = new HashMap<>();
    Map<UUID, ResourcePool> pools = new HashMap<>();
    Map<UUID, Resource> resources = new HashMap<>();
    Map<UUID, DeploymentManager> dms = new HashMap<>();
    for (Member m : members.values()) {
      if (!m.synced && !m.source.readiness().ready()) {
        continue;
      }
      InventorySnapshot s = m.source.snapshot();
      OCloudInfo own = s.oCloud();
      s.resourceTypes().values().stream()
          .map(t -> (ResourceType) adopt(t, own, cloud, m))
          .forEach(t -> types.putIfAbsent(t.id(), t));
      s.resourcePools()
          .values()
          .forEach(p -> pools.put(p.id(), (ResourcePool) adopt(p, own, cloud, m)));
      s.resources()
          .values()
          .forEach(r -> resources.put(r.id(), (Resource) adopt(r, own, cloud, m)));
      s.deploymentManagers()
          .values()
          .forEach(d -> dms.put(d.id(), (DeploymentManager) adopt(d, own, cloud, m)));
    }
    return new InventorySnapshot(cloud, types, pools, resources, dms, revision);
  }

  /**
   * A cluster's object as a member of the O-Cloud: its O-Cloud id, the staleness flag, the pool's
   * cluster ({@code extensions.deploymentManagerId}) and the cluster's configured site details.
   */
  private static InventoryObject adopt(
      InventoryObject o, OCloudInfo own, OCloudInfo cloud, Member m) {
    boolean stale = m.stale;
    boolean foreign = !own.oCloudId().equals(cloud.oCloudId());
    if (o instanceof ResourcePool p) {
      ResourcePool.Builder b = p.toBuilder();
      if (foreign) {
        b.oCloudId(cloud.oCloudId());
        if (p.globalLocationId().equals(own.globalCloudId().toString())) {
          b.globalLocationId(cloud.globalCloudId().toString());
        }
      }
      Optional<UUID> dm = m.deploymentManagerId();
      if (dm.isPresent()) {
        Map<String, Object> ext = new LinkedHashMap<>(p.extensions());
        ext.put("deploymentManagerId", dm.get().toString());
        b.extensions(ext);
      }
      return b.build();
    }
    if (o instanceof DeploymentManager d) {
      DeploymentManager.Builder b = d.toBuilder();
      if (foreign) {
        b.oCloudId(cloud.oCloudId());
      }
      Map<String, Object> ext = new LinkedHashMap<>(d.extensions());
      if (stale) {
        ext.put("stale", true);
      }
      if (!m.site.isEmpty()) {
        ext.put("site", m.site.toMap());
      }
      b.extensions(ext);
      return b.build();
    }
    if (o instanceof ResourceType t && foreign) {
      ResourceType shared = SharedResourceTypes.inOCloud(t, cloud.oCloudId());
      m.typeIds.put(List.of(t.id(), cloud.oCloudId()), shared.id());
      return shared;
    }
    if (o instanceof Resource r) {
      Resource.Builder b = r.toBuilder();
      if (foreign) {
        b.resourceTypeId(sharedTypeId(r.resourceTypeId(), cloud, m));
      }
      if (stale) {
        b.extensions(flagged(r.extensions()));
      }
      return foreign || stale ? b.build() : r;
    }
    return o;
  }

  /** The O-Cloud's id of a member cluster's resource type (its flavour's shared type). */
  private static UUID sharedTypeId(UUID own, OCloudInfo cloud, Member m) {
    UUID known = m.typeIds.get(List.of(own, cloud.oCloudId()));
    if (known != null) {
      return known;
    }
    ResourceType t = m.source.snapshot().resourceTypes().get(own);
    if (t == null) {
      return own;
    }
    UUID shared = SharedResourceTypes.inOCloud(t, cloud.oCloudId()).id();
    m.typeIds.put(List.of(own, cloud.oCloudId()), shared);
    return shared;
  }

  private static Map<String, Object> flagged(Map<String, Object> extensions) {
    Map<String, Object> copy = new LinkedHashMap<>(extensions);
    copy.put("stale", true);
    return copy;
  }

  private static List<InventoryChange> diff(
      InventorySnapshot before, InventorySnapshot after, long revision) {
    List<InventoryChange> deletes = new ArrayList<>();
    List<InventoryChange> others = new ArrayList<>();
    for (ObjectType type : CREATE_ORDER) {
      Map<UUID, ? extends InventoryObject> a = objects(before, type);
      Map<UUID, ? extends InventoryObject> b = objects(after, type);
      List<InventoryChange> typeDeletes = new ArrayList<>();
      a.forEach(
          (id, prior) -> {
            InventoryObject post = b.get(id);
            if (post == null) {
              typeDeletes.add(InventoryChange.deleted(prior, revision));
            } else if (!post.equals(prior)) {
              others.add(InventoryChange.modified(prior, post, revision));
            }
          });
      b.forEach(
          (id, post) -> {
            if (!a.containsKey(id)) {
              others.add(InventoryChange.created(post, revision));
            }
          });
      deletes.addAll(0, typeDeletes);
    }
    List<InventoryChange> all = new ArrayList<>(others);
    all.addAll(deletes);
    return all;
  }

  private static Map<UUID, ? extends InventoryObject> objects(InventorySnapshot s, ObjectType t) {
    return switch (t) {
      case OCLOUD -> Map.of(s.oCloud().id(), s.oCloud());
      case RESOURCE_TYPE -> s.resourceTypes();
      case RESOURCE_POOL -> s.resourcePools();
      case RESOURCE -> s.resources();
      case DEPLOYMENT_MANAGER -> s.deploymentManagers();
      case LOCATION, OCLOUD_SITE -> Map.of(); // derived by the views, never stored
    };
  }

  private static InventorySnapshot emptySnapshot() {
    return new InventorySnapshot(
        new OCloudInfo(
            O2Ids.UNKNOWN_OCLOUD,
            O2Ids.UNKNOWN_OCLOUD,
            "kubernetes",
            "not synced yet",
            "http://localhost",
            Map.of()),
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        0);
  }
}
