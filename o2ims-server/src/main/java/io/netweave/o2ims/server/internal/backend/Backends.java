package io.netweave.o2ims.server.internal.backend;

import io.netweave.o2ims.k8s.ClusterDirectory;
import io.netweave.o2ims.k8s.KubernetesAdapterException;
import io.netweave.o2ims.k8s.KubernetesApi;
import io.netweave.o2ims.k8s.KubernetesConnection;
import io.netweave.o2ims.k8s.KubernetesConnections;
import io.netweave.o2ims.k8s.KubernetesInventorySource;
import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.k8s.MultiClusterInventorySource;
import io.netweave.o2ims.model.NameBasedUuid;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Backend} named by the {@code backend} key. {@code auto} takes Kubernetes when a
 * connection is configured ({@code kubernetes.kubeconfig} or {@code kubernetes.api_url}) or found
 * ({@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster service account), else the embedded demo
 * O-Cloud, and logs which it chose and why. With only {@code kubernetes.clusters_dir} (no
 * connection in the keys), {@code auto} and {@code kubernetes} take the directory's clusters and
 * detect nothing. Everything it creates is handed back in {@link Backend#closeables()}.
 */
public final class Backends {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private final ServerConfig config;
  private final Clock clock;
  private final Supplier<KubernetesConnections.Detection> detector;

  /**
   * @param detector finds a cluster in the environment for {@code auto} (tests pass their own)
   */
  public Backends(
      ServerConfig config, Clock clock, Supplier<KubernetesConnections.Detection> detector) {
    this.config = config;
    this.clock = clock;
    this.detector = detector;
  }

  /**
   * Creates the backend (its source not started).
   *
   * @param serviceUri this gateway's inventory URL, published as the O-Cloud's serviceUri
   * @throws ConfigException when Kubernetes is asked for and cannot be configured
   */
  public Backend create(String serviceUri) {
    Optional<KubernetesConnection> configured = configuredConnection();
    if (config.backend() != ServerConfig.Backend.DEMO && config.kubernetes().directoryOnly()) {
      LOG.info(
          "backend {}: using Kubernetes, the clusters of kubernetes.clusters_dir {}",
          config.backend().name().toLowerCase(java.util.Locale.ROOT),
          config.kubernetes().clustersDir().get());
      return clusters(Optional.empty(), settings(KubernetesConnection.auto(), serviceUri));
    }
    switch (config.backend()) {
      case DEMO -> {
        LOG.info("backend demo: using the embedded demo O-Cloud");
        return demo(serviceUri);
      }
      case KUBERNETES -> {
        KubernetesConnection connection =
            configured.orElseGet(
                () -> {
                  KubernetesConnections.Detection found = detector.get();
                  if (!found.found()) {
                    throw new ConfigException(
                        "backend kubernetes: "
                            + found.explanation()
                            + "; set kubernetes.kubeconfig or kubernetes.api_url, or start with"
                            + " --backend demo");
                  }
                  return found.connection();
                });
        LOG.info("backend kubernetes: connecting through {}", connection);
        return kubernetes(connection, serviceUri);
      }
      case AUTO -> {
        if (configured.isPresent()) {
          LOG.info("backend auto: using Kubernetes, configured as {}", configured.get());
          return kubernetes(configured.get(), serviceUri);
        }
        KubernetesConnections.Detection found = detector.get();
        if (found.found()) {
          LOG.info("backend auto: using Kubernetes, found {}", found.explanation());
          return kubernetes(found.connection(), serviceUri);
        }
        LOG.info("backend auto: using the embedded demo O-Cloud ({})", found.explanation());
        return demo(serviceUri);
      }
      default -> throw new IllegalStateException("unknown backend " + config.backend());
    }
  }

  private Optional<KubernetesConnection> configuredConnection() {
    return cluster().connection().map(Backends::connection);
  }

  private ServerConfig.Cluster cluster() {
    return config.kubernetes().primary();
  }

  private static KubernetesConnection connection(ServerConfig.Connection connection) {
    if (connection instanceof ServerConfig.Kubeconfig k) {
      return KubernetesConnection.kubeconfig(k.file());
    }
    if (connection instanceof ServerConfig.KubeconfigContext k) {
      return KubernetesConnection.kubeconfig(k.file(), k.context());
    }
    ServerConfig.ApiServer api = (ServerConfig.ApiServer) connection;
    String token = "";
    if (api.tokenFile().isPresent()) {
      Path tokenFile = api.tokenFile().get();
      try {
        token = Files.readString(tokenFile).trim();
      } catch (java.io.IOException e) {
        throw new ConfigException(
            "kubernetes.token_file: cannot read " + tokenFile + ": " + e.getMessage());
      }
    }
    return new KubernetesConnection.Explicit(api.url(), token, api.caFile());
  }

  private Backend kubernetes(KubernetesConnection connection, String serviceUri) {
    ServerConfig.Kubernetes k8s = config.kubernetes();
    KubernetesSettings.Builder settings = settings(connection, serviceUri);
    if (k8s.multiCluster()) {
      return clusters(Optional.of(connection), settings);
    }
    KubernetesSettings built;
    KubernetesApi api;
    try {
      built = settings.build();
      api = KubernetesApi.connect(built);
    } catch (KubernetesAdapterException | IllegalArgumentException e) {
      throw new ConfigException("kubernetes: " + e.getMessage());
    }
    List<AutoCloseable> closeables = new ArrayList<>();
    closeables.add(api);
    KubernetesInventorySource source = new KubernetesInventorySource(api, built, clock);
    closeables.add(source);
    return new Backend(source, Optional.empty(), Optional.of(source::stalenessSeconds), closeables);
  }

  /** The settings every cluster shares, with the first cluster's connection and name. */
  private KubernetesSettings.Builder settings(KubernetesConnection connection, String serviceUri) {
    ServerConfig.Kubernetes k8s = config.kubernetes();
    KubernetesSettings.Builder settings =
        KubernetesSettings.builder()
            .connection(connection)
            .qps(k8s.qps())
            .burst(k8s.burst())
            .resyncPeriod(k8s.resyncPeriod())
            .labelSelector(k8s.labelSelector())
            .fieldSelector(k8s.fieldSelector())
            .cacheSizeMb(k8s.cacheSizeMb())
            .oCloudName(config.ocloud().kubernetesName())
            .oCloudServiceUri(serviceUri)
            .poolLabelKey(k8s.poolLabel())
            .defaultPoolName(k8s.defaultPool())
            .regionLabelKey(k8s.regionLabel())
            .annotationAllowList(Set.copyOf(k8s.annotations()));
    config.ocloud().id().ifPresent(settings::oCloudId);
    config.ocloud().globalCloudId().ifPresent(settings::globalCloudId);
    cluster().name().ifPresent(settings::clusterName);
    cluster().o2dmsUrl().ifPresent(settings::o2dmsUri);
    return settings;
  }

  /**
   * One O-Cloud of several clusters: the configured list (the first is the O-Cloud's own, with the
   * ids a single cluster had), then the watched directory's clusters. Without a configured first
   * cluster ({@code primary} empty: every cluster comes from the directory), the O-Cloud's own is
   * the directory's cluster named {@code kubernetes.cluster_name}: the O-Cloud waits for it (not
   * ready) to derive its id, as it would for a configured first cluster.
   */
  private Backend clusters(
      Optional<KubernetesConnection> primary, KubernetesSettings.Builder shared) {
    ServerConfig.Kubernetes k8s = config.kubernetes();
    String own = cluster().name().orElse("kubernetes");
    MultiClusterInventorySource source =
        primary.isPresent()
            ? new MultiClusterInventorySource(clock, k8s.stalenessCheck())
            : new MultiClusterInventorySource(clock, k8s.stalenessCheck(), own);
    if (config.ocloud().id().isEmpty()) {
      String ownName = primary.isPresent() ? k8s.primary().name().orElse("kubernetes") : own;
      RememberedOCloudId remembered =
          RememberedOCloudId.ofCluster(config.dataDir().resolve(RememberedOCloudId.FILE), ownName);
      remembered.read().ifPresent(source::rememberedOCloudId);
      source.onOCloudId(remembered::write);
    }
    List<AutoCloseable> closeables = new ArrayList<>();
    closeables.add(source);
    try {
      List<ServerConfig.Cluster> clusters = primary.isPresent() ? k8s.clusters() : List.of();
      for (int i = 0; i < clusters.size(); i++) {
        ServerConfig.Cluster c = clusters.get(i);
        KubernetesSettings settings =
            memberSettings(
                c, i, i == 0 ? primary.get() : connection(c.connection().orElseThrow()), shared);
        source.addCluster(settings.clusterName(), settings, c.site());
      }
      if (k8s.clustersDir().isPresent()) {
        KubernetesSettings base = shared.build().toBuilder().derivedOCloudId().build();
        KubernetesSettings ownBase = shared.build();
        boolean ownFromDirectory = primary.isEmpty();
        ClusterDirectory directory =
            new ClusterDirectory(
                k8s.clustersDir().get(),
                source,
                (name, file) ->
                    (ownFromDirectory && name.equals(own) ? ownBase : base)
                        .toBuilder()
                            .connection(KubernetesConnection.kubeconfig(file))
                            .clusterName(name)
                            .build(),
                k8s.clustersDirRescan());
        directory.start();
        closeables.add(directory);
        if (primary.isEmpty() && !directory.clusterNames().contains(own)) {
          LOG.warn(
              "kubernetes.clusters_dir {} has no cluster {} (kubernetes.cluster_name), the O-Cloud's"
                  + " own: the O-Cloud id derives from it, so the gateway stays unready until its"
                  + " file appears",
              k8s.clustersDir().get(),
              own);
        }
      }
    } catch (KubernetesAdapterException | IllegalArgumentException e) {
      closeables.forEach(Backends::closeQuietly);
      throw new ConfigException("kubernetes: " + e.getMessage());
    }
    LOG.info(
        "backend kubernetes: {} clusters {}", source.clusterNames().size(), source.clusterNames());
    return new Backend(
        source,
        Optional.empty(),
        Optional.of(
            () ->
                source.clusterStaleness().values().stream()
                    .mapToLong(java.time.Duration::toSeconds)
                    .max()
                    .orElse(0)),
        closeables,
        Optional.of(source),
        () -> {});
  }

  /**
   * The settings of the configured cluster at {@code index}: the shared ones with its connection,
   * name and overrides (O2dms URL, pool label, qps, burst); every cluster but the first derives its
   * own O-Cloud id.
   */
  static KubernetesSettings memberSettings(
      ServerConfig.Cluster c,
      int index,
      KubernetesConnection connection,
      KubernetesSettings.Builder shared) {
    KubernetesSettings.Builder b = shared.build().toBuilder();
    b.connection(connection);
    if (index > 0) {
      b.derivedOCloudId();
    }
    b.clusterName(c.name().orElse(index == 0 ? "kubernetes" : "cluster-" + index));
    c.o2dmsUrl().ifPresent(b::o2dmsUri);
    c.poolLabel().ifPresent(b::poolLabelKey);
    c.qps().ifPresent(b::qps);
    c.burst().ifPresent(b::burst);
    return b.build();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("closing {} failed", c, e);
    }
  }

  private Backend demo(String serviceUri) {
    Optional<RememberedOCloudId> kept =
        config.ocloud().id().isPresent()
            ? Optional.empty()
            : Optional.of(
                RememberedOCloudId.ofDemo(config.dataDir().resolve(RememberedOCloudId.FILE)));
    UUID ocloudId = config.ocloud().id().orElseGet(() -> keptDemoOCloudId(kept.orElseThrow()));
    UUID globalCloudId =
        config
            .ocloud()
            .globalCloudId()
            .orElseGet(() -> NameBasedUuid.v5(ocloudId, "global-cloud-id"));
    DemoInventory inventory =
        new DemoInventory(
            ocloudId,
            globalCloudId,
            config.ocloud().demoName(),
            serviceUri,
            config.demo().resourcePools(),
            config.demo().resourceTypes());
    DemoInventorySource source =
        new DemoInventorySource(inventory, config.demo().resources(), clock);
    return new Backend(
        source,
        Optional.of(source),
        Optional.empty(),
        List.of(source),
        Optional.empty(),
        () -> kept.ifPresent(k -> keepDemoOCloudId(k, ocloudId)));
  }

  /**
   * The demo O-Cloud's id while {@code ocloud.id} is unset: the one kept in the data directory; at
   * the first start on a directory (or one an earlier release used, which kept none) the UUID v5 of
   * {@code ocloud.name}, as earlier releases derived it, which {@link #keepDemoOCloudId} keeps
   * there once the gateway started. So a rename keeps the id and every id derived from it:
   * subscribers hear of a change of the O-Cloud's name, not of a new O-Cloud.
   */
  private UUID keptDemoOCloudId(RememberedOCloudId remembered) {
    String name = config.ocloud().demoName();
    Optional<RememberedOCloudId.Kept> kept = remembered.readKept();
    UUID id =
        kept.map(RememberedOCloudId.Kept::oCloudId)
            .orElseGet(() -> NameBasedUuid.v5(DemoInventory.OCLOUD_NAMESPACE, name));
    kept.flatMap(RememberedOCloudId.Kept::name)
        .filter(old -> !old.equals(name))
        .ifPresent(
            old ->
                LOG.info(
                    "ocloud.name changed from {} to {}: the demo O-Cloud keeps its id {} ({}; set"
                        + " ocloud.id or use another data directory for a new O-Cloud)",
                    old,
                    name,
                    id,
                    remembered.file()));
    return id;
  }

  /**
   * Keeps the demo O-Cloud's {@code id} and current name (once the gateway started, so the data
   * directory is its own). A directory where it cannot be kept is logged: the id then derives from
   * the name again at the next start, unless one was kept before.
   */
  private void keepDemoOCloudId(RememberedOCloudId remembered, UUID id) {
    String name = config.ocloud().demoName();
    Optional<RememberedOCloudId.Kept> kept = remembered.readKept();
    if (kept.equals(Optional.of(new RememberedOCloudId.Kept(id, Optional.of(name))))) {
      return;
    }
    try {
      remembered.write(id, Optional.of(name));
    } catch (java.io.UncheckedIOException e) {
      LOG.warn(
          "{} ({}): {}",
          e.getMessage(),
          e.getCause().toString(),
          kept.isPresent()
              ? "the id kept there stays in use"
              : "the demo O-Cloud's id derives from ocloud.name, so renaming it changes every id");
    }
  }
}
