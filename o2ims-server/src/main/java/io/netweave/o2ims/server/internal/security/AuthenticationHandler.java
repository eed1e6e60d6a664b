package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Establishes who sent the request and attaches an {@link AuthenticatedPrincipal} under {@link
 * AuthenticatedPrincipal#KEY}, or answers 401 with {@code WWW-Authenticate: Bearer} and a problem
 * body before anything else happens.
 *
 * <p>A bearer JWT is verified by {@link JwtVerifier} (roles from {@link RoleMapping}); without a
 * token, a verified client certificate whose subject is mapped to roles authenticates on its own.
 * Public endpoints ({@link EndpointClass#PUBLIC}) pass with a role-less principal. Verification
 * that may block on a JWKS fetch is dispatched off the IO thread; everything else runs where it is
 * called.
 *
 * <p>Failed authentications are counted per client address ({@link AuthFailureBudget}): past the
 * budget an address gets 429 without its token being looked at until the minute ends, and the audit
 * log samples its refusals. When no signing key can be fetched at all the answer is 503 with {@code
 * Retry-After}, not 401.
 *
 * <p>Thread-safe; build once in the composition root.
 */
public final class AuthenticationHandler implements HttpHandler {
  private static final String REALM = "o2ims";

  private final HttpHandler next;
  private final JwtVerifier verifier;
  private final RoleMapping roleMapping;
  private final ClientOrigin origin;
  private final EndpointPolicy policy;
  private final ProblemResponses problems;
  private final AuditLog audit;
  private final AuthFailureBudget failures;

  public AuthenticationHandler(
      HttpHandler next,
      JwtVerifier verifier,
      RoleMapping roleMapping,
      ClientOrigin origin,
      EndpointPolicy policy,
      ProblemResponses problems,
      AuditLog audit) {
    this(
        next,
        verifier,
        roleMapping,
        origin,
        policy,
        problems,
        audit,
        new AuthFailureBudget(Integer.MAX_VALUE, java.time.Clock.systemUTC()));
  }

  /**
   * @param failures the per-address budget of failed authentications ({@code
   *     auth.failures_per_minute})
   */
  public AuthenticationHandler(
      HttpHandler next,
      JwtVerifier verifier,
      RoleMapping roleMapping,
      ClientOrigin origin,
      EndpointPolicy policy,
      ProblemResponses problems,
      AuditLog audit,
      AuthFailureBudget failures) {
    this.failures = Objects.requireNonNull(failures, "failures");
    this.next = Objects.requireNonNull(next, "next");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.roleMapping = Objects.requireNonNull(roleMapping, "roleMapping");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.problems = Objects.requireNonNull(problems, "problems");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (policy.classify(exchange) == EndpointClass.PUBLIC) {
      exchange.putAttachment(AuthenticatedPrincipal.KEY, AuthenticatedPrincipal.publicAccess());
      next.handleRequest(exchange);
      return;
    }
    // The address is formatted only once some address has failed (the budget table is not empty).
    long blocked =
        failures.isEmpty()
            ? 0
            : failures.blockedSeconds(AuthFailureBudget.clientOf(origin.address(exchange)));
    if (blocked > 0) {
      String address = AuthFailureBudget.clientOf(origin.address(exchange));
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, blocked);
      AuthFailureBudget.Failure failure = failures.fail(address);
      if (failure.logged()) {
        audit.denied(
            exchange,
            AuthenticatedPrincipal.ANONYMOUS,
            StatusCodes.TOO_MANY_REQUESTS,
            "too many failed authentications from this address (" + failure.count() + ")");
      }
      problems.send(
          exchange,
          StatusCodes.TOO_MANY_REQUESTS,
          "too many failed authentications from this address; retry after " + blocked + " s");
      return;
    }
    Optional<X509Certificate> certificate = origin.certificate(exchange);
    HeaderValues authorization = exchange.getRequestHeaders().get(Headers.AUTHORIZATION);
    if (authorization == null || authorization.isEmpty()) {
      Optional<AuthenticatedPrincipal> byCertificate = fromCertificate(certificate);
      if (byCertificate.isPresent()) {
        admit(exchange, byCertificate.get());
      } else {
        refuse(exchange, "", "", "no bearer token");
      }
      return;
    }
    String value = authorization.getFirst();
    if (authorization.size() > 1 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refuse(exchange, "invalid_request", "expected one 'Authorization: Bearer' header", "");
      return;
    }
    String token = value.substring(7).strip();
    if (exchange.isInIoThread() && !verifier.verifiesWithoutBlocking(token)) {
      exchange.dispatch(this);
      return;
    }
    AuthenticatedPrincipal principal;
    try {
      principal = verifier.authenticate(token, certificate, roleMapping);
    } catch (TokenRejectedException e) {
      refuse(exchange, "invalid_token", e.getMessage(), "");
      return;
    } catch (KeysUnavailableException e) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, 5);
      audit.denied(
          exchange,
          AuthenticatedPrincipal.ANONYMOUS,
          StatusCodes.SERVICE_UNAVAILABLE,
          "token signing keys unavailable");
      problems.send(
          exchange,
          StatusCodes.SERVICE_UNAVAILABLE,
          "token signing keys are unavailable (the issuer's JWKS cannot be fetched); retry later");
      return;
    }
    admit(exchange, principal);
  }

  private Optional<AuthenticatedPrincipal> fromCertificate(Optional<X509Certificate> certificate) {
    if (certificate.isEmpty()) {
      return Optional.empty();
    }
    Set<Role> roles = roleMapping.roles(certificate.get().getSubjectX500Principal());
    return roles.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new AuthenticatedPrincipal(
                certificate.get().getSubjectX500Principal().getName(),
                roles,
                AuthenticatedPrincipal.Method.CERTIFICATE));
  }

  private void admit(HttpServerExchange exchange, AuthenticatedPrincipal principal)
      throws Exception {
    exchange.putAttachment(AuthenticatedPrincipal.KEY, principal);
    next.handleRequest(exchange);
  }

  private void refuse(
      HttpServerExchange exchange, String error, String description, String auditReason) {
    StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(REALM).append('"');
    if (!error.isEmpty()) {
      challenge.append(", error=\"").append(error).append('"');
      challenge.append(", error_description=\"").append(description).append('"');
    }
    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, challenge.toString());
    String detail = error.isEmpty() ? "a bearer token is required" : description;
    AuthFailureBudget.Failure failure =
        failures.fail(AuthFailureBudget.clientOf(origin.address(exchange)));
    if (failure.logged()) {
      String reason = auditReason.isEmpty() ? detail : auditReason;
      audit.denied(
          exchange,
          AuthenticatedPrincipal.ANONYMOUS,
          StatusCodes.UNAUTHORIZED,
          failure.count() > AuthFailureBudget.LOGGED_PER_WINDOW
              ? reason + " (" + failure.count() + " failures from this address this minute)"
              : reason);
    }
    problems.send(exchange, StatusCodes.UNAUTHORIZED, detail);
  }
}
