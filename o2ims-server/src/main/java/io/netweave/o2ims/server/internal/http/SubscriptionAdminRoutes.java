package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.query.QueryProblem;
import io.netweave.o2ims.server.internal.query.SubscriptionOwners;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /admin/v1/subscriptions}: every inventory and alarm subscription with its owner (as
 * stored and readable), kind, callback, filter and creation time, for admins (the {@code /admin}
 * prefix needs the admin role). Query parameters: {@code owner} (an owner key, exact), {@code kind}
 * ({@code inventory-v1}, {@code inventory-v2}, {@code alarm}) and {@code nextpage_opaque_marker};
 * any other is a 400 problem. Paged like the API's lists ({@code X-Total-Count}, {@code Link}).
 * Reads the stores, which may block, so it runs on a worker thread. Deleting stays the API's
 * DELETE, at each item's {@code path}.
 */
final class SubscriptionAdminRoutes {
  static final String PATH = "/admin/v1/subscriptions";
  private static final Set<String> PARAMETERS = Set.of("owner", "kind", Requests.MARKER);

  private final SubscriptionOwners owners;
  private final Responses responses;
  private final Dispatcher dispatcher;

  SubscriptionAdminRoutes(SubscriptionOwners owners, Responses responses, Dispatcher dispatcher) {
    this.owners = owners;
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  void register(Router router) {
    router.add(
        "GET",
        PATH,
        (ex, p) -> {
          Map<String, List<String>> query = Requests.query(ex);
          for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
              throw new QueryProblem(
                  QueryProblem.Kind.BAD_REQUEST,
                  "unknown query parameter '"
                      + name
                      + "' (allowed: owner, kind, "
                      + Requests.MARKER
                      + ")",
                  Map.of("parameter", name));
            }
          }
          Optional<String> owner = once(query, "owner");
          Optional<String> kind = once(query, "kind");
          Optional<String> marker = once(query, Requests.MARKER);
          String path = Requests.normalizedPath(ex);
          dispatcher.dispatch(
              ex,
              () ->
                  Responses.write(ex, responses.page(owners.list(owner, kind, marker, path), ex)));
        });
  }

  private static Optional<String> once(Map<String, List<String>> query, String name) {
    List<String> values = query.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new QueryProblem(
          QueryProblem.Kind.BAD_REQUEST, name + " may be given once", Map.of("parameter", name));
    }
    return values.stream().findFirst();
  }
}
