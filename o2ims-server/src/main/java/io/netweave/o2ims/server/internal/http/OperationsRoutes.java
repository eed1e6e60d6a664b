package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.model.spi.Readiness;
import io.netweave.o2ims.server.internal.metrics.PrometheusText;
import io.netweave.o2ims.server.internal.notify.NotificationEngine;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /healthz} and {@code /livez} (the process answers), {@code /readyz} (the source serves a
 * complete view; its detail, which names API servers, clusters and key-source errors, only for the
 * requests the options allow), {@code /metrics} and {@code /openapi.yaml}.
 */
final class OperationsRoutes {
  private final InventorySource source;
  private final Optional<NotificationEngine> notifications;
  private final java.util.function.Supplier<Optional<String>> dataDirectoryFailure;
  private final ServingState serving;
  private final PrometheusText metrics;
  private final byte[] openApi;
  private final Responses responses;
  private final Dispatcher dispatcher;
  private final java.util.function.Supplier<java.util.Optional<String>> keysUnavailable;
  private final java.util.function.Predicate<HttpServerExchange> readinessDetail;

  OperationsRoutes(
      InventorySource source,
      Optional<NotificationEngine> notifications,
      java.util.function.Supplier<Optional<String>> dataDirectoryFailure,
      ServingState serving,
      PrometheusText metrics,
      byte[] openApi,
      Responses responses,
      Dispatcher dispatcher,
      java.util.function.Supplier<java.util.Optional<String>> keysUnavailable,
      java.util.function.Predicate<HttpServerExchange> readinessDetail) {
    this.keysUnavailable = keysUnavailable;
    this.readinessDetail = readinessDetail;
    this.source = source;
    this.notifications = notifications;
    this.dataDirectoryFailure = dataDirectoryFailure;
    this.serving = serving;
    this.metrics = metrics;
    this.openApi = openApi.clone();
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  /**
   * Ready when the source serves a complete view, an accepted subscription would be honoured (the
   * notification engine has a baseline to compare changes with) and shutdown has not begun.
   */
  private Readiness readiness() {
    if (serving.draining()) {
      return Readiness.notReady("shutting down: finishing requests in flight");
    }
    Readiness r = source.readiness();
    if (r.ready() && notifications.isPresent() && !notifications.get().honoursNewSubscriptions()) {
      // A store that cannot be reached (Redis down at start) is why, and what to look at.
      String why =
          notifications
              .get()
              .storeFailure()
              .map(f -> " (the notification store cannot be read: " + f + ")")
              .orElse("");
      return new Readiness(
          false, r.stale(), "waiting for the notification producer's first baseline" + why);
    }
    return r;
  }

  void register(Router router) {
    router.add(
        "GET", "/healthz", (ex, p) -> Responses.write(ex, responses.json(Map.of("status", "ok"))));
    router.add(
        "GET", "/livez", (ex, p) -> Responses.write(ex, responses.json(Map.of("status", "ok"))));
    router.add(
        "GET",
        "/readyz",
        (ex, p) -> {
          Readiness r = readiness();
          java.util.Optional<String> keys = keysUnavailable.get();
          boolean ready = r.ready() && keys.isEmpty();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", ready ? "ready" : "not ready");
          body.put("source", source.name());
          body.put("ready", ready);
          body.put("stale", r.stale());
          if (readinessDetail.test(ex)) {
            body.put("detail", r.detail());
            keys.ifPresent(k -> body.put("authentication", k));
            // Reads are still served (ready): writes of subscriptions answer 503 meanwhile.
            dataDirectoryFailure.get().ifPresent(f -> body.put("storage", f));
          }
          Responses.write(ex, responses.json(ready ? 200 : 503, body, Map.of()));
        });
    router.add(
        "GET",
        "/metrics",
        (ex, p) ->
            dispatcher.dispatch(
                ex,
                () ->
                    Responses.write(
                        ex,
                        new CachedResponse(
                            200,
                            Map.of("Content-Type", PrometheusText.CONTENT_TYPE),
                            metrics.write().getBytes(StandardCharsets.UTF_8)))));
    router.add(
        "GET",
        "/openapi.yaml",
        (ex, p) ->
            Responses.write(
                ex, new CachedResponse(200, Map.of("Content-Type", "application/yaml"), openApi)));
  }
}
