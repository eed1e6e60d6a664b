package io.netweave.o2ims.server;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.GarbageCollectorMetricSet;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import com.codahale.metrics.jvm.ThreadStatesGaugeSet;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.CacheInvalidation;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.NoResponseCache;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.demo.NameBasedIds;
import io.netweave.o2ims.server.internal.http.HandlerChain;
import io.netweave.o2ims.server.internal.http.UndertowServer;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import io.netweave.o2ims.server.internal.notify.NotificationConfig;
import io.netweave.o2ims.server.internal.notify.NotificationRuntime;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackRefusedException;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import io.netweave.o2ims.server.internal.query.SubscriptionService;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 *     [--data-dir DIR]</pre>
 */
@Command(
    name = "o2ims-server",
    mixinStandardHelpOptions = true,
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
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (storage.data_dir).")
  private Path dataDir;

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
      config = new ConfigLoader(System.getenv()).load(Optional.ofNullable(configFile), flags);
      gateway = start(config, Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("o2ims-server: " + e.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "o2ims-shutdown"));
    System.out.println("o2ims-server listening on " + gateway.url());
    System.out.println(
        "  try: curl " + gateway.url() + InventoryQueryService.PREFIX + "/v1/resourcePools");
    gateway.awaitClose();
    return 0;
  }

  /**
   * Creates and starts a gateway.
   *
   * @throws ConfigException when the configuration asks for something this build cannot do
   */
  public static Gateway start(ServerConfig config, Clock clock) {
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      JsonMapper mapper = O2Json.newMapper();
      InventorySource source = inventorySource(config);
      owned.add(source);
      Optional<DemoInventorySource> demo =
          source instanceof DemoInventorySource d ? Optional.of(d) : Optional.empty();

      ResponseCache cache = new NoResponseCache();
      owned.add(cache);
      LOG.info(
          "response cache: none ({})",
          config.cache().enabled()
              ? "the cache module's implementation is not wired into this build yet"
              : "cache.enabled is false");
      source.addListener(new CacheInvalidation(cache));

      MetricRegistry registry = new MetricRegistry();
      NotificationRuntime notifications =
          NotificationRuntime.open(
              NotificationConfig.from(config.values(), mapper),
              config.dataDir(),
              source,
              registry,
              mapper,
              clock);
      owned.add(notifications);
      SubscriptionStore store = notifications.subscriptions();

      PageMarkerCodec markers = new PageMarkerCodec(markerSecret(config));
      int pageSize = config.http().pageSize();
      InventoryQueryService inventory =
          new InventoryQueryService(source, mapper, markers, pageSize);
      SubscriptionService subscriptions =
          new SubscriptionService(
              store,
              mapper,
              markers,
              pageSize,
              clock,
              new SubscriptionService.Policy(
                  config.subscriptions().allowHttpCallbacks(),
                  config.subscriptions().duplicateStatus() == 409),
              UUID::randomUUID,
              () -> {
                cache.invalidate(io.netweave.o2ims.cache.CacheRegion.SUBSCRIPTIONS);
                notifications.subscriptionsChanged();
              },
              callback -> {
                try {
                  notifications.callbackValidator().validate(callback);
                } catch (CallbackRefusedException e) {
                  throw new QueryProblem(
                      QueryProblem.Kind.BAD_REQUEST, e.getMessage(), Map.of("member", "callback"));
                }
              });

      registry.register("jvm.memory", new MemoryUsageGaugeSet());
      registry.register("jvm.gc", new GarbageCollectorMetricSet());
      registry.register("jvm.threads", new ThreadStatesGaugeSet());
      RequestMetrics metrics = new RequestMetrics(registry);

      var root =
          HandlerChain.compose(
              new HandlerChain.Parts(
                  mapper,
                  source,
                  demo,
                  inventory,
                  subscriptions,
                  cache,
                  metrics,
                  config.http().maxBodyBytes(),
                  openApi(),
                  notifications.engine()));
      source.start();
      notifications.start();
      UndertowServer server = new UndertowServer(config.http(), root);
      owned.add(server);
      String host = config.http().host();
      String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
      return new Gateway(owned, server.port(), "http://" + shown + ":" + server.port());
    } catch (RuntimeException e) {
      new Gateway(owned, 0, "").close();
      throw e;
    }
  }

  private static InventorySource inventorySource(ServerConfig config) {
    switch (config.backend()) {
      case KUBERNETES ->
          throw new ConfigException(
              "backend kubernetes is not available: this build does not include the Kubernetes"
                  + " inventory source yet (o2ims-k8s-adapter is not wired into the server); start with"
                  + " --backend demo (or auto)");
      case AUTO ->
          LOG.info(
              "backend auto: using the embedded demo O-Cloud (this build has no Kubernetes inventory"
                  + " source wired in)");
      case DEMO -> LOG.info("backend demo: using the embedded demo O-Cloud");
    }
    UUID ocloudId =
        config
            .ocloud()
            .id()
            .orElseGet(
                () -> NameBasedIds.of(NameBasedIds.OCLOUD_NAMESPACE, config.ocloud().name()));
    UUID globalCloudId =
        config
            .ocloud()
            .globalCloudId()
            .orElseGet(() -> NameBasedIds.of(ocloudId, "global-cloud-id"));
    DemoInventory inventory =
        new DemoInventory(
            ocloudId,
            globalCloudId,
            config.ocloud().name(),
            "http://localhost:" + config.http().port() + InventoryQueryService.PREFIX,
            config.demo().resourcePools(),
            config.demo().resourceTypes());
    return new DemoInventorySource(inventory, config.demo().resources());
  }

  private static byte[] markerSecret(ServerConfig config) {
    String secret = config.http().pageMarkerSecret();
    if (!secret.isEmpty()) {
      return secret.getBytes(StandardCharsets.UTF_8);
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    LOG.info(
        "server.page_marker_secret is not set: paging markers are valid for this process only");
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
