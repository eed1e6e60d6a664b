package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;

/**
 * Moves work that may block off the IO thread, keeping the problem mapping for what it throws.
 * Thread-safe.
 */
final class Dispatcher {
  private final Problems problems;

  Dispatcher(Problems problems) {
    this.problems = problems;
  }

  /** Runs the work on a worker thread (at once if already on one). */
  void dispatch(HttpServerExchange exchange, Problems.Work work) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(() -> problems.guard(exchange, work));
    } else {
      problems.guard(exchange, work);
    }
  }
}
