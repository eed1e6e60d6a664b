package io.netweave.o2ims.server.internal.config;

import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import io.netweave.o2ims.server.internal.security.Profile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The validated, typed configuration of one gateway process: one immutable section per concern,
 * built once by {@link ConfigLoader}. Components read their section's accessors; nothing outside
 * the loader reads a key by its string name, so a renamed key fails to compile, not at start-up.
 * docs/configuration.md documents every key; the section records name the key of each component.
 *
 * @param origin the effective key values this configuration was built from, opaque outside this
 *     package (only {@link #with} uses them)
 */
public record ServerConfig(
    Backend backend,
    Server server,
    Tls tls,
    Security security,
    Path dataDir,
    Subscriptions subscriptions,
    Notifications notifications,
    OCloud ocloud,
    Demo demo,
    Redis redis,
    Cache cache,
    Kubernetes kubernetes,
    Alarms alarms,
    Origin origin) {

  /** Which inventory source to use ({@code backend}). */
  public enum Backend {
    AUTO,
    DEMO,
    KUBERNETES
  }

  /**
   * The HTTP listener and request limits ({@code server.*} without {@code server.tls.*}).
   *
   * @param maxQueryParameters {@code server.max_query_parameters}
   * @param logFormat {@code server.log_format}: {@code text} or {@code json}
   * @param allowedHosts {@code server.allowed_hosts}: Host names served (empty: the profile's
   *     default)
   * @param http2MaxResetsPerWindow {@code server.http2.max_resets_per_window}
   * @param http2ResetWindow {@code server.http2.reset_window}
   * @param shutdownDrainDelay how long the listener keeps serving after SIGTERM, with {@code
   *     /readyz} at 503, before it stops accepting connections
   * @param shutdownTimeout the longest a SIGTERM'd process runs before it exits (halts if need be)
   * @param filterColumns {@code server.filter_columns}: resource attribute paths whose filter
   *     columns the query engine builds in the background once the inventory is ready
   * @param compression {@code server.compression.enabled}
   * @param compressionMinBytes {@code server.compression.min_bytes}
   * @param maxConnections {@code server.max_connections}: open connections the listener accepts
   * @param maxConnectionsPerClient {@code server.max_connections_per_client}: open connections one
   *     client (address, IPv6 /64) may hold, trusted proxies excepted
   */
  public record Server(
      String host,
      int port,
      Duration readTimeout,
      Duration writeTimeout,
      Duration idleTimeout,
      int maxHeaderBytes,
      boolean keepAlive,
      int maxConcurrentStreams,
      long maxBodyBytes,
      int pageSize,
      String pageMarkerSecret,
      boolean accessLog,
      List<String> trustedProxies,
      int maxConcurrentRequests,
      int maxQueryBytes,
      int maxQueryParameters,
      String logFormat,
      List<String> allowedHosts,
      int http2MaxResetsPerWindow,
      Duration http2ResetWindow,
      Duration shutdownDrainDelay,
      Duration shutdownTimeout,
      List<String> filterColumns,
      boolean compression,
      int compressionMinBytes,
      int maxConnections,
      int maxConnectionsPerClient) {
    public Server {
      trustedProxies = List.copyOf(trustedProxies);
      allowedHosts = List.copyOf(allowedHosts);
      filterColumns = List.copyOf(filterColumns);
    }

    /** The same listener on another port. */
    public Server withPort(int newPort) {
      return new Server(
          host,
          newPort,
          readTimeout,
          writeTimeout,
          idleTimeout,
          maxHeaderBytes,
          keepAlive,
          maxConcurrentStreams,
          maxBodyBytes,
          pageSize,
          pageMarkerSecret,
          accessLog,
          trustedProxies,
          maxConcurrentRequests,
          maxQueryBytes,
          maxQueryParameters,
          logFormat,
          allowedHosts,
          http2MaxResetsPerWindow,
          http2ResetWindow,
          shutdownDrainDelay,
          shutdownTimeout,
          filterColumns,
          compression,
          compressionMinBytes,
          maxConnections,
          maxConnectionsPerClient);
    }
  }

  /**
   * The listener's TLS ({@code server.tls.*}); off unless a certificate is configured.
   *
   * @param clientAuth {@code auto}, {@code none}, {@code optional} or {@code required}
   * @param handshakeTimeout {@code server.tls.handshake_timeout}
   * @param keysSet every {@code server.tls.*} key that was set explicitly (without a certificate
   *     they have no effect, and the composition root says so at start-up)
   */
  public record Tls(
      Optional<Path> certFile,
      Optional<Path> keyFile,
      Optional<Path> pkcs12File,
      String pkcs12Password,
      Optional<Path> clientCa,
      String clientAuth,
      List<String> protocols,
      List<String> cipherSuites,
      int sessionCacheSize,
      Duration sessionTimeout,
      boolean sessionTickets,
      boolean preferServerCipherSuites,
      Duration reloadInterval,
      Duration handshakeTimeout,
      List<String> keysSet) {
    public Tls {
      protocols = List.copyOf(protocols);
      cipherSuites = List.copyOf(cipherSuites);
      keysSet = List.copyOf(keysSet);
    }
  }

  /** The security profile, token authentication and rate limits. */
  public record Security(Profile profile, Auth auth, RateLimit rateLimit) {}

  /**
   * Bearer-token and certificate authentication ({@code auth.*}).
   *
   * @param maxTokenBytes {@code auth.max_token_bytes}
   * @param maxTokenLifetime {@code auth.max_token_lifetime}
   * @param failuresPerMinute {@code auth.failures_per_minute}
   */
  public record Auth(
      boolean enabled,
      Optional<URI> jwksUrl,
      Optional<Path> staticKeysFile,
      String issuer,
      List<String> audience,
      Duration clockSkew,
      List<String> algorithms,
      Duration jwksCacheTtl,
      Duration jwksMinRefreshInterval,
      List<String> roleClaims,
      List<String> readerValues,
      List<String> subscriberValues,
      List<String> adminValues,
      List<String> certificateReaders,
      List<String> certificateSubscribers,
      List<String> certificateAdmins,
      boolean certificateBoundTokens,
      List<String> publicPaths,
      List<String> adminPaths,
      int maxTokenBytes,
      Duration maxTokenLifetime,
      int failuresPerMinute) {
    public Auth {
      audience = List.copyOf(audience);
      algorithms = List.copyOf(algorithms);
      roleClaims = List.copyOf(roleClaims);
      readerValues = List.copyOf(readerValues);
      subscriberValues = List.copyOf(subscriberValues);
      adminValues = List.copyOf(adminValues);
      certificateReaders = List.copyOf(certificateReaders);
      certificateSubscribers = List.copyOf(certificateSubscribers);
      certificateAdmins = List.copyOf(certificateAdmins);
      publicPaths = List.copyOf(publicPaths);
      adminPaths = List.copyOf(adminPaths);
    }
  }

  /**
   * Request budgets ({@code rate_limit.*}).
   *
   * @param redisPrefix {@code rate_limit.redis_prefix}, the key prefix of shared buckets
   */
  public record RateLimit(
      boolean enabled,
      boolean shared,
      int readPerMinute,
      int writePerMinute,
      int adminPerMinute,
      Duration redisTimeout,
      String redisPrefix) {}

  /**
   * Subscription create policy and storage ({@code subscriptions.*}).
   *
   * @param redisPrefix {@code subscriptions.redis_prefix}, the key prefix of the Redis store
   * @param maxPerSubject {@code subscriptions.max_per_subject}, subscriptions one owner may hold
   */
  public record Subscriptions(
      int duplicateStatus, boolean allowHttpCallbacks, String redisPrefix, int maxPerSubject) {}

  /** Where subscriptions and the notification outbox live ({@code notifications.store}). */
  public enum Store {
    /** MVStore files in the data directory (one replica). */
    EMBEDDED,
    /** Redis at {@code redis.url} (many replicas). */
    REDIS
  }

  /** Notification delivery ({@code notifications.*}). */
  public record Notifications(
      boolean enabled,
      Store store,
      int maxAttempts,
      Duration retryInitialDelay,
      Duration retryMaxDelay,
      double retryJitter,
      Duration deliveryTimeout,
      int workers,
      Duration pollInterval,
      Duration leaseTtl,
      Duration subscriptionRefresh,
      List<String> callbackAllowList,
      boolean probeCallbacks,
      Map<String, CallbackAuth> callbackAuth,
      String redisPrefix,
      int redisWaitReplicas,
      Duration redisWaitTimeout) {
    public Notifications {
      callbackAllowList = List.copyOf(callbackAllowList);
      callbackAuth = Map.copyOf(callbackAuth);
    }
  }

  /** How an alarm subscription's filter is read ({@code alarms.subscription_filter_mode}). */
  public enum AlarmFilterMode {
    /** A matching event is sent. */
    SELECTION,
    /** The spec's literal reading: a matching event is not sent. */
    EXCLUSION
  }

  /** How one node alarm is raised ({@code alarms.<alarm>.*}). */
  public record AlarmRule(
      boolean enabled, io.netweave.o2ims.model.PerceivedSeverity severity, Duration debounce) {}

  /** The monitoring API and node alarms ({@code alarms.*}). */
  public record Alarms(
      boolean enabled,
      Duration evaluationInterval,
      Duration retentionSweepInterval,
      int repeatAcknowledgeStatus,
      AlarmFilterMode subscriptionFilterMode,
      Map<io.netweave.o2ims.model.NodeAlarm, AlarmRule> rules) {
    public Alarms {
      rules = Map.copyOf(rules);
    }
  }

  /**
   * The O-Cloud identity; empty ids are derived by the backend ({@code ocloud.*}).
   *
   * @param name the configured name ({@code ocloud.name}); empty: the backend's default, {@link
   *     #demoName} or {@link #kubernetesName}
   * @param serviceUri the configured external root URI ({@code ocloud.service_uri}); empty: built
   *     from the listener
   */
  public record OCloud(
      Optional<UUID> id,
      Optional<UUID> globalCloudId,
      Optional<String> name,
      Optional<String> serviceUri) {
    /** The embedded demo O-Cloud's name while {@code ocloud.name} is unset. */
    public static final String DEMO_NAME = "netweave-demo";

    /** A Kubernetes O-Cloud's name (one cluster or several) while {@code ocloud.name} is unset. */
    public static final String KUBERNETES_NAME = "netweave";

    /** The demo backend's O-Cloud name: {@code ocloud.name}, else {@value #DEMO_NAME}. */
    public String demoName() {
      return name.orElse(DEMO_NAME);
    }

    /**
     * The Kubernetes backends' O-Cloud name: {@code ocloud.name}, else {@value #KUBERNETES_NAME}.
     */
    public String kubernetesName() {
      return name.orElse(KUBERNETES_NAME);
    }
  }

  /** Size of the embedded demo O-Cloud ({@code demo.*}). */
  public record Demo(int resourcePools, int resources, int resourceTypes) {}

  /**
   * The one Redis deployment every Redis user shares ({@code redis.*}); see {@code RedisSettings}
   * in the cache module for how the keys map onto Lettuce.
   *
   * @param url empty when no Redis is configured
   * @param poolKeysSet the keys among {@code pool_size}, {@code min_idle_conns}, {@code
   *     pool_timeout} and {@code idle_timeout} that were set explicitly (they have no effect on a
   *     multiplexed client; the composition root says so at start-up)
   * @param keysSet every {@code redis.*} key but {@code url} that was set explicitly (without a
   *     {@code url} they have no effect, and the composition root says so at start-up)
   */
  public record Redis(
      Optional<String> url,
      boolean cluster,
      String keyPrefix,
      Duration lookupTimeout,
      int failureThreshold,
      Duration retryAfter,
      int poolSize,
      int minIdleConns,
      Duration dialTimeout,
      Duration readTimeout,
      Duration writeTimeout,
      Duration maxConnAge,
      Duration poolTimeout,
      Duration idleTimeout,
      List<String> poolKeysSet,
      List<String> keysSet) {
    public Redis {
      poolKeysSet = List.copyOf(poolKeysSet);
      keysSet = List.copyOf(keysSet);
    }
  }

  /** Response cache settings ({@code cache.*}). */
  public record Cache(
      boolean enabled,
      Duration resourcePoolsTtl,
      Duration resourcesTtl,
      Duration resourceTypesTtl,
      Duration deploymentManagersTtl,
      Duration subscriptionsTtl,
      Duration ocloudTtl,
      int maxSizeMb,
      boolean warmOnStartup,
      List<String> warmResources) {
    public Cache {
      warmResources = List.copyOf(warmResources);
    }
  }

  /**
   * The Kubernetes backend ({@code kubernetes.*}): the clusters that make up the O-Cloud and the
   * informer and mapping settings they share. Today's single-cluster keys ({@code kubeconfig},
   * {@code api_url}, {@code token_file}, {@code ca_file}, {@code cluster_name}, {@code o2dms_url})
   * form the one element of {@link #clusters()}; a configured list of clusters adds elements.
   */
  public record Kubernetes(
      List<Cluster> clusters,
      Optional<Path> clustersDir,
      Duration clustersDirRescan,
      Duration stalenessCheck,
      double qps,
      int burst,
      int cacheSizeMb,
      Duration resyncPeriod,
      String fieldSelector,
      String labelSelector,
      String poolLabel,
      String defaultPool,
      String regionLabel,
      List<String> annotations) {
    public Kubernetes {
      clusters = List.copyOf(clusters);
      if (clusters.isEmpty()) {
        throw new IllegalArgumentException("kubernetes: at least one cluster");
      }
      annotations = List.copyOf(annotations);
    }

    /** The first configured cluster: the O-Cloud's own (its id derives from it). */
    public Cluster primary() {
      return clusters.get(0);
    }

    /** Whether more than one cluster, or a watched directory of clusters, is configured. */
    public boolean multiCluster() {
      return clusters.size() > 1 || clustersDir.isPresent();
    }

    /**
     * Whether every cluster comes from {@link #clustersDir()}: no connection is configured through
     * the keys. The O-Cloud's own cluster (its id derives from it) is then the directory's file
     * named {@link #primary()}'s name ({@code kubernetes.cluster_name}).
     */
    public boolean directoryOnly() {
      return clustersDir.isPresent() && clusters.size() == 1 && primary().connection().isEmpty();
    }
  }

  /**
   * One Kubernetes cluster.
   *
   * @param name the deployment manager's name; empty for the adapter's default
   * @param connection how to reach it; empty to detect it ({@code KUBECONFIG}, in-cluster)
   * @param o2dmsUrl the O2dms URL published as the deployment manager's serviceUri
   * @param poolLabel this cluster's node label grouping nodes into pools (empty: the shared one)
   * @param site configured details of the cluster's O-Cloud site (v2 sites and locations)
   * @param qps this cluster's client-side request rate (empty: the shared {@code kubernetes.qps})
   * @param burst this cluster's request burst (empty: the shared {@code kubernetes.burst})
   */
  public record Cluster(
      Optional<String> name,
      Optional<Connection> connection,
      Optional<String> o2dmsUrl,
      Optional<String> poolLabel,
      io.netweave.o2ims.model.SiteDetails site,
      Optional<Double> qps,
      Optional<Integer> burst) {

    /** A cluster with the shared pool label, rate limit and no site details. */
    public Cluster(
        Optional<String> name, Optional<Connection> connection, Optional<String> o2dmsUrl) {
      this(
          name,
          connection,
          o2dmsUrl,
          Optional.empty(),
          io.netweave.o2ims.model.SiteDetails.none(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * Through a kubeconfig file and one of its contexts ({@code kubernetes.clusters[].kubeconfig} and
   * {@code context}).
   */
  public record KubeconfigContext(Path file, String context) implements Connection {}

  /** How the gateway reaches one cluster's API server. */
  public sealed interface Connection {}

  /** Through a kubeconfig file ({@code kubernetes.kubeconfig}). */
  public record Kubeconfig(Path file) implements Connection {}

  /**
   * Directly ({@code kubernetes.api_url}, {@code token_file}, {@code ca_file}); the token file is
   * read when the connection is made.
   */
  public record ApiServer(URI url, Optional<Path> tokenFile, Optional<Path> caFile)
      implements Connection {}

  /** The effective key values behind a configuration; readable only by the loader. */
  public static final class Origin {
    private final Map<String, Object> values;
    private final java.util.Set<String> explicit;

    Origin(Map<String, Object> values, java.util.Set<String> explicit) {
      this.values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
      this.explicit = java.util.Set.copyOf(explicit);
    }

    /** Every key with its effective typed value. */
    Map<String, Object> values() {
      return values;
    }

    /** The keys set by a file, the environment or a flag (not left at their default). */
    java.util.Set<String> explicit() {
      return explicit;
    }
  }

  public ServerConfig {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(subscriptions, "subscriptions");
    Objects.requireNonNull(notifications, "notifications");
    Objects.requireNonNull(ocloud, "ocloud");
    Objects.requireNonNull(demo, "demo");
    Objects.requireNonNull(redis, "redis");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(origin, "origin");
  }

  /** The configuration with every default, except the port and data directory. */
  public static ServerConfig defaults(int port, Path dataDir) {
    return new ConfigLoader(Map.of())
        .load(
            Optional.empty(),
            Map.of("server.port", Integer.toString(port), "storage.data_dir", dataDir.toString()));
  }

  /**
   * This configuration with other key values (as written in a file), re-validated.
   *
   * @throws ConfigException on an unknown key or a bad value
   */
  public ServerConfig with(Map<String, String> overrides) {
    return ConfigLoader.reload(origin, overrides);
  }
}
