package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the requests in progress on this replica ({@code server.max_concurrent_requests}, default
 * 2000). A request beyond the cap is answered at once with 503, {@code Retry-After} and a problem
 * body instead of queueing without bound; the slot of an admitted request is freed when its
 * exchange completes, however it ends. Put it outermost, before authentication, so that overload
 * sheds work before any is done. Thread-safe.
 */
public final class ConcurrencyLimitHandler implements HttpHandler {
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 2000;

  private final HttpHandler next;
  private final int maxConcurrent;
  private final int retryAfterSeconds;
  private final ProblemResponses problems;
  private final AuditLog audit;
  private final AtomicInteger inFlight = new AtomicInteger();

  public ConcurrencyLimitHandler(
      HttpHandler next,
      int maxConcurrent,
      int retryAfterSeconds,
      ProblemResponses problems,
      AuditLog audit) {
    if (maxConcurrent < 1 || retryAfterSeconds < 1) {
      throw new IllegalArgumentException(
          "server.max_concurrent_requests and its Retry-After must be >= 1");
    }
    this.next = Objects.requireNonNull(next, "next");
    this.maxConcurrent = maxConcurrent;
    this.retryAfterSeconds = retryAfterSeconds;
    this.problems = Objects.requireNonNull(problems, "problems");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  /** Requests admitted and not yet completed. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (inFlight.incrementAndGet() > maxConcurrent) {
      inFlight.decrementAndGet();
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
      audit.denied(exchange, "unknown", StatusCodes.SERVICE_UNAVAILABLE, "concurrency cap");
      problems.send(
          exchange,
          StatusCodes.SERVICE_UNAVAILABLE,
          "the server is at its limit of " + maxConcurrent + " concurrent requests");
      return;
    }
    exchange.addExchangeCompleteListener(
        (ex, nextListener) -> {
          inFlight.decrementAndGet();
          nextListener.proceed();
        });
    next.handleRequest(exchange);
  }
}
