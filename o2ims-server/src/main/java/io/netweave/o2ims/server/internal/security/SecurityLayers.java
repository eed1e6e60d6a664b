package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The admission layers in their one correct order, for the composition root to put between its
 * outer layers (request id, access log, problem mapper) and routing:
 *
 * <pre>
 * SecurityHeaders → ConcurrencyLimit → RequestLimits → Authentication (or NoAuthentication)
 *   → RateLimit (when a limiter is given) → Authorization → Audit → routing
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

  private SecurityLayers(Builder b) {
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxQueryBytes = b.maxQueryBytes;
    this.policy = b.policy;
    this.origin = b.origin;
    this.verifier = b.verifier;
    this.roleMapping = b.roleMapping;
    this.rateLimiter = b.rateLimiter;
    this.clock = b.clock;
    this.audit = new AuditLog(origin);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The audit log the layers write to (routes may log their own denials there). */
  public AuditLog audit() {
    return audit;
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
                handler, verifier, roleMapping, origin, policy, problems, audit);
    handler = new RequestLimitsHandler(handler, maxBodyBytes, maxQueryBytes, problems);
    handler = new ConcurrencyLimitHandler(handler, maxConcurrentRequests, 1, problems, audit);
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
    private ClientOrigin origin = new ClientOrigin(List.of());
    private JwtVerifier verifier;
    private RoleMapping roleMapping = RoleMapping.defaults();
    private RateLimiter rateLimiter;
    private Clock clock = Clock.systemUTC();
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
      this.origin = new ClientOrigin(trustedProxies);
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
