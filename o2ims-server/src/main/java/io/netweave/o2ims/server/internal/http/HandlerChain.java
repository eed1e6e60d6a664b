package io.netweave.o2ims.server.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.metrics.PrometheusText;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import io.netweave.o2ims.server.internal.notify.NotificationEngine;
import io.netweave.o2ims.server.internal.query.AlarmQueryService;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.SubscriptionService;
import io.netweave.o2ims.server.internal.security.LogText;
import io.undertow.server.HttpHandler;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place where the Undertow handler chain is composed, outside-in: request id and access
 * log, percent-decoding of the path and query, problem-details mapper, admission (security) layers,
 * routing (with every route group registered on the router). Immutable once built; the handler it
 * returns is thread-safe.
 */
public final class HandlerChain {
  /** The monitoring API's services. */
  public record Monitoring(AlarmQueryService alarms, SubscriptionService alarmSubscriptions) {
    public Monitoring {
      Objects.requireNonNull(alarms, "alarms");
      Objects.requireNonNull(alarmSubscriptions, "alarmSubscriptions");
    }
  }

  /** What the chain serves and records. */
  public record Parts(
      ObjectMapper mapper,
      InventorySource source,
      Optional<DemoInventorySource> demo,
      InventoryQueryService inventory,
      SubscriptionService subscriptions,
      ResponseCache cache,
      RequestMetrics metrics,
      long maxBodyBytes,
      byte[] openApi,
      Optional<NotificationEngine> notifications,
      Optional<Monitoring> monitoring,
      ServingState serving,
      java.util.function.Supplier<Optional<String>> dataDirectoryFailure) {
    public Parts {
      Objects.requireNonNull(dataDirectoryFailure, "dataDirectoryFailure");
      Objects.requireNonNull(monitoring, "monitoring");
      Objects.requireNonNull(mapper, "mapper");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(demo, "demo");
      Objects.requireNonNull(inventory, "inventory");
      Objects.requireNonNull(subscriptions, "subscriptions");
      Objects.requireNonNull(cache, "cache");
      Objects.requireNonNull(metrics, "metrics");
      Objects.requireNonNull(openApi, "openApi");
      Objects.requireNonNull(notifications, "notifications");
      Objects.requireNonNull(serving, "serving");
    }

    /**
     * The parts without notifications, the monitoring API or a data directory (tests of the
     * inventory routes alone).
     */
    public Parts(
        ObjectMapper mapper,
        InventorySource source,
        Optional<DemoInventorySource> demo,
        InventoryQueryService inventory,
        SubscriptionService subscriptions,
        ResponseCache cache,
        RequestMetrics metrics,
        long maxBodyBytes,
        byte[] openApi) {
      this(
          mapper,
          source,
          demo,
          inventory,
          subscriptions,
          cache,
          metrics,
          maxBodyBytes,
          openApi,
          Optional.empty(),
          Optional.empty(),
          new ServingState(),
          Optional::empty);
    }
  }

  private HandlerChain() {}

  /** Builds the root handler without admission layers (tests of routing alone). */
  public static HttpHandler compose(Parts parts) {
    return compose(parts, java.util.function.UnaryOperator.identity());
  }

  /**
   * Builds the root handler: request id and access log, problem-details mapper, the admission
   * layers ({@code admission}, see SecurityLayers: headers, overload and size limits,
   * authentication, rate limit, authorization, audit), routing.
   */
  public static HttpHandler compose(
      Parts parts, java.util.function.UnaryOperator<HttpHandler> admission) {
    return compose(parts, admission, Options.defaults());
  }

  /**
   * Settings of the outer layers.
   *
   * @param logFormat the access log's line format ({@code server.log_format})
   * @param keysUnavailable why token signing keys cannot be had, if so ({@code /readyz} reports it
   *     and answers 503)
   * @param compression {@code server.compression.enabled}: cached reads go out gzip-compressed to
   *     clients that accept it
   * @param compressionMinBytes {@code server.compression.min_bytes}: smaller bodies stay identity
   * @param readinessDetail which requests {@code /readyz} answers with its detail (the inventory
   *     source's, the key source's error); the others get the status alone
   */
  public record Options(
      LogText.Format logFormat,
      java.util.function.Supplier<Optional<String>> keysUnavailable,
      boolean compression,
      int compressionMinBytes,
      java.util.function.Predicate<io.undertow.server.HttpServerExchange> readinessDetail) {
    /** The default of {@code server.compression.min_bytes}. */
    public static final int DEFAULT_COMPRESSION_MIN_BYTES = 1024;

    public Options {
      Objects.requireNonNull(logFormat, "logFormat");
      Objects.requireNonNull(keysUnavailable, "keysUnavailable");
      Objects.requireNonNull(readinessDetail, "readinessDetail");
      if (compressionMinBytes < 0) {
        throw new IllegalArgumentException("compressionMinBytes < 0: " + compressionMinBytes);
      }
    }

    /** The options with {@code /readyz} detail for every request. */
    public Options(
        LogText.Format logFormat,
        java.util.function.Supplier<Optional<String>> keysUnavailable,
        boolean compression,
        int compressionMinBytes) {
      this(logFormat, keysUnavailable, compression, compressionMinBytes, exchange -> true);
    }

    /** Text log, keys always available, compression on from the default size. */
    public static Options defaults() {
      return new Options(LogText.Format.TEXT, Optional::empty, true, DEFAULT_COMPRESSION_MIN_BYTES);
    }
  }

  /**
   * Builds the root handler as {@link #compose(Parts, java.util.function.UnaryOperator)} does, with
   * the given outer-layer options.
   */
  public static HttpHandler compose(
      Parts parts, java.util.function.UnaryOperator<HttpHandler> admission, Options options) {
    Problems problems = new Problems();
    Dispatcher dispatcher = new Dispatcher(problems);
    Requests requests = new Requests(parts.maxBodyBytes());
    Responses responses = new Responses(parts.mapper());
    com.codahale.metrics.Counter compressions =
        parts.metrics().registry().counter("netweave.http.gzip_compressions");
    // Reads wait for what /readyz waits for: a synced source and, with notifications, the
    // producer's first baseline. Served earlier, a read could show a state older than the
    // baseline, and a change between that read and the baseline would be folded into the baseline
    // without a notification: an SMO that subscribed first and then read would never hear of it.
    java.util.function.BooleanSupplier baselineKnown =
        parts
            .notifications()
            .<java.util.function.BooleanSupplier>map(n -> n::honoursNewSubscriptions)
            .orElse(() -> true);
    CachedReads reads =
        new CachedReads(
            parts.cache(),
            dispatcher,
            parts.inventory()::revision,
            () -> parts.source().readiness().ready() && baselineKnown.getAsBoolean(),
            options.compression()
                ? new Compression(true, options.compressionMinBytes(), compressions::inc)
                : Compression.off(),
            io.netweave.o2ims.server.internal.caching.ResponseKeys.view(
                parts.inventory().markerKeyId(), parts.inventory().pageSize()));
    Router router = new Router();
    new ApiRootRoutes(parts.inventory(), reads, responses).registerRoot(router);
    for (ApiView view : ApiView.values()) {
      // One query engine, two views: the same route groups, registered once per view.
      InventoryQueryService inventory = parts.inventory().inView(view);
      InventoryRoutes collections = new InventoryRoutes(inventory, reads, responses);
      new ApiRootRoutes(inventory, reads, responses).register(router);
      new ResourceTypeRoutes(collections, inventory, reads, responses).register(router);
      new ResourcePoolRoutes(collections, inventory, reads, responses).register(router);
      new DeploymentManagerRoutes(collections).register(router);
      if (view == ApiView.V2) {
        new LocationRoutes(collections, inventory, reads, responses).register(router);
      }
    }
    new SubscriptionRoutes(parts.subscriptions(), requests, responses, dispatcher).register(router);
    parts
        .monitoring()
        .ifPresent(
            m -> {
              new MonitoringRoutes(m.alarms(), requests, responses, dispatcher).register(router);
              new SubscriptionRoutes(
                      m.alarmSubscriptions(),
                      requests,
                      responses,
                      dispatcher,
                      AlarmQueryService.PREFIX + "/v1/alarmSubscriptions",
                      "alarmSubscriptionId")
                  .register(router);
            });
    new OperationsRoutes(
            parts.source(),
            parts.notifications(),
            parts.dataDirectoryFailure(),
            parts.serving(),
            new PrometheusText(parts.metrics(), parts.cache()::stats),
            parts.openApi(),
            responses,
            dispatcher,
            options.keysUnavailable(),
            options.readinessDetail())
        .register(router);
    new CacheAdminRoutes(parts.cache(), responses).register(router);
    // JFR recordings are per JVM; a recording still running when the process exits is discarded.
    new ProfilingRoutes(
            new io.netweave.o2ims.server.internal.profiling.FlightRecordings(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
                java.time.Clock.systemUTC()),
            responses,
            dispatcher)
        .register(router);
    parts
        .demo()
        .ifPresent(
            demo ->
                new DemoAdminRoutes(demo, parts.mapper(), requests, responses, dispatcher)
                    .register(router));
    new SubscriptionAdminRoutes(
            new io.netweave.o2ims.server.internal.query.SubscriptionOwners(
                parts.subscriptions(),
                parts.monitoring().map(Monitoring::alarmSubscriptions),
                parts.mapper()),
            responses,
            dispatcher)
        .register(router);
    parts
        .notifications()
        .ifPresent(
            engine ->
                new NotificationAdminRoutes(engine, parts.mapper(), responses, dispatcher)
                    .register(router));

    HttpHandler routing = router;
    HttpHandler problemDetails = new ProblemDetailsHandler(problems, admission.apply(routing));
    // Percent-escapes are decoded here, not by the listeners (DECODE_URL is off in
    // UndertowServer), so that a malformed one gets a problem with the request id and a log line.
    HttpHandler decoded = new PercentDecodingHandler(problemDetails, problems);
    return new AccessLogHandler(parts.metrics(), decoded, options.logFormat());
  }
}
