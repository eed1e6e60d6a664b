package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.server.internal.caching.ResponseKeys;
import io.netweave.o2ims.server.internal.query.ListQuery;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns parts of an exchange into our values: path ids, list queries, selectors, JSON bodies
 * (enforcing the media type and the size limit). Thread-safe.
 */
final class Requests {
  static final String MARKER = "nextpage_opaque_marker";
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final long maxBodyBytes;

  private final BodyReceiver receiver;

  Requests(long maxBodyBytes) {
    this(maxBodyBytes, BodyReceiver.receivingBound(maxBodyBytes));
  }

  /**
   * @param maxReceivingBytes the bytes all bodies being received may hold at once ({@link
   *     BodyReceiver})
   */
  Requests(long maxBodyBytes, long maxReceivingBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.receiver = new BodyReceiver(maxBodyBytes, maxReceivingBytes);
  }

  /** A path id: 400 if not a UUID; any letter case accepted. */
  static UUID id(Map<String, String> params, String name) {
    String text = params.get(name);
    if (text == null || !UUID_TEXT.matcher(text).matches()) {
      throw new QueryProblem(
          QueryProblem.Kind.BAD_REQUEST,
          name + " must be a UUID, not '" + text + "'",
          Map.of(name, String.valueOf(text)));
    }
    return UUID.fromString(text);
  }

  static Map<String, List<String>> query(HttpServerExchange exchange) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Deque<String>> e : exchange.getQueryParameters().entrySet()) {
      out.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    return out;
  }

  /** The filter, selectors and marker of a list request. */
  static ListQuery listQuery(HttpServerExchange exchange) {
    if (exchange.getQueryString().isEmpty()) {
      return ListQuery.all(); // the common list request; immutable, so shared
    }
    Map<String, List<String>> q = query(exchange);
    Filter filter = Filter.parse(q.getOrDefault("filter", List.of()));
    FieldSelector selector = FieldSelector.parse(q);
    List<String> markers = q.getOrDefault(MARKER, List.of());
    if (markers.size() > 1) {
      throw QueryProblem.badRequest("nextpage_opaque_marker may be given once");
    }
    return new ListQuery(filter, selector, markers.stream().findFirst());
  }

  /**
   * The selectors of a single-object request. A {@code filter} there selects nothing (one object is
   * answered whatever it says, as in kni), but a malformed one is refused as on a list (400), not
   * passed over: {@code ?filter=(eq,name} was answered 200.
   */
  static FieldSelector selector(HttpServerExchange exchange) {
    Map<String, List<String>> q = query(exchange);
    List<String> filter = q.get("filter");
    if (filter != null) {
      Filter.parse(filter);
    }
    return FieldSelector.parse(q);
  }

  /** The request path as a cache and marker key: no trailing slash, lower case (ids). */
  static String normalizedPath(HttpServerExchange exchange) {
    return ResponseKeys.normalizedPath(exchange.getRequestPath());
  }

  /** Checks the media type and declared length of a JSON body (cheap; IO thread). */
  void checkJsonBody(HttpServerExchange exchange) {
    checkJsonBody(exchange, java.util.Set.of("application/json"));
  }

  /**
   * Checks the media type (one of {@code mediaTypes}, any parameters) and the declared length of a
   * body (cheap; IO thread).
   */
  void checkJsonBody(HttpServerExchange exchange, java.util.Set<String> mediaTypes) {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaTypes.contains(mediaType)) {
      throw new HttpProblem(
          415,
          "Unsupported Media Type",
          "the body must be "
              + String.join(" or ", new java.util.TreeSet<>(mediaTypes))
              + ", not "
              + (type == null ? "absent" : "'" + type + "'"),
          Map.of());
    }
    long declared = exchange.getRequestContentLength();
    if (declared > maxBodyBytes) {
      throw tooLarge(maxBodyBytes);
    }
  }

  /**
   * Receives the whole body without holding a worker thread, then runs {@code work} with it on a
   * worker thread through {@code dispatcher} ({@link BodyReceiver#receive}: 413 past the limit, 400
   * or 413 for HTTP/1.1 chunked framing refused by {@link ChunkedBodyCheck}, 503 past the bytes all
   * bodies being received may hold; {@link BodyNotReceived} if the client went away or stalled).
   * Call after {@link #checkJsonBody}, on the handler's thread.
   */
  void receiveBody(HttpServerExchange exchange, Dispatcher dispatcher, BodyReceiver.BodyWork work) {
    receiver.receive(exchange, dispatcher, work);
  }

  /** The answer to a body past {@code maxBodyBytes}. */
  static HttpProblem tooLarge(long maxBodyBytes) {
    return new HttpProblem(
        413,
        "Payload Too Large",
        "the request body exceeds the limit of " + maxBodyBytes + " bytes",
        Map.of());
  }

  static Optional<String> header(HttpServerExchange exchange, String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }
}
