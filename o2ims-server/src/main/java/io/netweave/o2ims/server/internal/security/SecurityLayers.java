package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The admission layers in their one correct order, for the composition root to put between its
 * outer layers (request id, access log, problem mapper) and routing:
 *
 * <pre>
 * SecurityHeaders → TransferCoding (request smuggling shapes) → BrowserGuard (Host names,
 *   cross-site POSTs; when set) → ConcurrencyLimit
 *   → RequestLimits → Authentication (or NoAuthentication) → RateLimit (when a limiter is given)
 *   → Authorization → Audit → routing
 * </pre>
 *
 * Overload and size refusals come before any token is parsed; the rate limit charges the
 * authenticated identity; authorization runs on a request already charged, so that forbidden
 * requests also use up a client's budget. Built once with {@link #builder()}; immutable; {@link
 * #around} may be called once per server.
 */
public final class SecurityLayers {
  private final int maxConcurrentRequests;
  private final long maxBodyBytes;
  private final int maxQueryBytes;
  private final EndpointPolicy policy;
  private final ClientOrigin origin;
  private final JwtVerifier verifier;
  private final RoleMapping roleMapping;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final ProblemResponses problems = new ProblemResponses();
  private final AuditLog audit;
  private final int maxQueryParameters;
  private final int authFailuresPerMinute;
  private final java.util.Set<String> allowedHosts;
  private final boolean refuseSimplePosts;
  private final int maxRequestsPerConnection;
  private final io.netweave.o2ims.server.internal.tls.OpenConnections connections;

  private SecurityLayers(Builder b) {
    this.maxRequestsPerConnection = b.maxRequestsPerConnection;
    this.connections = b.connections;
    this.maxQueryParameters = b.maxQueryParameters;
    this.authFailuresPerMinute = b.authFailuresPerMinute;
    this.allowedHosts = java.util.Set.copyOf(b.allowedHosts);
    this.refuseSimplePosts = b.refuseSimplePosts;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxQueryBytes = b.maxQueryBytes;
    this.policy = b.policy;
    this.origin = new ClientOrigin(b.trustedProxies, b.tlsClientCertificates);
    this.verifier = b.verifier;
    this.roleMapping = b.roleMapping;
    this.rateLimiter = b.rateLimiter;
    this.clock = b.clock;
    this.audit = new AuditLog(origin, b.logFormat);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The audit log the layers write to (routes may log their own denials there). */
  public AuditLog audit() {
    return audit;
  }

  /** The token verifier, when authentication is on (its key source feeds readiness and metrics). */
  public java.util.Optional<JwtVerifier> verifier() {
    return java.util.Optional.ofNullable(verifier);
  }

  /**
   * Which requests may read {@code /readyz}'s detail (the inventory source's state, which names API
   * server URLs and clusters, and the key source's error): every request without authentication;
   * with it, only a client on this host (its address, {@link ClientOrigin#address}, is loopback:
   * {@code kubectl exec} and {@code port-forward}), since {@code /readyz} answers without
   * credentials and probes need only its status.
   */
  public java.util.function.Predicate<HttpServerExchange> readinessDetail() {
    if (verifier == null) {
      return exchange -> true;
    }
    return exchange -> origin.address(exchange).isLoopbackAddress();
  }

  /** Wraps the routing handler in the admission layers. */
  public HttpHandler around(HttpHandler routing) {
    HttpHandler handler = new AuditHandler(routing, audit);
    handler = new AuthorizationHandler(handler, policy, problems, audit);
    if (rateLimiter != null) {
      handler = new RateLimitHandler(handler, rateLimiter, policy, origin, problems, audit, clock);
    }
    handler =
        verifier == null
            ? new NoAuthenticationHandler(handler)
            : new AuthenticationHandler(
                handler,
                verifier,
                roleMapping,
                origin,
                policy,
                problems,
                audit,
                new AuthFailureBudget(authFailuresPerMinute, clock));
    handler =
        new RequestLimitsHandler(
            handler, maxBodyBytes, maxQueryBytes, maxQueryParameters, problems);
    handler =
        new ConcurrencyLimitHandler(
            handler,
            maxConcurrentRequests,
            1,
            problems,
            audit,
            maxRequestsPerConnection,
            connections);
    if (!allowedHosts.isEmpty() || refuseSimplePosts) {
      handler = new BrowserGuardHandler(handler, allowedHosts, refuseSimplePosts, problems);
    }
    handler = new TransferCodingHandler(handler, problems);
    return new SecurityHeadersHandler(handler);
  }

  /**
   * Collects the layers' collaborators. Fails fast: a setting given twice, or authentication
   * without a role mapping, is refused with a message naming it.
   */
  public static final class Builder {
    private int maxConcurrentRequests = ConcurrencyLimitHandler.DEFAULT_MAX_CONCURRENT_REQUESTS;
    private long maxBodyBytes = RequestLimitsHandler.DEFAULT_MAX_BODY_BYTES;
    private int maxQueryBytes = RequestLimitsHandler.DEFAULT_MAX_QUERY_BYTES;
    private EndpointPolicy policy = EndpointPolicy.defaults();
    private List<Cidr> trustedProxies = List.of();
    private boolean tlsClientCertificates = true;
    private JwtVerifier verifier;
    private RoleMapping roleMapping = RoleMapping.defaults();
    private RateLimiter rateLimiter;
    private Clock clock = Clock.systemUTC();
    private int maxQueryParameters = RequestLimitsHandler.DEFAULT_MAX_QUERY_PARAMETERS;
    private int authFailuresPerMinute = Integer.MAX_VALUE;
    private LogText.Format logFormat = LogText.Format.TEXT;
    private java.util.Set<String> allowedHosts = java.util.Set.of();
    private boolean refuseSimplePosts;
    private int maxRequestsPerConnection = Integer.MAX_VALUE;
    private io.netweave.o2ims.server.internal.tls.OpenConnections connections =
        new io.netweave.o2ims.server.internal.tls.OpenConnections();
    private boolean built;
    private final java.util.Set<String> given = new java.util.HashSet<>();

    private Builder() {}

    private void once(String name) {
      if (built) {
        throw new IllegalStateException("this builder was already built");
      }
      if (!given.add(name)) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    public Builder limits(int maxConcurrentRequests, long maxBodyBytes, int maxQueryBytes) {
      once("limits");
      this.maxConcurrentRequests = maxConcurrentRequests;
      this.maxBodyBytes = maxBodyBytes;
      this.maxQueryBytes = maxQueryBytes;
      return this;
    }

    public Builder policy(EndpointPolicy policy) {
      once("policy");
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Trusted proxies ({@code server.trusted_proxies}): whose client-identity headers count. */
    public Builder trustedProxies(List<Cidr> trustedProxies) {
      once("trustedProxies");
      this.trustedProxies = List.copyOf(trustedProxies);
      return this;
    }

    /**
     * Whether the TLS listener asks clients for certificates ({@code server.tls.client_auth} other
     * than none); without this call it is assumed to. When it does not, the client-certificate
     * lookup skips the TLS session, which can hold none (about 0.3 µs per request of session-value
     * lookup otherwise); a trusted proxy's certificate header is still read.
     */
    public Builder tlsClientCertificates(boolean requested) {
      once("tlsClientCertificates");
      this.tlsClientCertificates = requested;
      return this;
    }

    /** Turns authentication on; without this call every request is anonymous with all roles. */
    public Builder authentication(JwtVerifier verifier, RoleMapping roleMapping) {
      once("authentication");
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      this.roleMapping = Objects.requireNonNull(roleMapping, "roleMapping");
      return this;
    }

    /** Turns rate limits on; the limiter is borrowed (its owner closes it). */
    public Builder rateLimiter(RateLimiter rateLimiter) {
      once("rateLimiter");
      this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
      return this;
    }

    /** More query parameters than this: 400 ({@code server.max_query_parameters}). */
    public Builder maxQueryParameters(int maxQueryParameters) {
      once("maxQueryParameters");
      this.maxQueryParameters = maxQueryParameters;
      return this;
    }

    /** Failed authentications per client address and minute ({@code auth.failures_per_minute}). */
    public Builder authFailuresPerMinute(int perMinute) {
      once("authFailuresPerMinute");
      this.authFailuresPerMinute = perMinute;
      return this;
    }

    /** The audit log's line format ({@code server.log_format}). */
    public Builder logFormat(LogText.Format format) {
      once("logFormat");
      this.logFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Turns the {@link BrowserGuardHandler} on.
     *
     * @param allowedHosts host names served besides IP literals; empty: any
     * @param refuseSimplePosts refuse POSTs without a JSON content type or X-Requested-With
     */
    public Builder browserGuard(java.util.Set<String> allowedHosts, boolean refuseSimplePosts) {
      once("browserGuard");
      this.allowedHosts = java.util.Set.copyOf(allowedHosts);
      this.refuseSimplePosts = refuseSimplePosts;
      return this;
    }

    /**
     * Bounds the requests one HTTP/2 connection may hold ({@code server.max_concurrent_streams}),
     * closing a connection beyond it through {@code connections} (the listener fills it).
     */
    public Builder perConnection(
        int maxRequests, io.netweave.o2ims.server.internal.tls.OpenConnections connections) {
      once("perConnection");
      this.maxRequestsPerConnection = maxRequests;
      this.connections = Objects.requireNonNull(connections, "connections");
      return this;
    }

    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SecurityLayers build() {
      once("build");
      built = true;
      return new SecurityLayers(this);
    }
  }
}
