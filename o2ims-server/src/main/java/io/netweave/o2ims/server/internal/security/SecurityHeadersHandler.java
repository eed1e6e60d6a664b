package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * Response headers for a JSON API: {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options:
 * DENY}, {@code Content-Security-Policy: default-src 'none'; frame-ancestors 'none'}, {@code
 * Referrer-Policy: no-referrer}, {@code Strict-Transport-Security} on TLS connections, and {@code
 * Cache-Control: no-store} on every response to an authenticated request and on every refusal (401,
 * 403, 429, 503), whatever the routes set. Applied when the response is committed, so it covers
 * answers written by any later handler. Put it outside authentication. Thread-safe.
 */
public final class SecurityHeadersHandler implements HttpHandler {
  private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
  private static final HttpString FRAME = new HttpString("X-Frame-Options");
  private static final HttpString CSP = new HttpString("Content-Security-Policy");
  private static final HttpString REFERRER = new HttpString("Referrer-Policy");
  private static final HttpString HSTS = new HttpString("Strict-Transport-Security");

  private final HttpHandler next;

  public SecurityHeadersHandler(HttpHandler next) {
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.addResponseCommitListener(SecurityHeadersHandler::apply);
    next.handleRequest(exchange);
  }

  private static void apply(HttpServerExchange exchange) {
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(NOSNIFF, "nosniff");
    headers.put(FRAME, "DENY");
    headers.put(CSP, "default-src 'none'; frame-ancestors 'none'");
    headers.put(REFERRER, "no-referrer");
    if (exchange.getConnection().getSslSessionInfo() != null) {
      headers.put(HSTS, "max-age=31536000");
    }
    AuthenticatedPrincipal principal = exchange.getAttachment(AuthenticatedPrincipal.KEY);
    int status = exchange.getStatusCode();
    boolean refusal = status == 401 || status == 403 || status == 429 || status == 503;
    if (refusal || (principal != null && principal.isAuthenticated())) {
      headers.put(Headers.CACHE_CONTROL, "no-store");
    }
  }
}
