package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import io.netweave.o2ims.server.internal.query.SubscriptionService;
import io.netweave.o2ims.server.internal.security.AuthenticatedPrincipal;
import io.netweave.o2ims.server.internal.security.SubscriptionAccess;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * {@code subscriptions}: list, create, get, delete. The store may block, so everything past the
 * cheap header checks runs on a worker thread. The owner of a new subscription is the authenticated
 * principal; a subscriber sees and deletes only its own (others are 404), an admin all of them.
 */
final class SubscriptionRoutes {
  private final SubscriptionService subscriptions;
  private final Requests requests;
  private final Responses responses;
  private final Dispatcher dispatcher;
  private final String base;
  private final String idParam;

  SubscriptionRoutes(
      SubscriptionService subscriptions,
      Requests requests,
      Responses responses,
      Dispatcher dispatcher) {
    this(
        subscriptions,
        requests,
        responses,
        dispatcher,
        InventoryQueryService.PREFIX + "/v1/subscriptions",
        "subscriptionId");
  }

  /**
   * Routes of another kind of subscriptions (alarm subscriptions) at {@code base}, with the path
   * parameter {@code idParam}.
   */
  SubscriptionRoutes(
      SubscriptionService subscriptions,
      Requests requests,
      Responses responses,
      Dispatcher dispatcher,
      String base,
      String idParam) {
    this.base = base;
    this.idParam = idParam;
    this.subscriptions = subscriptions;
    this.requests = requests;
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  /**
   * Who may see which subscription: the authenticated principal's own, or all for an admin; and
   * only those of the view addressed (each view lists only its own).
   */
  private static Predicate<StoredSubscription> visibleTo(
      HttpServerExchange exchange, ApiView view) {
    AuthenticatedPrincipal principal = AuthenticatedPrincipal.of(exchange);
    return stored -> stored.view() == view && SubscriptionAccess.visibleTo(principal, stored);
  }

  /**
   * Registers the routes: inventory subscriptions once per API view ({@code /v1/subscriptions},
   * {@code /v2/subscriptions}), another kind once at its base.
   */
  void register(Router router) {
    if (subscriptions.kind() == SubscriptionService.Kind.INVENTORY) {
      for (ApiView view : ApiView.values()) {
        register(
            router, view, InventoryQueryService.PREFIX + "/" + view.segment() + "/subscriptions");
      }
    } else {
      register(router, ApiView.V1, this.base);
    }
  }

  private void register(Router router, ApiView view, String base) {
    router.add(
        "GET",
        base,
        (ex, p) -> {
          ListQuery query = Requests.listQuery(ex);
          String path = Requests.normalizedPath(ex);
          dispatcher.dispatch(
              ex,
              () ->
                  Responses.write(
                      ex,
                      responses.page(subscriptions.list(query, path, visibleTo(ex, view)), ex)));
        });
    router.addEvaluatingPreconditions(
        "POST",
        base,
        (ex, p, preconditions) -> {
          requests.checkJsonBody(ex);
          requests.receiveBody(
              ex,
              dispatcher,
              body -> {
                Subscription created =
                    subscriptions.create(
                        body,
                        AuthenticatedPrincipal.of(ex).owner(),
                        view,
                        visibleTo(ex, view),
                        preconditions);
                Responses.write(
                    ex,
                    responses.json(
                        201,
                        subscriptions.view(created),
                        Map.of("Location", base + "/" + created.subscriptionId())));
              });
        });
    router.add(
        "GET",
        base + "/{" + idParam + "}",
        (ex, p) -> {
          UUID id = Requests.id(p, idParam);
          FieldSelector selector = Requests.selector(ex);
          dispatcher.dispatch(
              ex,
              () ->
                  Responses.write(
                      ex, responses.json(subscriptions.get(id, selector, visibleTo(ex, view)))));
        });
    router.addEvaluatingPreconditions(
        "DELETE",
        base + "/{" + idParam + "}",
        (ex, p, preconditions) -> {
          UUID id = Requests.id(p, idParam);
          dispatcher.dispatch(
              ex,
              () -> {
                subscriptions.delete(id, visibleTo(ex, view), preconditions);
                ex.setStatusCode(200);
                BodyWrites.end(ex);
              });
        });
  }
}
