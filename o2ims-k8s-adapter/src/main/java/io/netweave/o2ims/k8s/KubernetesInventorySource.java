package io.netweave.o2ims.k8s;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.netweave.o2ims.k8s.internal.ApiHealth;
import io.netweave.o2ims.k8s.internal.ChangeApplier;
import io.netweave.o2ims.k8s.internal.LenientCalls;
import io.netweave.o2ims.k8s.internal.NodeCompactor;
import io.netweave.o2ims.k8s.internal.NodePager;
import io.netweave.o2ims.k8s.internal.O2Ids;
import io.netweave.o2ims.k8s.internal.TrackedListerWatcher;
import io.netweave.o2ims.k8s.internal.ValueInterner;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.model.spi.Readiness;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The O2 view of a Kubernetes cluster, kept by the official client's shared informers on Nodes (and
 * on the kube-system Namespace when no O-Cloud id is configured).
 *
 * <p>Thread-safe. Lifecycle: construct with a borrowed {@link KubernetesApi} handle (or an {@link
 * ApiClient}; the caller keeps ownership and closes it after this source), add listeners, {@link
 * #start()} once, {@link #close()} once. Informer handler threads only enqueue; one applier thread
 * applies changes in order, swaps the snapshot and then calls listeners. Readiness is false until
 * every informer has synced and the initial list has been applied; when the API server goes away
 * the last snapshot keeps being served, readiness reports it stale, and the informers resume by
 * themselves (relisting after 410 Expired) when it comes back.
 */
public final class KubernetesInventorySource implements InventorySource {

  private final ApiClient client;
  private final KubernetesSettings settings;
  private final ApiHealth health;
  private final ChangeApplier applier;
  private final Thread applierThread;
  private final ScheduledExecutorService versionPoller;
  private final SharedInformerFactory factory;
  private final NodeCompactor compactor;
  private SharedIndexInformer<V1Node> nodes;
  private SharedIndexInformer<V1Namespace> namespaces;
  private volatile boolean started;

  /**
   * @param api the API handle to borrow (not closed by this source)
   * @param clock the time source of staleness figures
   */
  public KubernetesInventorySource(KubernetesApi api, KubernetesSettings settings, Clock clock) {
    this(api.client(), settings, clock);
  }

  /**
   * @param client the API client to borrow (not closed by this source)
   * @param clock the time source of staleness figures
   */
  public KubernetesInventorySource(ApiClient client, KubernetesSettings settings, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.health = new ApiHealth(clock, settings.clusterName());
    this.applier = new ChangeApplier(settings, client.getBasePath(), clock, this::informersSynced);
    this.applierThread = new Thread(applier, "k8s-inventory-applier");
    this.applierThread.setDaemon(true);
    this.versionPoller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "k8s-version-poller");
              t.setDaemon(true);
              return t;
            });
    this.factory = new SharedInformerFactory(client);
    this.compactor = new NodeCompactor(settings.annotationAllowList(), new ValueInterner());
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public void addListener(InventoryListener listener) {
    applier.addListener(Objects.requireNonNull(listener));
  }

  /**
   * Starts the informers and the applier; returns at once.
   *
   * @throws IllegalStateException if called twice
   */
  @Override
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    CoreV1Api core = new CoreV1Api(client);
    LenientCalls lenient = new LenientCalls();
    String labels = emptyToNull(settings.labelSelector());
    String fields = emptyToNull(settings.fieldSelector());
    long resync = settings.resyncPeriod().toMillis();
    nodes =
        factory.sharedIndexInformerFor(
            new TrackedListerWatcher<V1Node, V1NodeList>(
                params ->
                    new NodePager(core, lenient, labels, fields, compactor::compact)
                        .list(params.resourceVersion),
                params ->
                    lenient.watch(
                        core.listNode()
                            .labelSelector(labels)
                            .fieldSelector(fields)
                            .resourceVersion(params.resourceVersion)
                            .timeoutSeconds(params.timeoutSeconds)
                            .allowWatchBookmarks(true)
                            .watch(true)
                            .buildCall(null),
                        V1Node.class),
                health),
            V1Node.class,
            resync,
            (type, error) -> onReflectorError("nodes", error));
    // The informer's cache holds each node once, as its facts; the applier shares the same facts.
    nodes.setTransform(compactor);
    nodes.addEventHandler(new NodeHandler());
    if (settings.oCloudId().isEmpty()) {
      namespaces =
          factory.sharedIndexInformerFor(
              new TrackedListerWatcher<V1Namespace, V1NamespaceList>(
                  params ->
                      lenient.list(
                          core.listNamespace()
                              .fieldSelector("metadata.name=kube-system")
                              .resourceVersion(params.resourceVersion)
                              .buildCall(null),
                          V1NamespaceList.class,
                          V1Namespace.class),
                  params ->
                      lenient.watch(
                          core.listNamespace()
                              .fieldSelector("metadata.name=kube-system")
                              .resourceVersion(params.resourceVersion)
                              .timeoutSeconds(params.timeoutSeconds)
                              .allowWatchBookmarks(true)
                              .watch(true)
                              .buildCall(null),
                          V1Namespace.class),
                  health),
              V1Namespace.class,
              0,
              (type, error) -> onReflectorError("namespaces", error));
      namespaces.addEventHandler(new KubeSystemHandler());
    }
    applierThread.start();
    versionPoller.execute(() -> pollVersion(Duration.ofMillis(500)));
    factory.startAllRegisteredInformers();
  }

  @Override
  public InventorySnapshot snapshot() {
    return applier.snapshot();
  }

  @Override
  public java.util.Map<java.util.UUID, io.netweave.o2ims.model.spi.NodeHealth> nodeHealth() {
    return applier.nodeHealth();
  }

  @Override
  public Readiness readiness() {
    var failing = health.failing();
    String contact =
        failing
            .map(f -> "Kubernetes API unreachable since " + f.since() + " (" + f.lastError() + ")")
            .orElse("");
    if (!applier.synced()) {
      List<String> waiting = new ArrayList<>();
      if (nodes == null || !nodes.hasSynced()) {
        waiting.add("nodes informer not synced");
      } else if (applier.appliedNodes() < nodes.getIndexer().listKeys().size()) {
        waiting.add("applying the initial node list");
      }
      if (namespaces != null && !namespaces.hasSynced()) {
        waiting.add("kube-system namespace informer not synced");
      } else if (!applier.hasCloudId()) {
        waiting.add("kube-system namespace not seen (needed for the O-Cloud id)");
      }
      if (!applier.hasVersion()) {
        waiting.add("API server version not fetched");
      }
      if (waiting.isEmpty()) {
        waiting.add("applying the initial sync");
      }
      String detail = String.join("; ", waiting) + (contact.isEmpty() ? "" : "; " + contact);
      return Readiness.notReady(detail);
    }
    if (failing.isPresent()) {
      return new Readiness(true, true, "serving the last snapshot; " + contact);
    }
    return Readiness.ready(
        "synced: " + snapshot().resources().size() + " nodes from " + client.getBasePath());
  }

  /**
   * Time since the last successful list, watch start or watch event (bookmarks count), for the
   * server to publish as a metric. Grows while the API server is unreachable.
   */
  public Duration staleness() {
    return health.staleness();
  }

  /**
   * Whether the O-Cloud id is known: configured, or derived once the kube-system namespace has been
   * seen. Until then the snapshot's O-Cloud carries the nil UUID and no object; once this answers
   * true, {@link #snapshot()} carries the id (it is answered from the published snapshot, not from
   * the applier's working state, which learns the id before publishing the snapshot that carries
   * it: during the initial sync, not before the queue runs dry).
   */
  public boolean oCloudIdKnown() {
    return !snapshot().oCloud().oCloudId().equals(O2Ids.UNKNOWN_OCLOUD);
  }

  /**
   * The O-Cloud as this cluster would describe it under {@code oCloudId} (e.g. an id it derived in
   * an earlier run), for serving before the cluster has been reached.
   */
  public io.netweave.o2ims.model.OCloudInfo oCloudAssuming(java.util.UUID oCloudId) {
    return io.netweave.o2ims.k8s.internal.OCloudRecords.of(settings, oCloudId);
  }

  /** Whether the API server is currently unreachable (the snapshot is then served stale). */
  public boolean unreachable() {
    return health.failing().isPresent();
  }

  /** {@link #staleness()} in whole seconds. */
  public long stalenessSeconds() {
    return staleness().toSeconds();
  }

  /** Stops the informers, the applier and the version poller. The API client is not closed. */
  @Override
  public synchronized void close() {
    if (started) {
      factory.stopAllRegisteredInformers(true);
    }
    applier.stop();
    applierThread.interrupt();
    versionPoller.shutdownNow();
  }

  private boolean informersSynced() {
    return nodes != null
        && nodes.hasSynced()
        && (namespaces == null || namespaces.hasSynced())
        && applier.hasCloudId()
        && applier.hasVersion()
        && applier.appliedNodes() >= nodes.getIndexer().listKeys().size();
  }

  private void pollVersion(Duration backoff) {
    try {
      String version = new VersionApi(client).getCode().execute().getGitVersion();
      applier.submit(
          new ChangeApplier.ServerVersion(Objects.requireNonNullElse(version, "unknown")));
    } catch (Exception e) {
      health.report(
          "fetching the API server version (retried in " + backoff.toMillis() + " ms)", e);
      Duration next =
          backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
              ? Duration.ofSeconds(30)
              : backoff.multipliedBy(2);
      if (!versionPoller.isShutdown()) {
        versionPoller.schedule(() -> pollVersion(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void onReflectorError(String informer, Throwable error) {
    health.report(informer + " list/watch", error);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private final class NodeHandler implements ResourceEventHandler<V1Node> {
    @Override
    public void onAdd(V1Node node) {
      applier.submit(new ChangeApplier.NodeUpsert(compactor.facts(node)));
    }

    @Override
    public void onUpdate(V1Node before, V1Node after) {
      applier.submit(new ChangeApplier.NodeUpsert(compactor.facts(after)));
    }

    @Override
    public void onDelete(V1Node node, boolean finalStateUnknown) {
      applier.submit(new ChangeApplier.NodeDelete(compactor.facts(node).uid()));
    }
  }

  private final class KubeSystemHandler implements ResourceEventHandler<V1Namespace> {
    @Override
    public void onAdd(V1Namespace ns) {
      if (ns.getMetadata() != null && ns.getMetadata().getUid() != null) {
        applier.submit(new ChangeApplier.CloudUid(ns.getMetadata().getUid()));
      }
    }

    @Override
    public void onUpdate(V1Namespace before, V1Namespace after) {
      onAdd(after);
    }

    @Override
    public void onDelete(V1Namespace ns, boolean finalStateUnknown) {
      // The O-Cloud id stays what it was: ids must not change under the SMO's feet.
    }
  }
}
