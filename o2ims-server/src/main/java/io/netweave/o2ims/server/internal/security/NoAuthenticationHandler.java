package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * The demo profile's stand-in for {@link AuthenticationHandler}: every request is the anonymous
 * principal with every role. Keeping a handler in the chain (rather than none) keeps {@link
 * AuthenticatedPrincipal#of} failing closed when a chain is composed without authentication by
 * mistake. Thread-safe.
 */
public final class NoAuthenticationHandler implements HttpHandler {
  private final HttpHandler next;
  private final AuthenticatedPrincipal principal = AuthenticatedPrincipal.unauthenticated();

  public NoAuthenticationHandler(HttpHandler next) {
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.putAttachment(AuthenticatedPrincipal.KEY, principal);
    next.handleRequest(exchange);
  }
}
