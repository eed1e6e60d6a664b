package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import io.netweave.o2ims.server.internal.query.SubscriptionService;
import java.util.Map;
import java.util.UUID;

/**
 * {@code subscriptions}: list, create, get, delete. The store may block, so everything past the
 * cheap header checks runs on a worker thread.
 */
final class SubscriptionRoutes {
  private static final String OWNER = "anonymous";

  private final SubscriptionService subscriptions;
  private final Requests requests;
  private final Responses responses;
  private final Dispatcher dispatcher;

  SubscriptionRoutes(
      SubscriptionService subscriptions,
      Requests requests,
      Responses responses,
      Dispatcher dispatcher) {
    this.subscriptions = subscriptions;
    this.requests = requests;
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  void register(Router router) {
    String base = InventoryQueryService.PREFIX + "/v1/subscriptions";
    router.add(
        "GET",
        base,
        (ex, p) -> {
          ListQuery query = Requests.listQuery(ex);
          String path = Requests.normalizedPath(ex);
          dispatcher.dispatch(
              ex, () -> Responses.write(ex, responses.page(subscriptions.list(query, path), ex)));
        });
    router.add(
        "POST",
        base,
        (ex, p) -> {
          requests.checkJsonBody(ex);
          dispatcher.dispatch(
              ex,
              () -> {
                Subscription created = subscriptions.create(requests.readBody(ex), OWNER);
                Responses.write(
                    ex,
                    responses.json(
                        201, created, Map.of("Location", base + "/" + created.subscriptionId())));
              });
        });
    router.add(
        "GET",
        base + "/{subscriptionId}",
        (ex, p) -> {
          UUID id = Requests.id(p, "subscriptionId");
          FieldSelector selector = Requests.selector(ex);
          dispatcher.dispatch(
              ex, () -> Responses.write(ex, responses.json(subscriptions.get(id, selector))));
        });
    router.add(
        "DELETE",
        base + "/{subscriptionId}",
        (ex, p) -> {
          UUID id = Requests.id(p, "subscriptionId");
          dispatcher.dispatch(
              ex,
              () -> {
                subscriptions.delete(id);
                ex.setStatusCode(200);
                ex.endExchange();
              });
        });
  }
}
