package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.server.internal.http.RecordedStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.Objects;

/**
 * Writes the {@link AuditLog} line of every admitted write (any method but GET, HEAD and OPTIONS)
 * when its exchange completes, with the status it ended with. Refusals are logged by the handler
 * that refuses. Put it after authentication and authorization. Thread-safe.
 */
public final class AuditHandler implements HttpHandler {
  private final HttpHandler next;
  private final AuditLog audit;

  public AuditHandler(HttpHandler next, AuditLog audit) {
    this.next = Objects.requireNonNull(next, "next");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!exchange.getRequestMethod().equals(Methods.GET)
        && !exchange.getRequestMethod().equals(Methods.HEAD)
        && !exchange.getRequestMethod().equals(Methods.OPTIONS)) {
      AuthenticatedPrincipal principal = AuthenticatedPrincipal.of(exchange);
      exchange.addExchangeCompleteListener(
          (ex, nextListener) -> {
            audit.write(ex, principal, RecordedStatus.of(ex));
            nextListener.proceed();
          });
    }
    next.handleRequest(exchange);
  }
}
