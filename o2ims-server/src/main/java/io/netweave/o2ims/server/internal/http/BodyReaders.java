package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.security.AuthFailureBudget;
import io.netweave.o2ims.server.internal.security.AuthenticatedPrincipal;
import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the worker threads that wait for request bodies: a body is read with blocking IO on a
 * worker thread ({@link Requests#readBody}), which waits for as long as the client takes to send it
 * (the read timeout only ends a read that makes no progress at all). Without a bound, a client
 * trickling a byte of each of a few bodies every few seconds held every worker thread (16 on two
 * cores) and every request that needed one waited: cache misses, lists with filters, every write.
 *
 * <p>At most {@code perClient} bodies of one client are read at once (a client is its authenticated
 * owner, a token's issuer and subject or a certificate's DN; without authentication its address, an
 * IPv6 /64); beyond, 429. At most {@code total} bodies are read at once over all clients, so that
 * reads keep the other worker threads whatever many clients do; beyond, 503. Both answers carry
 * {@code Retry-After: 1} and leave the body unread: an HTTP/1.1 connection is closed after the
 * answer, an HTTP/2 stream is reset (NO_ERROR) after it ({@link Http2BodyLimit#refuseBody}), so
 * that the exchange's end does not wait for the rest of the body on the worker thread.
 *
 * <p>Design note: the count is a permit taken before the first read of a body that would wait for
 * the client ({@link Requests#readBody} reads what has arrived without one, so a body that came
 * with its headers, as nearly every body does, never counts and concurrent writes of one client are
 * not refused for it) and held until the body is read; it is taken without waiting (a wait would
 * hold the worker thread the bound is there to keep). A client's permits are counted in a map entry
 * that is removed when its count returns to zero, so the map holds only clients with a body being
 * read. Thread-safe.
 */
final class BodyReaders {
  private final int perClient;
  private final int total;
  private final AtomicInteger reading = new AtomicInteger();
  private final Map<String, Integer> byClient = new ConcurrentHashMap<>();

  /**
   * @param perClient bodies one client may have read at once
   * @param total bodies read at once over all clients
   */
  BodyReaders(int perClient, int total) {
    if (perClient < 1 || total < 1) {
      throw new IllegalArgumentException("limits must be positive: " + perClient + ", " + total);
    }
    this.perClient = perClient;
    this.total = total;
  }

  /** Half of the gateway's worker threads, and two bodies per client. */
  static BodyReaders forWorkers(int workerThreads) {
    return new BodyReaders(2, Math.max(1, workerThreads / 2));
  }

  /** A permit to read one body; {@link #close} gives it back. */
  final class Permit implements AutoCloseable {
    private final String client;
    private boolean closed;

    private Permit(String client) {
      this.client = client;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        reading.decrementAndGet();
      }
    }
  }

  /**
   * Takes a permit for reading {@code exchange}'s body.
   *
   * @throws HttpProblem 429 when its client already has {@code perClient} bodies being read, 503
   *     when {@code total} bodies are being read; the connection then closes after the answer
   */
  Permit acquire(HttpServerExchange exchange) {
    String client = client(exchange);
    boolean[] admitted = {false};
    byClient.compute(
        client,
        (k, n) -> {
          int held = n == null ? 0 : n;
          if (held >= perClient) {
            return n;
          }
          admitted[0] = true;
          return held + 1;
        });
    if (!admitted[0]) {
      throw refused(
          exchange,
          429,
          "Too Many Requests",
          "this client already has "
              + perClient
              + " request bodies being received; send the next when one is complete");
    }
    if (reading.incrementAndGet() > total) {
      reading.decrementAndGet();
      byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
      throw refused(
          exchange,
          503,
          "Service Unavailable",
          "the gateway is receiving " + total + " request bodies already; retry later");
    }
    return new Permit(client);
  }

  private static HttpProblem refused(
      HttpServerExchange exchange, int status, String title, String detail) {
    if (exchange.getConnection()
        instanceof io.undertow.server.protocol.http2.Http2ServerConnection) {
      Http2BodyLimit.refuseBody(exchange);
    } else {
      exchange.setPersistent(false);
    }
    return new HttpProblem(status, title, detail, Map.of("Retry-After", "1"));
  }

  /** The authenticated owner, or the address of a client without an identity. */
  private static String client(HttpServerExchange exchange) {
    AuthenticatedPrincipal principal = exchange.getAttachment(AuthenticatedPrincipal.KEY);
    if (principal != null && principal.isAuthenticated()) {
      return principal.owner();
    }
    InetSocketAddress peer = exchange.getSourceAddress();
    return peer == null || peer.getAddress() == null
        ? "address:unknown"
        : "address:" + AuthFailureBudget.clientOf(peer.getAddress());
  }
}
