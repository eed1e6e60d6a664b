package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Objects;

/**
 * Answers 403 (problem body, {@code WWW-Authenticate: Bearer error="insufficient_scope"}) when the
 * principal lacks a role the request's {@link EndpointPolicy#requirement} names; the detail names
 * the roles it lacks (and, for a subscription create, why it needs reader). Runs after {@link
 * AuthenticationHandler} (or {@link NoAuthenticationHandler}). Which subscriptions a subscriber
 * sees is decided by the routes with {@link SubscriptionAccess}. Thread-safe.
 */
public final class AuthorizationHandler implements HttpHandler {
  private final HttpHandler next;
  private final EndpointPolicy policy;
  private final ProblemResponses problems;
  private final AuditLog audit;

  public AuthorizationHandler(
      HttpHandler next, EndpointPolicy policy, ProblemResponses problems, AuditLog audit) {
    this.next = Objects.requireNonNull(next, "next");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.problems = Objects.requireNonNull(problems, "problems");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    AuthenticatedPrincipal principal = AuthenticatedPrincipal.of(exchange);
    if (principal.method() == AuthenticatedPrincipal.Method.PUBLIC) {
      next.handleRequest(exchange);
      return;
    }
    Requirement required = policy.requirement(exchange);
    if (required.grantedTo(principal)) {
      next.handleRequest(exchange);
      return;
    }
    String detail = required.refusal(principal);
    exchange
        .getResponseHeaders()
        .put(
            Headers.WWW_AUTHENTICATE,
            "Bearer realm=\"o2ims\", error=\"insufficient_scope\", error_description=\""
                + detail
                + "\"");
    audit.denied(exchange, principal.subject(), StatusCodes.FORBIDDEN, detail);
    problems.send(exchange, StatusCodes.FORBIDDEN, detail);
  }
}
