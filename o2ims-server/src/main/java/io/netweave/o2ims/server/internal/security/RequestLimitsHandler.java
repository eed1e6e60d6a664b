package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.Objects;

/**
 * Refuses oversized requests before any work: a declared {@code Content-Length} above the body
 * limit ({@code server.max_body_bytes}, default 1 MiB) is answered 413, a query string above {@code
 * server.max_query_bytes} (default 16 KiB) 414; for bodies without a length (chunked) the limit is
 * set on the exchange (plus one byte, so that a reader can detect the excess and answer 413), so
 * nothing reads an unbounded body. Header sizes are limited by the listener ({@code
 * server.max_header_bytes}). Thread-safe.
 */
public final class RequestLimitsHandler implements HttpHandler {
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_QUERY_BYTES = 16 * 1024;

  private final HttpHandler next;
  private final long maxBodyBytes;
  private final int maxQueryBytes;
  private final ProblemResponses problems;

  public RequestLimitsHandler(
      HttpHandler next, long maxBodyBytes, int maxQueryBytes, ProblemResponses problems) {
    if (maxBodyBytes < 1 || maxQueryBytes < 1) {
      throw new IllegalArgumentException("server.max_body_bytes and max_query_bytes must be >= 1");
    }
    this.next = Objects.requireNonNull(next, "next");
    this.maxBodyBytes = maxBodyBytes;
    this.maxQueryBytes = maxQueryBytes;
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.getQueryString().length() > maxQueryBytes) {
      problems.send(
          exchange,
          StatusCodes.REQUEST_URI_TOO_LARGE,
          "the query string is longer than " + maxQueryBytes + " bytes");
      return;
    }
    long declared = exchange.getRequestContentLength();
    if (declared > maxBodyBytes) {
      exchange.setPersistent(false);
      problems.send(
          exchange,
          StatusCodes.REQUEST_ENTITY_TOO_LARGE,
          "the request body is larger than " + maxBodyBytes + " bytes");
      return;
    }
    // One byte of slack: a body reader that reads limit + 1 bytes to detect an oversized body
    // still gets them, and answers 413 itself; nothing can read further.
    exchange.setMaxEntitySize(maxBodyBytes + 1);
    next.handleRequest(exchange);
  }
}
