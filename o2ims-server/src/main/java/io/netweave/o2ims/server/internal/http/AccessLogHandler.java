package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.logging.InfoLines;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import io.netweave.o2ims.server.internal.security.LogText;
import io.undertow.server.Connectors;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler: assigns the request id (echoed as {@code X-Request-Id}), and when the
 * exchange completes writes one access-log line and records the request's latency under its route
 * template (set by the router; {@code unmatched} otherwise).
 *
 * <p>Every logged value that comes from the request (method, path, query) is made safe by {@link
 * LogText}: control characters cannot start a forged line, and credential query parameters ({@code
 * access_token}...) are redacted; no header is logged. The line is text ({@code <id> <method>
 * <path>[?query] <status> <bytes>B <ms>ms}) or, with {@code server.log_format: json}, one JSON
 * object. Thread-safe.
 */
final class AccessLogHandler implements HttpHandler {
  static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("netweave.access");
  private static final int MAX_LOGGED_CHARS = 2048;

  private final RequestMetrics metrics;
  private final HttpHandler next;
  private final LogText.Format format;

  /** This handler's own completion listener: one object for every request. */
  private final ExchangeCompletionListener completion =
      (ex, nextListener) -> {
        try {
          completed(ex);
        } finally {
          nextListener.proceed();
        }
      };

  AccessLogHandler(RequestMetrics metrics, HttpHandler next, LogText.Format format) {
    this.metrics = metrics;
    this.next = next;
    this.format = format;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.addExchangeCompleteListener(completion);
    handleTimed(exchange);
  }

  /**
   * Times the request, assigns its id and runs the chain, without a completion listener: the caller
   * calls {@link #completed} when the exchange completes. {@code UndertowServer}'s outer handler
   * does, from the completion listener it has for the graceful stop, so that a request carries two
   * listeners instead of three (Undertow's listener array holds two before it grows: a new array
   * and a copy per request).
   */
  void handleTimed(HttpServerExchange exchange) throws Exception {
    // The start is kept in the exchange's own field (not read by anything else here: Undertow
    // records it itself only with RECORD_REQUEST_START_TIME, which the gateway does not set).
    Connectors.setRequestStartTime(exchange);
    String id = RequestId.assign(exchange);
    exchange.getResponseHeaders().put(RequestId.HEADER_NAME, id);
    next.handleRequest(exchange);
  }

  /**
   * Records the completed request's latency and writes its access-log line; nothing for a request
   * that never got its id (the chain was not entered).
   */
  void completed(HttpServerExchange ex) {
    String id = ex.getAttachment(RequestId.KEY);
    if (id == null) {
      return;
    }
    long nanos = System.nanoTime() - ex.getRequestStartTime();
    String route = ex.getAttachment(ROUTE);
    int status = RecordedStatus.of(ex);
    metrics.record(
        route == null ? "unmatched" : route, ex.getRequestMethod().toString(), status, nanos);
    if (ACCESS.isInfoEnabled()) {
      log(ex, id, status, nanos);
    }
  }

  private void log(HttpServerExchange ex, String id, int status, long nanos) {
    String method = LogText.clean(ex.getRequestMethod().toString(), 32);
    String path = LogText.clean(ex.getRequestPath(), MAX_LOGGED_CHARS);
    String query = LogText.clean(LogText.redactQuery(ex.getQueryString()), MAX_LOGGED_CHARS);
    if (format == LogText.Format.JSON) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("requestId", id);
      fields.put("method", method);
      fields.put("path", path);
      fields.put("query", query);
      fields.put("status", status);
      fields.put("bytes", ex.getResponseBytesSent());
      fields.put("millis", nanos / 1_000_000);
      InfoLines.info(ACCESS, LogText.json(fields));
      return;
    }
    InfoLines.info(
        ACCESS,
        textLine(id, method, oneField(path), query, status, ex.getResponseBytesSent(), nanos));
  }

  /**
   * The decoded path as one field of the text line: a space (from {@code %20}) would split it, so
   * that a request for {@code /x%20200%20913B%200ms} read as a request for {@code /x} answered 200
   * by whoever splits the line at spaces, and a {@code ?} (from {@code %3F}) would start a query
   * that was never sent. Both are written percent-escaped again, and so is {@code %} itself, so the
   * field reads back as the path. (The query is logged as sent, still escaped; it has no space.)
   */
  static String oneField(String path) {
    if (path.indexOf(' ') < 0 && path.indexOf('?') < 0 && path.indexOf('%') < 0) {
      return path; // every usual path, without a copy
    }
    StringBuilder out = new StringBuilder(path.length() + 16);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      switch (c) {
        case ' ' -> out.append("%20");
        case '?' -> out.append("%3F");
        case '%' -> out.append("%25");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The text line: {@code <id> <method> <path>[?query] <status> <bytes>B <ms>ms}. Built here rather
   * than by logback's "{}" formatting (no argument array, no boxing, no second pass over the text),
   * and by string concatenation rather than a builder: the concatenation sizes the line exactly and
   * makes its text without a builder's array and the copy {@code toString} takes of it.
   */
  static String textLine(
      String id, String method, String path, String query, int status, long bytes, long nanos) {
    long millis = nanos / 1_000_000;
    return query.isEmpty()
        ? id + ' ' + method + ' ' + path + ' ' + status + ' ' + bytes + "B " + millis + "ms"
        : id + ' ' + method + ' ' + path + '?' + query + ' ' + status + ' ' + bytes + "B " + millis
            + "ms";
  }
}
