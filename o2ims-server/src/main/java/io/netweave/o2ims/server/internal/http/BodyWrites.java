package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;
import java.nio.ByteBuffer;

/**
 * Sends a whole response body, made before sending, and ends the exchange (or ends one without a
 * body, {@link #end}): the one way the routes' responses ({@link Responses#write}) and the problem
 * bodies ({@code ProblemResponses}, for the admission layers and the error mapper) are written, so
 * that a client that goes away before it took the body is recorded the same way whichever wrote it:
 * as 499 with one DEBUG line ({@link Problems#END_OR_CLIENT_GONE}), and, on HTTP/2, at once when it
 * resets the stream while the body waits for flow-control window ({@link Http2Resets}). The caller
 * sets the status and the headers, {@code Content-Length} included (the sender sets it only for its
 * own default callback). Any thread; non-blocking.
 */
public final class BodyWrites {
  private BodyWrites() {}

  /** Sends {@code body} as the response's whole body and ends the exchange once it is written. */
  public static void send(HttpServerExchange exchange, ByteBuffer body) {
    exchange.getResponseSender().send(body, Problems.END_OR_CLIENT_GONE);
    if (!exchange.isComplete()) {
      Http2Resets.watch(exchange); // still writing: an HTTP/2 stream may be reset meanwhile
    }
  }

  /**
   * Ends the exchange with the status and headers the caller set and no body (a DELETE's 200, a
   * HEAD): recorded as 499 with one DEBUG line, like a body the client did not take, when it was an
   * HTTP/2 stream the client reset before the answer went out ({@link Http2Resets#watchEnd}). Any
   * thread.
   */
  public static void end(HttpServerExchange exchange) {
    Http2Resets.watchEnd(exchange);
    exchange.endExchange();
  }
}
