package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.server.internal.tls.OpenConnections;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import io.undertow.util.StatusCodes;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the requests in progress on this replica ({@code server.max_concurrent_requests}, default
 * 2000). A request beyond the cap is answered at once with 503, {@code Retry-After} and a problem
 * body instead of queueing without bound; the slot of an admitted request is freed when its
 * exchange completes, however it ends. Put it outermost, before authentication, so that overload
 * sheds work before any is done.
 *
 * <p>The probes ({@code /healthz}, {@code /livez}, {@code /readyz}, GET or HEAD) are outside the
 * cap: they are cheap, and an orchestrator must not restart a replica because clients (or an
 * attacker resetting HTTP/2 streams) filled it.
 *
 * <p>HTTP/2 rapid reset (CVE-2023-44487): a client that resets a stream frees its place in the
 * connection's stream limit at once, while the request it started may still be running here. So
 * each HTTP/2 connection may hold at most {@code maxPerConnection} admitted requests (the
 * advertised {@code server.max_concurrent_streams}), counted until they complete; a connection that
 * goes beyond is closed (TLS listener) or its excess requests refused, and cannot fill the
 * replica-wide cap for everyone else. Thread-safe.
 */
public final class ConcurrencyLimitHandler implements HttpHandler {
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 2000;
  private static final java.util.Set<String> PROBES =
      java.util.Set.of("/healthz", "/livez", "/readyz", "/healthz/", "/livez/", "/readyz/");
  private static final int LONGEST_PROBE =
      PROBES.stream().mapToInt(String::length).max().orElseThrow();

  private final HttpHandler next;
  private final int maxConcurrent;
  private final int retryAfterSeconds;
  private final ProblemResponses problems;
  private final AuditLog audit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxPerConnection;
  private final OpenConnections connections;
  private final Map<SocketAddress, Integer> perConnection = new ConcurrentHashMap<>();
  private final ExchangeCompletionListener releaseRequest =
      (ex, nextListener) -> {
        inFlight.decrementAndGet();
        nextListener.proceed();
      };

  public ConcurrencyLimitHandler(
      HttpHandler next,
      int maxConcurrent,
      int retryAfterSeconds,
      ProblemResponses problems,
      AuditLog audit) {
    this(
        next,
        maxConcurrent,
        retryAfterSeconds,
        problems,
        audit,
        Integer.MAX_VALUE,
        new OpenConnections());
  }

  /**
   * @param maxPerConnection admitted requests one HTTP/2 connection may hold
   * @param connections where an abusive connection is closed
   */
  public ConcurrencyLimitHandler(
      HttpHandler next,
      int maxConcurrent,
      int retryAfterSeconds,
      ProblemResponses problems,
      AuditLog audit,
      int maxPerConnection,
      OpenConnections connections) {
    this.maxPerConnection = maxPerConnection;
    this.connections = Objects.requireNonNull(connections, "connections");
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
    if (isProbe(exchange)) {
      next.handleRequest(exchange);
      return;
    }
    SocketAddress peer =
        exchange.getProtocol().equals(Protocols.HTTP_2_0)
            ? exchange.getConnection().getPeerAddress()
            : null;
    if (peer != null && !holdOn(peer)) {
      boolean closed = connections.close(peer);
      audit.denied(
          exchange,
          "unknown",
          StatusCodes.SERVICE_UNAVAILABLE,
          "HTTP/2 connection holds more requests than its stream limit (reset streams)"
              + (closed ? "; connection closed" : ""));
      exchange.setPersistent(false);
      problems.send(
          exchange,
          StatusCodes.SERVICE_UNAVAILABLE,
          "this connection has more requests in progress than its stream limit");
      return;
    }
    if (inFlight.incrementAndGet() > maxConcurrent) {
      if (peer != null) {
        release(peer);
      }
      inFlight.decrementAndGet();
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
      audit.denied(exchange, "unknown", StatusCodes.SERVICE_UNAVAILABLE, "concurrency cap");
      problems.send(
          exchange,
          StatusCodes.SERVICE_UNAVAILABLE,
          "the server is at its limit of " + maxConcurrent + " concurrent requests");
      return;
    }
    if (peer == null) {
      exchange.addExchangeCompleteListener(releaseRequest); // HTTP/1.1: nothing per request
    } else {
      exchange.addExchangeCompleteListener(
          (ex, nextListener) -> {
            inFlight.decrementAndGet();
            release(peer);
            nextListener.proceed();
          });
    }
    next.handleRequest(exchange);
  }

  /** Counts one more request of the connection; false (and not counted) beyond its limit. */
  private boolean holdOn(SocketAddress peer) {
    boolean[] admitted = {false};
    perConnection.compute(
        peer,
        (p, held) -> {
          int now = held == null ? 0 : held;
          if (now >= maxPerConnection) {
            return held;
          }
          admitted[0] = true;
          return now + 1;
        });
    return admitted[0];
  }

  private void release(SocketAddress peer) {
    perConnection.computeIfPresent(peer, (p, held) -> held <= 1 ? null : held - 1);
  }

  private static boolean isProbe(HttpServerExchange exchange) {
    String path = exchange.getRequestPath();
    // The length test first: every API path is longer, and hashing it costs more than the test.
    return path.length() <= LONGEST_PROBE
        && PROBES.contains(path)
        && (exchange.getRequestMethod().equals(io.undertow.util.Methods.GET)
            || exchange.getRequestMethod().equals(io.undertow.util.Methods.HEAD));
  }
}
