package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Maps every exception of the handlers behind it to a problem+json response. */
final class ProblemDetailsHandler implements HttpHandler {
  private final Problems problems;
  private final HttpHandler next;

  ProblemDetailsHandler(Problems problems, HttpHandler next) {
    this.problems = problems;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    problems.guard(exchange, next);
  }
}
