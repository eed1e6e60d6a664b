package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches a request path (one trailing {@code /} tolerated) against route templates such as {@code
 * /o2ims-infrastructureInventory/v1/resourcePools/{resourcePoolId}}; answers 405 with {@code Allow}
 * when the path matches but the method does not, and 404 when no template matches. Routes are
 * registered during composition, before the server starts; matching is then read-only and
 * thread-safe.
 */
final class Router implements HttpHandler {
  /** A route's work, given the path parameters. */
  @FunctionalInterface
  interface Route {
    void handle(HttpServerExchange exchange, Map<String, String> params) throws Exception;
  }

  private record Template(String text, String[] segments) {}

  private final Map<String, Template> templates = new LinkedHashMap<>();
  private final Map<String, Map<String, Route>> routes = new LinkedHashMap<>();

  /** Registers a route; the template's {@code {name}} segments become parameters. */
  Router add(String method, String template, Route route) {
    templates.computeIfAbsent(template, t -> new Template(t, t.substring(1).split("/", -1)));
    Route previous =
        routes.computeIfAbsent(template, t -> new LinkedHashMap<>()).put(method, route);
    if (previous != null) {
      throw new IllegalStateException("route registered twice: " + method + " " + template);
    }
    return this;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String[] segments = path.length() <= 1 ? new String[] {""} : path.substring(1).split("/", -1);
    List<String> matchedTemplates = new ArrayList<>();
    for (Template t : templates.values()) {
      Map<String, String> params = match(t, segments);
      if (params == null) {
        continue;
      }
      Route route = routes.get(t.text()).get(exchange.getRequestMethod().toString());
      if (route == null && exchange.getRequestMethod().toString().equals("HEAD")) {
        route = routes.get(t.text()).get("GET");
      }
      if (route != null) {
        exchange.putAttachment(AccessLogHandler.ROUTE, t.text());
        route.handle(exchange, params);
        return;
      }
      matchedTemplates.add(t.text());
    }
    if (!matchedTemplates.isEmpty()) {
      TreeSet<String> allowed = new TreeSet<>();
      matchedTemplates.forEach(t -> allowed.addAll(routes.get(t).keySet()));
      exchange.putAttachment(AccessLogHandler.ROUTE, matchedTemplates.get(0));
      throw new HttpProblem(
          405,
          "Method Not Allowed",
          exchange.getRequestMethod()
              + " is not allowed here; allowed: "
              + String.join(", ", allowed),
          Map.of("Allow", String.join(", ", allowed)));
    }
    throw new HttpProblem(
        404, "Not Found", "no resource at " + exchange.getRequestPath(), Map.of());
  }

  private static Map<String, String> match(Template t, String[] segments) {
    if (t.segments().length != segments.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < segments.length; i++) {
      String want = t.segments()[i];
      if (want.startsWith("{") && want.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        params.put(want.substring(1, want.length() - 1), segments[i]);
      } else if (!want.equals(segments[i])) {
        return null;
      }
    }
    return params;
  }
}
