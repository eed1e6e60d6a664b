package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost handler: assigns the request id (echoed as {@code X-Request-Id}), and when the
 * exchange completes writes one access-log line and records the request's latency under its route
 * template (set by the router; {@code unmatched} otherwise).
 */
final class AccessLogHandler implements HttpHandler {
  static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("netweave.access");

  private final RequestMetrics metrics;
  private final HttpHandler next;

  AccessLogHandler(RequestMetrics metrics, HttpHandler next) {
    this.metrics = metrics;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    String id = RequestId.assign(exchange);
    exchange.getResponseHeaders().put(new HttpString(RequestId.HEADER), id);
    exchange.addExchangeCompleteListener(
        (ex, nextListener) -> {
          try {
            long nanos = System.nanoTime() - start;
            String route = ex.getAttachment(ROUTE);
            metrics.record(
                route == null ? "unmatched" : route,
                ex.getRequestMethod().toString(),
                ex.getStatusCode(),
                nanos);
            if (ACCESS.isInfoEnabled()) {
              ACCESS.info(
                  "{} {} {}{} {} {}B {}ms",
                  id,
                  ex.getRequestMethod(),
                  ex.getRequestPath(),
                  ex.getQueryString().isEmpty() ? "" : "?" + ex.getQueryString(),
                  ex.getStatusCode(),
                  ex.getResponseBytesSent(),
                  nanos / 1_000_000);
            }
          } finally {
            nextListener.proceed();
          }
        });
    next.handleRequest(exchange);
  }
}
