package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.server.spi.OwnerKeys;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as the authentication layer established it, attached to the exchange under
 * {@link #KEY}. Routes read it with {@link #of(HttpServerExchange)}: the {@link #owner()} (how it
 * authenticated, and its subject) is the owner recorded on subscriptions. An immutable value.
 *
 * @param subject the token's {@code sub}, the certificate's subject DN, or {@code anonymous}
 * @param roles what the client may do
 * @param method how the identity was established
 * @param issuer the token's {@code iss} ({@link Method#TOKEN}); empty for every other method
 */
public record AuthenticatedPrincipal(
    String subject, Set<Role> roles, Method method, String issuer) {

  /** The attachment under which the authentication layer stores the principal. */
  public static final AttachmentKey<AuthenticatedPrincipal> KEY =
      AttachmentKey.create(AuthenticatedPrincipal.class);

  /** The subject of requests without authentication. */
  public static final String ANONYMOUS = "anonymous";

  /** How an identity was established. */
  public enum Method {
    /** A verified bearer JWT. */
    TOKEN,
    /** A verified client certificate (TLS or a trusted proxy's header). */
    CERTIFICATE,
    /** Authentication is off (demo profile): every request may do everything. */
    UNAUTHENTICATED,
    /** A public endpoint (health checks) reached without credentials: no roles. */
    PUBLIC
  }

  public AuthenticatedPrincipal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(issuer, "issuer");
    if ((method == Method.TOKEN) == issuer.isEmpty()) {
      throw new IllegalArgumentException(
          "a token principal has an issuer, and only a token principal: " + method);
    }
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** A principal that did not authenticate with a token (no issuer). */
  public AuthenticatedPrincipal(String subject, Set<Role> roles, Method method) {
    this(subject, roles, method, "");
  }

  /** A principal of a verified bearer token from {@code issuer}. */
  public static AuthenticatedPrincipal token(String subject, String issuer, Set<Role> roles) {
    return new AuthenticatedPrincipal(subject, roles, Method.TOKEN, issuer);
  }

  /**
   * The owner of the subscriptions this principal creates and the key it is matched against ({@link
   * OwnerKeys}): namespaced by how it authenticated, so that a token whose {@code sub} is a
   * certificate's DN is not that certificate.
   */
  public String owner() {
    return switch (method) {
      case TOKEN -> OwnerKeys.token(issuer, subject);
      case CERTIFICATE -> OwnerKeys.certificate(subject);
      case UNAUTHENTICATED, PUBLIC -> OwnerKeys.ANONYMOUS;
    };
  }

  /** The principal of every request when authentication is off: anonymous, all roles. */
  public static AuthenticatedPrincipal unauthenticated() {
    return new AuthenticatedPrincipal(ANONYMOUS, EnumSet.allOf(Role.class), Method.UNAUTHENTICATED);
  }

  /** The principal of a request to a public endpoint: anonymous, no roles. */
  public static AuthenticatedPrincipal publicAccess() {
    return new AuthenticatedPrincipal(ANONYMOUS, Set.of(), Method.PUBLIC);
  }

  /**
   * The principal of the exchange. Throws {@link IllegalStateException} when no authentication
   * layer ran, so that a chain composed without one fails closed rather than open.
   */
  public static AuthenticatedPrincipal of(HttpServerExchange exchange) {
    AuthenticatedPrincipal principal = exchange.getAttachment(KEY);
    if (principal == null) {
      throw new IllegalStateException("no authentication handler in the chain");
    }
    return principal;
  }

  /** True when the client proved an identity (a token or a certificate). */
  public boolean isAuthenticated() {
    return method == Method.TOKEN || method == Method.CERTIFICATE;
  }

  public boolean has(Role role) {
    return roles.contains(role) || roles.contains(Role.ADMIN);
  }
}
