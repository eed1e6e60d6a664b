package io.netweave.o2ims.server.internal.backend;

import io.kubernetes.client.openapi.ApiClient;
import io.netweave.o2ims.k8s.KubernetesAdapterException;
import io.netweave.o2ims.k8s.KubernetesConnection;
import io.netweave.o2ims.k8s.KubernetesConnections;
import io.netweave.o2ims.k8s.KubernetesInventorySource;
import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.model.NameBasedUuid;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the inventory source named by the {@code backend} key. {@code auto} takes Kubernetes when
 * a connection is configured ({@code kubernetes.kubeconfig} or {@code kubernetes.api_url}) or found
 * ({@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster service account), else the embedded demo
 * O-Cloud, and logs which it chose and why. Everything it creates is added to the caller's list of
 * owned resources, in the order it must be closed in reverse.
 */
public final class InventorySources {
  private static final Logger LOG = LoggerFactory.getLogger(InventorySources.class);

  private final ServerConfig config;
  private final Clock clock;
  private final Supplier<KubernetesConnections.Detection> detector;

  /**
   * @param detector finds a cluster in the environment for {@code auto} (tests pass their own)
   */
  public InventorySources(
      ServerConfig config, Clock clock, Supplier<KubernetesConnections.Detection> detector) {
    this.config = config;
    this.clock = clock;
    this.detector = detector;
  }

  /**
   * Creates the source (not started).
   *
   * @param serviceUri this gateway's inventory URL, published as the O-Cloud's serviceUri
   * @param owned receives what the caller must close, in creation order
   * @throws ConfigException when Kubernetes is asked for and cannot be configured
   */
  public InventorySource create(String serviceUri, List<AutoCloseable> owned) {
    Optional<KubernetesConnection> configured = configuredConnection();
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
        return kubernetes(connection, serviceUri, owned);
      }
      case AUTO -> {
        if (configured.isPresent()) {
          LOG.info("backend auto: using Kubernetes, configured as {}", configured.get());
          return kubernetes(configured.get(), serviceUri, owned);
        }
        KubernetesConnections.Detection found = detector.get();
        if (found.found()) {
          LOG.info("backend auto: using Kubernetes, found {}", found.explanation());
          return kubernetes(found.connection(), serviceUri, owned);
        }
        LOG.info("backend auto: using the embedded demo O-Cloud ({})", found.explanation());
        return demo(serviceUri);
      }
      default -> throw new IllegalStateException("unknown backend " + config.backend());
    }
  }

  private Optional<KubernetesConnection> configuredConnection() {
    String apiUrl = string("kubernetes.api_url");
    if (!apiUrl.isEmpty()) {
      String tokenFile = string("kubernetes.token_file");
      String token = "";
      if (!tokenFile.isEmpty()) {
        try {
          token = Files.readString(Path.of(tokenFile)).trim();
        } catch (java.io.IOException e) {
          throw new ConfigException(
              "kubernetes.token_file: cannot read " + tokenFile + ": " + e.getMessage());
        }
      }
      String ca = string("kubernetes.ca_file");
      return Optional.of(
          new KubernetesConnection.Explicit(
              URI.create(apiUrl),
              token,
              ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca))));
    }
    String kubeconfig = string("kubernetes.kubeconfig");
    if (!kubeconfig.isEmpty()) {
      return Optional.of(KubernetesConnection.kubeconfig(Path.of(kubeconfig)));
    }
    return Optional.empty();
  }

  private InventorySource kubernetes(
      KubernetesConnection connection, String serviceUri, List<AutoCloseable> owned) {
    KubernetesSettings.Builder settings =
        KubernetesSettings.builder()
            .connection(connection)
            .qps((Double) config.values().get("kubernetes.qps"))
            .burst((Integer) config.values().get("kubernetes.burst"))
            .resyncPeriod((Duration) config.values().get("kubernetes.resync_period"))
            .labelSelector(string("kubernetes.label_selector"))
            .fieldSelector(string("kubernetes.field_selector"))
            .cacheSizeMb((Integer) config.values().get("kubernetes.cache_size_mb"))
            .oCloudName(config.ocloud().name())
            .oCloudServiceUri(serviceUri)
            .poolLabelKey(string("kubernetes.pool_label"))
            .defaultPoolName(string("kubernetes.default_pool"))
            .regionLabelKey(string("kubernetes.region_label"))
            .annotationAllowList(Set.copyOf(list("kubernetes.annotations")));
    config.ocloud().id().ifPresent(settings::oCloudId);
    config.ocloud().globalCloudId().ifPresent(settings::globalCloudId);
    if (!string("kubernetes.cluster_name").isEmpty()) {
      settings.clusterName(string("kubernetes.cluster_name"));
    }
    if (!string("kubernetes.o2dms_url").isEmpty()) {
      settings.o2dmsUri(string("kubernetes.o2dms_url"));
    }
    KubernetesSettings built;
    ApiClient client;
    try {
      built = settings.build();
      client = KubernetesConnections.apiClient(built);
    } catch (KubernetesAdapterException | IllegalArgumentException e) {
      throw new ConfigException("kubernetes: " + e.getMessage());
    }
    owned.add(
        () -> {
          client.getHttpClient().dispatcher().executorService().shutdown();
          client.getHttpClient().connectionPool().evictAll();
        });
    KubernetesInventorySource source = new KubernetesInventorySource(client, built, clock);
    owned.add(source);
    return source;
  }

  private InventorySource demo(String serviceUri) {
    UUID ocloudId =
        config
            .ocloud()
            .id()
            .orElseGet(
                () -> NameBasedUuid.v5(DemoInventory.OCLOUD_NAMESPACE, config.ocloud().name()));
    UUID globalCloudId =
        config
            .ocloud()
            .globalCloudId()
            .orElseGet(() -> NameBasedUuid.v5(ocloudId, "global-cloud-id"));
    DemoInventory inventory =
        new DemoInventory(
            ocloudId,
            globalCloudId,
            config.ocloud().name(),
            serviceUri,
            config.demo().resourcePools(),
            config.demo().resourceTypes());
    return new DemoInventorySource(inventory, config.demo().resources(), clock);
  }

  private String string(String key) {
    return (String) config.values().get(key);
  }

  @SuppressWarnings("unchecked")
  private List<String> list(String key) {
    return (List<String>) config.values().get(key);
  }
}
