package io.netweave.o2ims.server.internal.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A stand-in for the server's routes, just enough to exercise the admission layers: health,
 * inventory reads, subscriptions owned by their creator (filtered with {@link SubscriptionAccess}),
 * an admin endpoint, and JSON bodies parsed with the project's mapper.
 */
final class TestRoutes {
  static final String INV = "/o2ims-infrastructureInventory/v1";
  private final ObjectMapper mapper = O2Json.newMapper();
  private final ProblemResponses problems = new ProblemResponses();
  private final Map<UUID, StoredSubscription> subscriptions = new ConcurrentSkipListMap<>();
  final Map<String, Integer> hits = new ConcurrentHashMap<>();

  HttpHandler handler() {
    RoutingHandler routes = Handlers.routing();
    routes.get("/healthz", ex -> text(ex, "ok"));
    routes.get(INV + "/resourcePools", ex -> text(ex, "[]"));
    routes.get(INV + "/subscriptions", this::list);
    routes.post(INV + "/subscriptions", this::create);
    routes.get(INV + "/subscriptions/{id}", ex -> withVisible(ex, s -> json(ex, 200, s)));
    routes.delete(INV + "/subscriptions/{id}", this::delete);
    routes.get("/admin/dead-letters", ex -> text(ex, "[]"));
    routes.setFallbackHandler(ex -> problems.send(ex, 404, "no such route"));
    return routes;
  }

  private void list(HttpServerExchange exchange) {
    AuthenticatedPrincipal principal = AuthenticatedPrincipal.of(exchange);
    json(
        exchange,
        200,
        SubscriptionAccess.visible(principal, List.copyOf(subscriptions.values())).stream()
            .map(s -> s.subscription().subscriptionId().toString())
            .toList());
  }

  private void create(HttpServerExchange exchange) {
    exchange
        .getRequestReceiver()
        .receiveFullBytes(
            (ex, bytes) -> {
              JsonNode body;
              try {
                body = mapper.readTree(bytes);
              } catch (IOException e) {
                problems.send(ex, 400, "the body is not valid JSON");
                return;
              }
              if (body == null || !body.has("callback")) {
                problems.send(ex, 400, "callback is required");
                return;
              }
              UUID id = UUID.randomUUID();
              Subscription subscription =
                  new Subscription(
                      id, Optional.empty(), Optional.empty(), body.get("callback").asText());
              subscriptions.put(
                  id,
                  new StoredSubscription(
                      subscription,
                      AuthenticatedPrincipal.of(ex).owner(),
                      id.toString(),
                      Instant.now()));
              json(ex, 201, Map.of("subscriptionId", id.toString()));
            },
            (ex, error) ->
                problems.send(
                    ex,
                    error instanceof RequestTooBigException ? 413 : 400,
                    "the body could not be read"));
  }

  private void delete(HttpServerExchange exchange) {
    withVisible(
        exchange,
        s -> {
          subscriptions.remove(s.subscription().subscriptionId());
          exchange.setStatusCode(200);
          exchange.endExchange();
        });
  }

  private void withVisible(
      HttpServerExchange exchange, java.util.function.Consumer<StoredSubscription> action) {
    String id = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
    StoredSubscription stored;
    try {
      stored = subscriptions.get(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      problems.send(exchange, 400, "not a UUID");
      return;
    }
    if (stored == null
        || !SubscriptionAccess.visibleTo(AuthenticatedPrincipal.of(exchange), stored)) {
      problems.send(exchange, 404, "no such subscription");
      return;
    }
    action.accept(stored);
  }

  private void text(HttpServerExchange exchange, String body) {
    hits.merge(exchange.getRequestPath(), 1, Integer::sum);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(body);
  }

  private void json(HttpServerExchange exchange, int status, Object value) {
    try {
      exchange.setStatusCode(status);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseSender().send(mapper.writeValueAsString(value));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
