package io.netweave.o2ims.server;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import com.codahale.metrics.jvm.ThreadStatesGaugeSet;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.k8s.KubernetesConnections;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.alarms.AlarmSettings;
import io.netweave.o2ims.server.internal.alarms.Monitoring;
import io.netweave.o2ims.server.internal.backend.Backend;
import io.netweave.o2ims.server.internal.backend.Backends;
import io.netweave.o2ims.server.internal.caching.CacheInvalidation;
import io.netweave.o2ims.server.internal.caching.CacheWarmer;
import io.netweave.o2ims.server.internal.caching.ResponseCaches;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.http.HandlerChain;
import io.netweave.o2ims.server.internal.http.Http2WriteWait;
import io.netweave.o2ims.server.internal.http.PortReservation;
import io.netweave.o2ims.server.internal.http.ServiceUri;
import io.netweave.o2ims.server.internal.http.ServingState;
import io.netweave.o2ims.server.internal.http.UndertowServer;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import io.netweave.o2ims.server.internal.notify.NotificationRuntime;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackRefusedException;
import io.netweave.o2ims.server.internal.query.FilterColumns;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import io.netweave.o2ims.server.internal.query.SubscriptionService;
import io.netweave.o2ims.server.internal.redis.SharedRedis;
import io.netweave.o2ims.server.internal.security.SecurityConfiguration;
import io.netweave.o2ims.server.internal.security.SecurityLayers;
import io.netweave.o2ims.server.internal.tls.InvalidTlsMaterialException;
import io.netweave.o2ims.server.internal.tls.OpenConnections;
import io.netweave.o2ims.server.internal.tls.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The composition root and command line of the O2-IMS gateway: reads the configuration, creates
 * every component by hand (inventory source, subscription store, response cache, query services,
 * handler chain, HTTP listener), starts the listener and prints the URL it listens on. Whoever
 * creates a resource here closes it, in reverse order, when the process stops.
 *
 * <pre>java -jar o2ims-server.jar [--config FILE] [--port N] [--backend auto|demo|kubernetes]
 *     [--data-dir DIR] [--profile demo|production] [--tls-cert FILE --tls-key FILE]
 *     [--tls-client-ca FILE]</pre>
 */
@Command(
    name = "o2ims-server",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "O-RAN O2-IMS inventory gateway (serves an embedded demo O-Cloud by default).")
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  private Path configFile;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Listen port (server.port); 0 picks one.")
  private Integer port;

  @Option(
      names = "--backend",
      paramLabel = "auto|demo|kubernetes",
      description = "Inventory backend (backend); auto picks demo when no cluster is configured.")
  private String backend;

  @Option(
      names = "--profile",
      paramLabel = "demo|production",
      description =
          "Security profile (profile): demo = no authentication; production = TLS, bearer tokens"
              + " and rate limits required.")
  private String profile;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain, leaf first (server.tls.cert_file).")
  private Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM private key, PKCS#8, PKCS#1 RSA or SEC1 EC (server.tls.key_file).")
  private Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "FILE",
      description = "PEM CA bundle for client certificates (server.tls.client_ca).")
  private Path tlsClientCa;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (storage.data_dir).")
  private Path dataDir;

  /** {@code --version}: the version the packaged jar's manifest carries. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "o2ims-server " + (version != null ? version : "(unknown: not run from the packaged jar)")
      };
    }
  }

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config;
    Gateway gateway;
    try {
      Map<String, String> flags = new LinkedHashMap<>();
      Optional.ofNullable(port).ifPresent(p -> flags.put("server.port", p.toString()));
      Optional.ofNullable(backend).ifPresent(b -> flags.put("backend", b));
      Optional.ofNullable(dataDir).ifPresent(d -> flags.put("storage.data_dir", d.toString()));
      Optional.ofNullable(profile).ifPresent(p -> flags.put("profile", p));
      Optional.ofNullable(tlsCert).ifPresent(f -> flags.put("server.tls.cert_file", f.toString()));
      Optional.ofNullable(tlsKey).ifPresent(f -> flags.put("server.tls.key_file", f.toString()));
      Optional.ofNullable(tlsClientCa)
          .ifPresent(f -> flags.put("server.tls.client_ca", f.toString()));
      config = new ConfigLoader(System.getenv()).load(Optional.ofNullable(configFile), flags);
      gateway = start(config, Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("o2ims-server: " + e.getMessage());
      return 2;
    }
    Duration timeout = config.server().shutdownTimeout();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> shutdown(gateway, timeout), "o2ims-shutdown"));
    System.out.println("o2ims-server listening on " + gateway.url());
    System.out.println(
        "  try: curl " + gateway.url() + InventoryQueryService.PREFIX + "/v1/resourcePools");
    gateway.awaitClose();
    return 0;
  }

  /**
   * Creates and starts a gateway: the parts it is made of, in the order they depend on each other.
   * Whoever creates a part here closes it: {@link Gateway#close()} closes them in reverse order, so
   * the shared Redis connector outlives every part that borrows it.
   *
   * @throws ConfigException when the configuration asks for something this build cannot do
   */
  public static Gateway start(ServerConfig config, Clock clock) {
    // Before any HTTP/2 stream: Undertow reads its write-wait timeout once per JVM.
    Http2WriteWait.apply(config.server());
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      // The port first: a start it refuses has done nothing (no Redis, lease, notification or
      // data-directory file); the listener takes the port over once the rest is ready.
      PortReservation reservedPort = reservePort(config.server());
      owned.add(reservedPort);
      accessLog(config.server().accessLog());
      SecurityConfiguration security = SecurityConfiguration.from(config);
      Optional<ServerTls> tls = serverTls(security, clock);
      security.warnAboutTlsKeysWithoutEffect();
      JsonMapper mapper = O2Json.newMapper();
      MetricRegistry registry = jvmMetrics();

      Optional<RedisConnector> redis = SharedRedis.open(config.redis(), clock);
      redis.ifPresent(owned::add);

      ServerConfig.Server listener = config.server().withPort(reservedPort.port());
      String serviceUri =
          config
              .ocloud()
              .serviceUri()
              .map(ServiceUri::configured)
              .orElseGet(() -> ServiceUri.of(tls.isPresent(), listener.host(), listener.port()));
      Backend backend =
          new Backends(config, clock, KubernetesConnections::detect).create(serviceUri);
      owned.addAll(backend.closeables());
      backend
          .stalenessSeconds()
          .ifPresent(s -> registry.gauge("kubernetes.staleness_seconds", () -> s::getAsLong));
      backend.clusters().ifPresent(clusters -> clusterMetrics(registry, clusters));
      InventorySource source = backend.source();

      ResponseCache cache = ResponseCaches.create(config.cache(), redis, clock, owned);
      source.addListener(new CacheInvalidation(cache));

      NotificationRuntime notifications =
          NotificationRuntime.open(config, redis, source, registry, mapper, clock);
      owned.add(notifications);

      PageMarkerCodec markers = new PageMarkerCodec(markerSecret(config));
      InventoryQueryService inventory =
          new InventoryQueryService(source, mapper, markers, config.server().pageSize());
      SubscriptionService subscriptions =
          subscriptionService(config, notifications, mapper, markers, clock);
      Optional<HandlerChain.Monitoring> monitoring =
          monitoring(config, backend, notifications, registry, mapper, markers, clock);

      OpenConnections connections = security.openConnections();
      SecurityLayers layers =
          security.layers(
              clock,
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
              redis,
              owned,
              connections);
      watchSigningKeys(layers, registry);
      tls.ifPresent(t -> tlsMetrics(registry, t));
      logSecurity(config, security, tls.isPresent());

      ServingState serving = new ServingState();
      var root =
          HandlerChain.compose(
              new HandlerChain.Parts(
                  mapper,
                  source,
                  backend.demoAdmin(),
                  inventory,
                  subscriptions,
                  cache,
                  new RequestMetrics(registry),
                  config.server().maxBodyBytes(),
                  openApi(),
                  notifications.engine(),
                  monitoring,
                  serving,
                  notifications::dataDirectoryFailure),
              layers::around,
              new HandlerChain.Options(
                  security.logFormat(),
                  () -> layers.verifier().flatMap(verifier -> verifier.keys().unavailable()),
                  config.server().compression(),
                  config.server().compressionMinBytes(),
                  layers.readinessDetail()));

      source.start();
      notifications.start();
      // Reads wait for the first notification baseline (HandlerChain): with an inventory that is
      // complete at once (demo), take it before the listener opens, so the first reads are served.
      notifications.engine().ifPresent(e -> e.awaitFirstBaseline(Duration.ofSeconds(5)));
      CacheWarmer.start(config.cache(), source, inventory, cache, mapper).ifPresent(owned::add);
      FilterColumns.start(
              source, inventory, config.server().filterColumns(), Duration.ofMillis(250))
          .ifPresent(owned::add);
      reservedPort.close();
      UndertowServer server = listen(listener, root, tls, connections, serving);
      owned.add(server);
      backend.onStarted().run();
      return new Gateway(
          owned,
          server.port(),
          url(config, tls.isPresent(), server.port()),
          Optional.of(
              new Gateway.Drain(
                  serving, config.server().shutdownDrainDelay(), server, connectionWait(config))));
    } catch (RuntimeException e) {
      new Gateway(owned, 0, "").close();
      throw e;
    }
  }

  /** The listen port, bound now; a port another process holds stops the start (see below). */
  private static PortReservation reservePort(ServerConfig.Server server) {
    try {
      return PortReservation.bind(server.host(), server.port());
    } catch (java.io.UncheckedIOException e) {
      throw portTaken(e);
    }
  }

  /** The listener, on the port {@link #reservePort} held until now. */
  private static UndertowServer listen(
      ServerConfig.Server listener,
      io.undertow.server.HttpHandler root,
      Optional<ServerTls> tls,
      OpenConnections connections,
      ServingState serving) {
    try {
      return new UndertowServer(listener, root, tls, connections, serving);
    } catch (java.io.UncheckedIOException e) {
      throw portTaken(e);
    }
  }

  /** A port another process holds: one line naming the key, else the failure as it is. */
  private static RuntimeException portTaken(java.io.UncheckedIOException e) {
    if (e.getCause() instanceof java.net.BindException bind) {
      return new ConfigException(
          e.getMessage()
              + " (server.port): "
              + bind.getMessage()
              + "; stop the process that holds it or choose another port with --port N",
          e);
    }
    return e;
  }

  /**
   * SIGTERM: drains and closes the gateway, halting the process if that takes longer than {@code
   * server.shutdown_timeout} (a stuck close must not outlive the pod's grace period).
   */
  private static void shutdown(Gateway gateway, Duration timeout) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(timeout.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              LOG.warn("shutdown took longer than server.shutdown_timeout ({}); halting", timeout);
              Runtime.getRuntime().halt(1);
            },
            "o2ims-shutdown-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    gateway.shutdown();
    watchdog.interrupt();
    LOG.info("shut down");
  }

  /**
   * How long the listener waits for open connections after it stopped accepting: what is left of
   * {@code server.shutdown_timeout} after the drain delay and the notification engine's share (one
   * delivery timeout for the deliveries in flight, plus a second to record them).
   */
  private static Duration connectionWait(ServerConfig config) {
    Duration left =
        config
            .server()
            .shutdownTimeout()
            .minus(config.server().shutdownDrainDelay())
            .minus(config.notifications().deliveryTimeout())
            .minusSeconds(1);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Publishes whether the token signing keys could be fetched ({@code auth_jwks_available}, {@code
   * auth_jwks_fetch_failures}) and fetches them once in the background, so that {@code /readyz}
   * knows before the first token arrives.
   */
  /** Reload health of the TLS files: a renewal or CA bundle that cannot be loaded is alerted on. */
  private static void tlsMetrics(MetricRegistry registry, ServerTls tls) {
    registry.gauge("tls.certificate.reload_failures", () -> tls::certificateReloadFailures);
    registry.gauge("tls.client_ca.reload_failures", () -> tls::clientCaReloadFailures);
    registry.gauge("tls.reload_failing", () -> () -> tls.reloadFailing() ? 1 : 0);
    registry.gauge("tls.client_ca.certificates", () -> tls::clientCaCertificates);
  }

  private static void watchSigningKeys(SecurityLayers layers, MetricRegistry registry) {
    layers
        .verifier()
        .ifPresent(
            verifier -> {
              registry.gauge(
                  "auth.jwks.available",
                  () -> () -> verifier.keys().unavailable().isPresent() ? 0 : 1);
              registry.gauge("auth.jwks.fetch_failures", () -> verifier.keys()::fetchFailures);
              Thread first = new Thread(() -> verifier.keys().keys(""), "o2ims-jwks-first-fetch");
              first.setDaemon(true);
              first.start();
            });
  }

  /**
   * The subscription routes' service: writes re-index the notification engine's subscriptions (no
   * route caches subscriptions, so there is no cache region to invalidate), and a new callback
   * passes the callback policy and optional probe.
   */
  private static SubscriptionService subscriptionService(
      ServerConfig config,
      NotificationRuntime notifications,
      JsonMapper mapper,
      PageMarkerCodec markers,
      Clock clock) {
    return new SubscriptionService(
        notifications.subscriptions(),
        mapper,
        markers,
        config.server().pageSize(),
        clock,
        policy(config),
        UUID::randomUUID,
        notifications::subscriptionsChanged,
        callbackCheck(notifications));
  }

  /**
   * The monitoring API (absent when {@code alarms.enabled} is false): the alarm engine runs as a
   * producer step of the notification engine; alarm subscriptions follow the inventory
   * subscriptions' policy and are refused until the SMO's globalCloudId is configured (the demo
   * O-Cloud always has one).
   */
  private static Optional<HandlerChain.Monitoring> monitoring(
      ServerConfig config,
      Backend backend,
      NotificationRuntime notifications,
      MetricRegistry registry,
      JsonMapper mapper,
      PageMarkerCodec markers,
      Clock clock) {
    AlarmSettings settings = AlarmSettings.from(config.alarms());
    if (!settings.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        Monitoring.wire(
            settings,
            backend.source(),
            notifications,
            registry,
            mapper,
            markers,
            config.server().pageSize(),
            clock,
            policy(config),
            backend.demoAdmin().isPresent() || config.ocloud().globalCloudId().isPresent(),
            callbackCheck(notifications)));
  }

  private static SubscriptionService.Policy policy(ServerConfig config) {
    return new SubscriptionService.Policy(
        config.subscriptions().allowHttpCallbacks(),
        config.subscriptions().duplicateStatus() == 409,
        config.subscriptions().maxPerSubject());
  }

  /** The callback policy and optional probe, run on every new callback (400 when refused). */
  private static java.util.function.Consumer<String> callbackCheck(
      NotificationRuntime notifications) {
    return callback -> {
      try {
        notifications.callbackValidator().validate(callback);
      } catch (CallbackRefusedException e) {
        throw new QueryProblem(
            QueryProblem.Kind.BAD_REQUEST, e.getMessage(), Map.of("member", "callback"));
      }
    };
  }

  private static MetricRegistry jvmMetrics() {
    MetricRegistry registry = new MetricRegistry();
    registry.register("jvm.memory", new MemoryUsageGaugeSet());
    registry.register("jvm.gc", new GarbageCollectorMetricSet());
    registry.register("jvm.threads", new ThreadStatesGaugeSet());
    // The process figures the guide's checklist alerts on (CPU above 80 %, restarts), under the
    // names Prometheus client libraries use; deploy/prometheus/netweave-rules.yaml reads them.
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean process) {
      registry.register(
          "process_cpu_seconds_total",
          (com.codahale.metrics.Gauge<Double>) () -> process.getProcessCpuTime() / 1e9);
    }
    registry.register(
        "jvm_available_processors",
        (com.codahale.metrics.Gauge<Integer>) () -> Runtime.getRuntime().availableProcessors());
    double startSeconds =
        java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
    registry.register(
        "process_start_time_seconds", (com.codahale.metrics.Gauge<Double>) () -> startSeconds);
    return registry;
  }

  private static void logSecurity(
      ServerConfig config, SecurityConfiguration security, boolean tls) {
    LOG.info(
        "security profile {}: TLS {}, authentication {}, rate limits {}",
        security.profile().name().toLowerCase(Locale.ROOT),
        tls ? "on" : "off",
        security.authenticationEnabled() ? "on" : "off",
        security.rateLimitsEnabled() ? (security.sharedRateLimits() ? "shared" : "on") : "off");
    String listenHost = config.server().host();
    if (!security.authenticationEnabled()
        && !listenHost.equals("127.0.0.1")
        && !listenHost.equals("localhost")
        && !listenHost.equals("::1")) {
      LOG.warn(
          "authentication is off and the server listens on {}: anyone who can reach the port"
              + " may read the inventory and create subscriptions; use --profile production"
              + " outside a local demo",
          listenHost);
    }
  }

  private static String url(ServerConfig config, boolean tls, int port) {
    String host = config.server().host();
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    return (tls ? "https" : "http") + "://" + shown + ":" + port;
  }

  private static Optional<ServerTls> serverTls(SecurityConfiguration security, Clock clock) {
    try {
      return security.tls().map(settings -> new ServerTls(settings, clock));
    } catch (InvalidTlsMaterialException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /** Turns the per-request access log ({@code netweave.access}) on or off for this process. */
  private static void accessLog(boolean on) {
    if (LoggerFactory.getLogger("netweave.access")
        instanceof ch.qos.logback.classic.Logger access) {
      access.setLevel(on ? null : ch.qos.logback.classic.Level.OFF);
    }
  }

  /**
   * Per-cluster gauges, {@code kubernetes.cluster.<name>.staleness_seconds} and {@code ...stale} (1
   * while the cluster's API server is unreachable), registered and removed as clusters come and go.
   */
  private static void clusterMetrics(
      MetricRegistry registry, io.netweave.o2ims.k8s.MultiClusterInventorySource clusters) {
    clusters.onMembership(
        (name, present) -> {
          String base = "kubernetes.cluster." + name.replaceAll("[^A-Za-z0-9_]", "_");
          registry.remove(base + ".staleness_seconds");
          registry.remove(base + ".stale");
          if (present) {
            registry.gauge(
                base + ".staleness_seconds",
                () ->
                    () ->
                        clusters
                            .clusterStaleness()
                            .getOrDefault(name, java.time.Duration.ZERO)
                            .toSeconds());
            registry.gauge(base + ".stale", () -> () -> clusters.clusterStale(name) ? 1 : 0);
          }
        });
  }

  private static byte[] markerSecret(ServerConfig config) {
    String secret = config.server().pageMarkerSecret();
    if (!secret.isEmpty()) {
      return secret.getBytes(StandardCharsets.UTF_8);
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    if (config.notifications().store() == ServerConfig.Store.REDIS) {
      // The store of several replicas: behind one load balancer, a next-page link followed to
      // another replica is refused.
      LOG.warn(
          "server.page_marker_secret is not set: paging markers are valid for this process only,"
              + " so replicas sharing notifications.store: redis refuse each other's next-page"
              + " links (400); give every replica the same secret");
    } else {
      LOG.info(
          "server.page_marker_secret is not set: paging markers are valid for this process only");
    }
    return random;
  }

  private static byte[] openApi() {
    try (InputStream in = Main.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the server's resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
