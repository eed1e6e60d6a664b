package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.cache.OutageLog;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges each request to its client's budget for the request's endpoint class and answers 429 with
 * {@code Retry-After} (whole seconds, at least 1) and a problem body when it is spent.
 *
 * <p>The client is the authenticated principal ({@code token:<sub>} or {@code cert:<subject DN>})
 * and only without one the client address ({@link ClientOrigin#address}), never a header a client
 * can set. Public endpoints are not charged. When the shared limiter fails (Redis unreachable) the
 * request is let through and a warning is logged at most once a minute: a rate-limit outage must
 * not become a gateway outage. That warning is one line with the failure's message chain (the Redis
 * address and why it cannot be reached) and how many requests were admitted without a limit since
 * the previous one; a stack trace is attached only when the failure is not an outage (not a Redis
 * or I/O exception, {@link OutageLog#unreachable}), since that is more likely a fault.
 *
 * <p>Runs after authentication. A limiter answer that is not ready yet suspends the exchange
 * without blocking the IO thread and resumes it on the IO thread. Thread-safe.
 */
public final class RateLimitHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimitHandler.class);
  private static final Duration FAILURE_LOG_EVERY = Duration.ofMinutes(1);

  private final HttpHandler next;
  private final RateLimiter limiter;
  private final EndpointPolicy policy;
  private final ClientOrigin origin;
  private final ProblemResponses problems;
  private final AuditLog audit;
  private final Clock clock;
  private final LongAdder unlimited = new LongAdder();
  private final OncePerPeriod failureLog = new OncePerPeriod(FAILURE_LOG_EVERY);

  public RateLimitHandler(
      HttpHandler next,
      RateLimiter limiter,
      EndpointPolicy policy,
      ClientOrigin origin,
      ProblemResponses problems,
      AuditLog audit,
      Clock clock) {
    this.next = Objects.requireNonNull(next, "next");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.problems = Objects.requireNonNull(problems, "problems");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    EndpointClass endpointClass = policy.classify(exchange);
    if (endpointClass == EndpointClass.PUBLIC) {
      next.handleRequest(exchange);
      return;
    }
    AuthenticatedPrincipal principal = AuthenticatedPrincipal.of(exchange);
    String client = clientKey(exchange, principal);
    CompletionStage<RateLimiter.Decision> decision;
    try {
      decision = limiter.tryAcquire(client, endpointClass);
    } catch (RuntimeException e) {
      decision = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<RateLimiter.Decision> future = decision.toCompletableFuture();
    if (future.isDone()) {
      // The local limiter answers at once: no further stage for the usual, successful answer.
      proceed(
          exchange,
          principal,
          future.isCompletedExceptionally() ? future.handle(this::orAllow).join() : future.join());
      return;
    }
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            future.whenComplete(
                (d, e) -> {
                  RateLimiter.Decision outcome = orAllow(d, e);
                  exchange.dispatch(exchange.getIoThread(), ex -> proceed(ex, principal, outcome));
                }));
  }

  private void proceed(
      HttpServerExchange exchange, AuthenticatedPrincipal principal, RateLimiter.Decision decision)
      throws Exception {
    if (decision.allowed()) {
      next.handleRequest(exchange);
      return;
    }
    long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, seconds);
    audit.denied(exchange, principal.subject(), StatusCodes.TOO_MANY_REQUESTS, "rate limit");
    problems.send(
        exchange,
        StatusCodes.TOO_MANY_REQUESTS,
        "request rate limit exceeded; retry after " + seconds + " s");
  }

  private RateLimiter.Decision orAllow(RateLimiter.Decision decision, Throwable failure) {
    if (failure == null) {
      return decision;
    }
    if (!failureLog.due(clock.instant())) {
      unlimited.increment();
    } else {
      long since = unlimited.sumThenReset();
      String line =
          "rate limiter unavailable; admitting requests without a limit, warning at most once every "
              + OutageLog.text(FAILURE_LOG_EVERY)
              + (since > 0 ? " (" + since + " more admitted since the last warning)" : "")
              + ": "
              + causes(failure);
      if (OutageLog.unreachable(failure)) {
        LOG.warn(line); // an outage: its causes say what is unreachable, a stack trace nothing more
      } else {
        LOG.warn(line, failure);
      }
    }
    return new RateLimiter.Decision(true, Duration.ZERO);
  }

  /**
   * The failure's message chain on one line: each cause's {@code toString()}, joined by {@code ;
   * caused by }, leaving out a {@link CompletionException} (its message is its cause's text) and a
   * cause whose text the previous message already holds (Lettuce repeats it).
   */
  static String causes(Throwable failure) {
    StringBuilder out = new StringBuilder();
    String previous = "";
    int depth = 0;
    for (Throwable e = failure;
        e != null && depth < 10;
        e = e.getCause() == e ? null : e.getCause(), depth++) {
      if (e instanceof CompletionException && e.getCause() != null) {
        continue;
      }
      String text = e.toString();
      if (!previous.contains(text)) {
        out.append(out.length() == 0 ? "" : "; caused by ").append(text);
      }
      previous = text;
    }
    return out.toString();
  }

  private String clientKey(HttpServerExchange exchange, AuthenticatedPrincipal principal) {
    return switch (principal.method()) {
      case TOKEN -> "token:" + principal.subject();
      case CERTIFICATE -> "cert:" + principal.subject();
      case UNAUTHENTICATED, PUBLIC -> "addr:" + origin.address(exchange).getHostAddress();
    };
  }
}
