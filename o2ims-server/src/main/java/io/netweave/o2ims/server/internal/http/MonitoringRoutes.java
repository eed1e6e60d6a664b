package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.server.internal.query.AlarmQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.util.Set;
import java.util.UUID;

/**
 * The monitoring API ({@code /o2ims-infrastructureMonitoring}): {@code api_versions}, {@code
 * alarms} (list, get, PATCH), {@code alarmServiceConfiguration} (GET, PUT, PATCH) and {@code
 * probableCauses} (list, get). Alarm subscriptions are {@link SubscriptionRoutes} at their own
 * path. Everything that reads the alarm store runs on a worker thread (the store may block).
 */
final class MonitoringRoutes {
  private static final Set<String> PATCH_TYPES =
      Set.of("application/merge-patch+json", "application/json");

  private final AlarmQueryService alarms;
  private final Requests requests;
  private final Responses responses;
  private final Dispatcher dispatcher;

  MonitoringRoutes(
      AlarmQueryService alarms, Requests requests, Responses responses, Dispatcher dispatcher) {
    this.alarms = alarms;
    this.requests = requests;
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  void register(Router router) {
    String mon = AlarmQueryService.PREFIX;
    String v1 = mon + "/v1";
    router.add(
        "GET",
        mon + "/api_versions",
        (ex, p) -> Responses.write(ex, responses.json(alarms.apiVersions())));
    router.add(
        "GET",
        v1 + "/api_versions",
        (ex, p) -> Responses.write(ex, responses.json(alarms.v1Versions())));
    router.add(
        "GET",
        v1 + "/alarms",
        (ex, p) -> {
          ListQuery query = Requests.listQuery(ex);
          String path = Requests.normalizedPath(ex);
          dispatcher.dispatch(
              ex, () -> Responses.write(ex, responses.page(alarms.list(query, path), ex)));
        });
    router.add(
        "GET",
        v1 + "/alarms/{alarmEventRecordId}",
        (ex, p) -> {
          UUID id = Requests.id(p, "alarmEventRecordId");
          FieldSelector selector = Requests.selector(ex);
          dispatcher.dispatch(
              ex, () -> Responses.write(ex, responses.json(alarms.get(id, selector))));
        });
    router.addEvaluatingPreconditions(
        "PATCH",
        v1 + "/alarms/{alarmEventRecordId}",
        (ex, p, preconditions) -> {
          UUID id = Requests.id(p, "alarmEventRecordId");
          requests.checkJsonBody(ex, PATCH_TYPES);
          requests.receiveBody(
              ex,
              dispatcher,
              body -> Responses.write(ex, responses.json(alarms.patch(id, body, preconditions))));
        });
    String config = v1 + "/alarmServiceConfiguration";
    router.add(
        "GET",
        config,
        (ex, p) -> {
          FieldSelector selector = Requests.selector(ex);
          dispatcher.dispatch(
              ex, () -> Responses.write(ex, responses.json(alarms.configuration(selector))));
        });
    router.addEvaluatingPreconditions(
        "PUT",
        config,
        (ex, p, preconditions) -> {
          requests.checkJsonBody(ex);
          requests.receiveBody(
              ex,
              dispatcher,
              body ->
                  Responses.write(
                      ex, responses.json(alarms.replaceConfiguration(body, preconditions))));
        });
    router.addEvaluatingPreconditions(
        "PATCH",
        config,
        (ex, p, preconditions) -> {
          requests.checkJsonBody(ex, PATCH_TYPES);
          requests.receiveBody(
              ex,
              dispatcher,
              body ->
                  Responses.write(
                      ex, responses.json(alarms.patchConfiguration(body, preconditions))));
        });
    router.add(
        "GET",
        v1 + "/probableCauses",
        (ex, p) -> {
          ListQuery query = Requests.listQuery(ex);
          String path = Requests.normalizedPath(ex);
          Responses.write(ex, responses.page(alarms.probableCauses(query, path), ex));
        });
    router.add(
        "GET",
        v1 + "/probableCauses/{probableCauseId}",
        (ex, p) -> {
          UUID id = Requests.id(p, "probableCauseId");
          FieldSelector selector = Requests.selector(ex);
          Responses.write(ex, responses.json(alarms.probableCause(id, selector)));
        });
  }
}
