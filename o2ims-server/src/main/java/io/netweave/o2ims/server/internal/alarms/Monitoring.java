package io.netweave.o2ims.server.internal.alarms;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.http.HandlerChain;
import io.netweave.o2ims.server.internal.notify.NotificationEngine;
import io.netweave.o2ims.server.internal.notify.NotificationRuntime;
import io.netweave.o2ims.server.internal.query.AlarmQueryService;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import io.netweave.o2ims.server.internal.query.SubscriptionService;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Wires the monitoring API for the composition root: the alarm engine as a producer step of the
 * notification engine, and the services the routes call. Creates nothing that needs closing (the
 * stores belong to the {@link NotificationRuntime}). Stateless.
 */
public final class Monitoring {
  private Monitoring() {}

  /**
   * Registers the alarm engine with the notification engine (call before it starts) and builds the
   * monitoring services.
   *
   * @param globalCloudIdConfigured whether the SMO's globalCloudId is configured; alarm
   *     subscriptions are refused (409) until it is
   * @param callbackCheck the callback policy the inventory subscriptions use
   */
  public static HandlerChain.Monitoring wire(
      AlarmSettings settings,
      InventorySource source,
      NotificationRuntime notifications,
      MetricRegistry registry,
      ObjectMapper mapper,
      PageMarkerCodec markers,
      int pageSize,
      Clock clock,
      SubscriptionService.Policy policy,
      boolean globalCloudIdConfigured,
      Consumer<String> callbackCheck) {
    AlarmCatalog catalog = new AlarmCatalog(settings, () -> source.snapshot().oCloud().oCloudId());
    AlarmMetrics metrics = new AlarmMetrics(registry);
    Optional<NotificationEngine> engine = notifications.engine();
    engine.ifPresent(
        e ->
            e.addProducerStep(
                new AlarmEngine(
                    source,
                    notifications.alarms(),
                    notifications.alarmSubscriptions(),
                    catalog,
                    metrics,
                    mapper,
                    clock),
                settings.evaluationInterval()));
    Runnable poke = () -> engine.ifPresent(NotificationEngine::runProducerSteps);
    AlarmQueryService alarms =
        new AlarmQueryService(
            notifications.alarms(),
            mapper,
            markers,
            pageSize,
            clock,
            settings.repeatAcknowledgeConflict(),
            catalog::probableCauses,
            poke);
    SubscriptionService subscriptions =
        new SubscriptionService(
            AlarmSubscriptions.KIND,
            notifications.alarmSubscriptions(),
            mapper,
            markers,
            pageSize,
            clock,
            policy,
            UUID::randomUUID,
            poke,
            callback -> {
              if (!globalCloudIdConfigured) {
                throw new QueryProblem(
                    QueryProblem.Kind.CONFLICT,
                    "alarm subscriptions are blocked until the SMO's globalCloudId is configured"
                        + " (ocloud.global_cloud_id)",
                    Map.of());
              }
              callbackCheck.accept(callback);
            });
    return new HandlerChain.Monitoring(alarms, subscriptions);
  }
}
