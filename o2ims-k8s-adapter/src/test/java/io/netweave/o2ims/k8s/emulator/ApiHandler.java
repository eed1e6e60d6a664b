package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Routes requests as a kube-apiserver does: discovery documents, then {@code /api/v1/...} and
 * {@code /apis/<group>/<version>/...} collection and object paths, cluster-scoped or below {@code
 * namespaces/<ns>/}, with the {@code status} subresource.
 */
final class ApiHandler implements HttpHandler {
  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final Supplier<Duration> latency;
  private final Supplier<Duration> bookmarkInterval;
  private final Consumer<String> requestCounter;
  private final Consumer<ApiRequest> requestLog;
  private final Supplier<String> requiredToken;
  private final Faults faults;

  ApiHandler(
      ObjectStore store,
      ObjectMapper mapper,
      Supplier<Duration> latency,
      Supplier<Duration> bookmarkInterval,
      Consumer<String> requestCounter,
      Consumer<ApiRequest> requestLog,
      Supplier<String> requiredToken,
      Faults faults) {
    this.faults = faults;
    this.store = store;
    this.mapper = mapper;
    this.latency = latency;
    this.bookmarkInterval = bookmarkInterval;
    this.requestCounter = requestCounter;
    this.requestLog = requestLog;
    this.requiredToken = requiredToken;
  }

  /** What a resource path addresses. */
  private record Target(EmulatedKind kind, String namespace, String name, boolean status) {}

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Duration delay = latency.get();
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      String path = exchange.getRequestURI().getRawPath();
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      String token = requiredToken.get();
      if (!token.isEmpty()
          && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        throw new ApiError(401, "Unauthorized", "Unauthorized");
      }
      String host =
          exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
      var document = Discovery.document(path, host);
      if (document.isPresent()) {
        requestCounter.accept("discovery");
        requestLog.accept(ApiRequest.nonResource(path));
        respond(exchange, 200, document.get());
        return;
      }
      if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, ok.length);
        exchange.getResponseBody().write(ok);
        return;
      }
      Target target = target(path);
      serve(exchange, target, query);
    } catch (InjectedFault e) {
      Faults.Fault f = e.fault;
      if (!f.retryAfter().isZero()) {
        exchange
            .getResponseHeaders()
            .set("Retry-After", Long.toString(Math.max(1, f.retryAfter().toSeconds())));
      }
      ObjectNode status = ApiError.status(f.code(), f.reason(), f.message());
      if (!f.retryAfter().isZero()) {
        status
            .putObject("details")
            .put("retryAfterSeconds", Math.max(1, f.retryAfter().toSeconds()));
      }
      respond(exchange, f.code(), status);
    } catch (ApiError e) {
      respond(exchange, e.code(), e.toStatus());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      respond(exchange, 500, ApiError.status(500, "InternalError", String.valueOf(e)));
    } finally {
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange, Target t, Map<String, String> query)
      throws IOException, InterruptedException {
    String method = exchange.getRequestMethod();
    boolean collection = t.name() == null;
    switch (method) {
      case "GET" -> {
        if (!collection) {
          count("get", t, query);
          respond(exchange, 200, store.get(t.kind(), t.namespace(), t.name()));
        } else if (isTrue(query.get("watch"))) {
          count("watch", t, query);
          watch(exchange, t, query);
        } else {
          count("list", t, query);
          list(exchange, t, query);
        }
      }
      case "POST" -> {
        requireCollection(collection, method);
        count("create", t, query);
        respond(exchange, 201, store.create(t.kind(), t.namespace(), body(exchange)));
      }
      case "PUT" -> {
        requireObject(collection, method);
        count("update", t, query);
        respond(
            exchange,
            200,
            store.update(t.kind(), t.namespace(), t.name(), body(exchange), t.status()));
      }
      case "PATCH" -> {
        requireObject(collection, method);
        count("patch", t, query);
        String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!type.startsWith("application/merge-patch+json")
            && !type.startsWith("application/strategic-merge-patch+json")) {
          throw new ApiError(
              415,
              "UnsupportedMediaType",
              "the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json");
        }
        respond(
            exchange,
            200,
            store.patch(t.kind(), t.namespace(), t.name(), body(exchange), t.status()));
      }
      case "DELETE" -> {
        requireObject(collection, method);
        count("delete", t, query);
        respond(exchange, 200, store.delete(t.kind(), t.namespace(), t.name()));
      }
      default -> throw new ApiError(405, "MethodNotAllowed", method + " is not supported");
    }
  }

  private void list(HttpExchange exchange, Target t, Map<String, String> query) throws IOException {
    Selector selector = Selector.parse(query.get("labelSelector"), query.get("fieldSelector"));
    int limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : 0;
    if (query.containsKey("continue") && faults.continueExpires()) {
      // etcd was compacted between two pages: the token's revision is gone
      store.compactPastNow();
    }
    ObjectStore.Page page =
        store.list(t.kind(), t.namespace(), selector, limit, query.get("continue"));
    ObjectNode head = mapper.createObjectNode();
    head.put("kind", t.kind().kind() + "List");
    head.put("apiVersion", t.kind().apiVersion());
    ObjectNode metadata = head.putObject("metadata");
    metadata.put("resourceVersion", Long.toString(page.resourceVersion()));
    if (!page.continueToken().isEmpty()) {
      metadata.put("continue", page.continueToken());
      metadata.put("remainingItemCount", page.remaining());
    }
    // The list is the head's members followed by the items' stored bytes: no tree per item.
    byte[] headBytes = mapper.writeValueAsBytes(head);
    java.io.ByteArrayOutputStream body =
        new java.io.ByteArrayOutputStream(
            headBytes.length + 16 + page.items().stream().mapToInt(b -> b.length + 1).sum());
    body.write(headBytes, 0, headBytes.length - 1);
    body.write(",\"items\":[".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < page.items().size(); i++) {
      if (i > 0) {
        body.write(',');
      }
      body.write(page.items().get(i));
    }
    body.write("]}".getBytes(StandardCharsets.UTF_8));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.size());
    body.writeTo(exchange.getResponseBody());
  }

  private void watch(HttpExchange exchange, Target t, Map<String, String> query)
      throws IOException, InterruptedException {
    Selector selector = Selector.parse(query.get("labelSelector"), query.get("fieldSelector"));
    Watcher watcher = new Watcher(t.kind(), t.namespace(), selector);
    store.watch(watcher, query.get("resourceVersion"));
    boolean bookmarks = isTrue(query.get("allowWatchBookmarks"));
    long timeoutMillis =
        query.containsKey("timeoutSeconds")
            ? Long.parseLong(query.get("timeoutSeconds")) * 1000
            : Long.MAX_VALUE / 4;
    long deadline = System.currentTimeMillis() + timeoutMillis;
    long nextBookmark = System.currentTimeMillis() + bookmarkInterval.get().toMillis();
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        long now = System.currentTimeMillis();
        if (now >= deadline) {
          return;
        }
        if (bookmarks && now >= nextBookmark) {
          store.bookmark(watcher);
          nextBookmark = now + bookmarkInterval.get().toMillis();
        }
        Watcher.Line line = watcher.poll(Math.max(1, Math.min(deadline, nextBookmark) - now));
        if (line == null) {
          continue;
        }
        if (line == Watcher.CLOSE) {
          return;
        }
        ObjectNode event = mapper.createObjectNode();
        event.put("type", line.type());
        event.set("object", line.object());
        byte[] bytes = mapper.writeValueAsBytes(event);
        if (watcher.cutNow(line)) {
          // the stream ends in the middle of an event, without its newline
          out.write(bytes, 0, bytes.length / 2);
          out.flush();
          return;
        }
        out.write(bytes);
        out.write('\n');
        out.flush();
        watcher.sent(line);
      }
    } catch (IOException e) {
      // The client went away: the watch simply ends, as on a real server.
    } finally {
      store.unwatch(watcher);
    }
  }

  /** A queued failure answering this request instead of the store. */
  private static final class InjectedFault extends RuntimeException {
    final transient Faults.Fault fault;

    InjectedFault(Faults.Fault fault) {
      super(null, null, false, false);
      this.fault = fault;
    }
  }

  private void count(String verb, Target t, Map<String, String> query) {
    requestCounter.accept(verb);
    var fault = faults.take(verb);
    if (fault.isPresent()) {
      throw new InjectedFault(fault.get());
    }
    requestLog.accept(
        new ApiRequest(
            verb,
            t.kind().group(),
            t.kind().plural(),
            t.status() ? "status" : "",
            t.namespace() == null ? "" : t.namespace(),
            t.name() == null ? "" : t.name(),
            query.getOrDefault("fieldSelector", ""),
            ""));
  }

  private static Target target(String path) {
    String[] all = path.substring(1).split("/");
    String apiVersion;
    List<String> rest;
    if (all.length >= 2 && all[0].equals("api") && all[1].equals("v1")) {
      apiVersion = "v1";
      rest = Arrays.asList(all).subList(2, all.length);
    } else if (all.length >= 3 && all[0].equals("apis")) {
      apiVersion = all[1] + "/" + all[2];
      rest = Arrays.asList(all).subList(3, all.length);
    } else {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = decode(rest.get(1));
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty() || rest.size() > 3 || (rest.size() == 3 && !rest.get(2).equals("status"))) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    EmulatedKind kind =
        EmulatedKind.find(apiVersion, rest.get(0))
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "NotFound", "the server could not find the requested resource"));
    if (kind.namespaced() == (namespace == null) && rest.size() > 1) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    String name = rest.size() >= 2 ? decode(rest.get(1)) : null;
    boolean status = rest.size() == 3;
    if (status && !kind.hasStatus()) {
      throw new ApiError(404, "NotFound", "the server could not find the requested resource");
    }
    return new Target(kind, namespace, name, status);
  }

  private ObjectNode body(HttpExchange exchange) throws IOException {
    JsonNode node = mapper.readTree(exchange.getRequestBody().readAllBytes());
    if (!(node instanceof ObjectNode object)) {
      throw ApiError.badRequest("the request body must be a JSON object");
    }
    return object;
  }

  private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void requireCollection(boolean collection, String method) {
    if (!collection) {
      throw new ApiError(405, "MethodNotAllowed", method + " needs a collection path");
    }
  }

  private static void requireObject(boolean collection, String method) {
    if (collection) {
      throw new ApiError(405, "MethodNotAllowed", method + " needs an object path");
    }
  }

  private static boolean isTrue(String value) {
    return "true".equals(value) || "1".equals(value);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.put(key, value);
    }
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
