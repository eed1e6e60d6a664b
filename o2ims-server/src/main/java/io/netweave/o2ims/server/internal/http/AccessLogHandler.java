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
  private static final int MAX_LOGGED_CHARS = AccessLine.MAX_VALUE_CHARS;
  private static final int MAX_METHOD_CHARS = AccessLine.MAX_METHOD_CHARS;

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
    String query = LogText.redactQuery(ex.getQueryString());
    if (format == LogText.Format.JSON) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("requestId", id);
      fields.put("method", LogText.clean(ex.getRequestMethod().toString(), MAX_METHOD_CHARS));
      fields.put("path", LogText.clean(ex.getRequestPath(), MAX_LOGGED_CHARS));
      fields.put("query", LogText.clean(query, MAX_LOGGED_CHARS));
      fields.put("status", status);
      fields.put("bytes", ex.getResponseBytesSent());
      fields.put("millis", nanos / 1_000_000);
      InfoLines.info(ACCESS, LogText.json(fields));
      return;
    }
    InfoLines.info(
        ACCESS,
        new AccessLine(
            id,
            ex.getRequestMethod().toString(),
            ex.getRequestPath(),
            query,
            status,
            ex.getResponseBytesSent(),
            nanos / 1_000_000));
  }
}
