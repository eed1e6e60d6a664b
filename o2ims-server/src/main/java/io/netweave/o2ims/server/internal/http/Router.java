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

  /**
   * A write route's work, given the path parameters and its request's preconditions: running {@code
   * preconditions} throws the 412 problem when they fail ({@link Preconditions#check}), and the
   * route runs it before it changes anything ({@link #addEvaluatingPreconditions} says where).
   */
  @FunctionalInterface
  interface WriteRoute {
    void handle(HttpServerExchange exchange, Map<String, String> params, Runnable preconditions)
        throws Exception;
  }

  /**
   * A registered template: its segments, which of them are parameters (with their names), its
   * routes by method, and the {@code Allow} value those methods make (built when a route is added,
   * during composition, so a 405 does not build it per request).
   */
  private static final class Template {
    private final String text;
    private final String[] segments;
    private final String[] parameterNames;
    private final Map<String, Route> methods = new LinkedHashMap<>();
    private final TreeSet<String> allowed = new TreeSet<>();
    private String allow = "";

    private Template(String text, String[] segments, String[] parameterNames) {
      this.text = text;
      this.segments = segments;
      this.parameterNames = parameterNames;
    }

    static Template of(String text) {
      String[] segments = text.substring(1).split("/", -1);
      String[] names = new String[segments.length];
      for (int i = 0; i < segments.length; i++) {
        String s = segments[i];
        if (s.startsWith("{") && s.endsWith("}")) {
          names[i] = s.substring(1, s.length() - 1);
        }
      }
      return new Template(text, segments, names);
    }

    String text() {
      return text;
    }

    String[] segments() {
      return segments;
    }

    String[] parameterNames() {
      return parameterNames;
    }

    Map<String, Route> methods() {
      return methods;
    }

    /** Records a method and rebuilds the {@code Allow} value: HEAD is listed wherever GET is. */
    void allowAlso(String method) {
      allowed.add(method);
      if (method.equals("GET")) {
        allowed.add("HEAD");
      }
      allow = String.join(", ", allowed);
    }
  }

  private static final Template[] NO_TEMPLATES = {};

  private final Map<String, Template> templates = new LinkedHashMap<>();

  /** Templates by segment count, in registration order (only these can match a path). */
  private Template[][] bySegmentCount = new Template[0][];

  /**
   * Templates without parameters by their text, when no template registered before them matches
   * that text: for such a path the scan in registration order would pick this template first, so
   * one hash lookup finds it (the list routes of a cache hit are such templates).
   */
  private final Map<String, Template> literals = new java.util.HashMap<>();

  /**
   * Registers a read route (GET, which serves HEAD too; reads ignore preconditions); the template's
   * {@code {name}} segments become parameters. A write registers with {@link
   * #addEvaluatingPreconditions}, so that none can ignore its request's preconditions.
   */
  Router add(String method, String template, Route route) {
    if (!method.equals("GET")) {
      throw new IllegalArgumentException(
          method
              + " "
              + template
              + " changes state: register it with addEvaluatingPreconditions and evaluate its"
              + " preconditions");
    }
    return register(method, template, route);
  }

  /**
   * Registers a write route, handed its request's preconditions to evaluate ({@link
   * Preconditions#check}). The O2 writes evaluate them once the target is found and the body is
   * valid, just before the change, so that a 404, 415 or 400 they would answer without them wins
   * over 412 (RFC 9110, section 13.2.1: preconditions are ignored where the response without them
   * would not be 2xx); the admin writes evaluate them first, before anything else.
   */
  Router addEvaluatingPreconditions(String method, String template, WriteRoute route) {
    if (method.equals("GET")) {
      throw new IllegalArgumentException("GET ignores preconditions: register it with add");
    }
    return register(
        method,
        template,
        (exchange, params) -> route.handle(exchange, params, () -> Preconditions.check(exchange)));
  }

  private Router register(String method, String template, Route route) {
    Template t = templates.get(template);
    if (t == null) {
      t = Template.of(template);
      templates.put(template, t);
      int count = t.segments().length;
      if (java.util.Arrays.stream(t.parameterNames()).allMatch(java.util.Objects::isNull)
          && (count >= bySegmentCount.length
              || bySegmentCount[count] == null
              || java.util.Arrays.stream(bySegmentCount[count])
                  .noneMatch(earlier -> matches(earlier, template)))) {
        literals.put(template, t);
      }
      if (count >= bySegmentCount.length) {
        bySegmentCount = java.util.Arrays.copyOf(bySegmentCount, count + 1);
      }
      Template[] group = bySegmentCount[count] == null ? new Template[0] : bySegmentCount[count];
      group = java.util.Arrays.copyOf(group, group.length + 1);
      group[group.length - 1] = t;
      bySegmentCount[count] = group;
    }
    Route previous = t.methods().put(method, route);
    if (previous != null) {
      throw new IllegalStateException("route registered twice: " + method + " " + template);
    }
    t.allowAlso(method);
    return this;
  }

  /**
   * Matches without splitting the path or allocating for templates that do not match: a cache hit
   * passes through here on every request.
   */
  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = exchange.getRequestMethod().toString();
    Template literal = literals.get(path);
    if (literal != null) {
      Route route = route(literal, method);
      if (route != null) {
        exchange.putAttachment(AccessLogHandler.ROUTE, literal.text());
        route.handle(exchange, Map.of());
        return;
      }
    }
    int count = segmentCount(path);
    Template[] candidates =
        count < bySegmentCount.length && bySegmentCount[count] != null
            ? bySegmentCount[count]
            : NO_TEMPLATES;
    List<Template> matchedTemplates = null;
    for (Template t : candidates) {
      if (!matches(t, path)) {
        continue;
      }
      Route route = route(t, method);
      if (route != null) {
        exchange.putAttachment(AccessLogHandler.ROUTE, t.text());
        route.handle(exchange, parameters(t, path));
        return;
      }
      if (matchedTemplates == null) {
        matchedTemplates = new ArrayList<>();
      }
      matchedTemplates.add(t);
    }
    if (matchedTemplates != null) {
      String allow = allowHeader(matchedTemplates);
      exchange.putAttachment(AccessLogHandler.ROUTE, matchedTemplates.get(0).text());
      throw new HttpProblem(
          405,
          "Method Not Allowed",
          exchange.getRequestMethod() + " is not allowed here; allowed: " + allow,
          Map.of("Allow", allow));
    }
    throw new HttpProblem(
        404, "Not Found", "no resource at " + exchange.getRequestPath(), Map.of());
  }

  /**
   * The {@code Allow} value of a path that matched these templates (RFC 9110 section 10.2.1): every
   * method any of them answers, HEAD included wherever GET is. One template (every route the server
   * registers today) has its value ready; only overlapping templates are merged here.
   */
  private static String allowHeader(List<Template> matched) {
    if (matched.size() == 1) {
      return matched.get(0).allow;
    }
    TreeSet<String> union = new TreeSet<>();
    matched.forEach(t -> union.addAll(t.allowed));
    return String.join(", ", union);
  }

  /** The template's route for the method (HEAD served by GET's), or null. */
  private static Route route(Template t, String method) {
    Route route = t.methods().get(method);
    if (route == null && method.equals("HEAD")) {
      route = t.methods().get("GET");
    }
    return route;
  }

  /** The number of segments after the leading character ({@code "/"} has one, empty). */
  private static int segmentCount(String path) {
    int count = 1;
    for (int i = 1; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    return count;
  }

  /** Whether the path (with as many segments as the template) matches it. */
  private static boolean matches(Template t, String path) {
    int start = Math.min(1, path.length());
    for (int i = 0; i < t.segments().length; i++) {
      int end = segmentEnd(path, start);
      if (t.parameterNames()[i] != null) {
        if (end == start) {
          return false;
        }
      } else {
        String want = t.segments()[i];
        if (end - start != want.length() || !path.regionMatches(start, want, 0, want.length())) {
          return false;
        }
      }
      start = end + 1;
    }
    return true;
  }

  /** The parameters of a path that {@link #matches} the template. */
  private static Map<String, String> parameters(Template t, String path) {
    Map<String, String> params = null;
    int start = Math.min(1, path.length());
    for (int i = 0; i < t.segments().length; i++) {
      int end = segmentEnd(path, start);
      if (t.parameterNames()[i] != null) {
        if (params == null) {
          params = new LinkedHashMap<>();
        }
        params.put(t.parameterNames()[i], path.substring(start, end));
      }
      start = end + 1;
    }
    return params == null ? Map.of() : params;
  }

  private static int segmentEnd(String path, int start) {
    int end = path.indexOf('/', start);
    return end < 0 ? path.length() : end;
  }
}
