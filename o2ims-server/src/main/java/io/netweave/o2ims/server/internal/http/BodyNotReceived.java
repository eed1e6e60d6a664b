package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import org.xnio.channels.ReadTimeoutException;

/**
 * A request body that could not be read to its end because of the client: it closed the connection,
 * reset its HTTP/2 stream, or sent nothing for {@code server.read_timeout}. Thrown only by the body
 * receiver ({@link BodyReceiver}), from the {@link IOException} of the request's own channel or for
 * a body that ended short of its {@code Content-Length}, so a server-side failure (a store, a file)
 * never becomes one.
 *
 * <p>It is the client's doing, not a server error: {@link Problems} records it under {@link
 * #status()} (499, nginx's "client closed request", or 408 for the read timeout) with one DEBUG
 * line and no stack trace, and sends no response (the connection or stream is gone). Carries no
 * stack trace of its own. Immutable.
 */
final class BodyNotReceived extends RuntimeException {
  /** nginx's "client closed request": the client went away before the request was complete. */
  static final int CLIENT_CLOSED_REQUEST = 499;

  /** Request Timeout: the body stalled for the read timeout, which closed the connection. */
  static final int REQUEST_TIMEOUT = 408;

  private final int status;

  private BodyNotReceived(int status, String message, IOException cause) {
    super(message, cause, false, false);
    this.status = status;
  }

  /**
   * What the failed read of {@code exchange}'s body means; {@code read} is its input stream's
   * failure: a read timeout (HTTP/1.x: the blocking read's own; HTTP/2: the stream's connection
   * closed by it, as {@link Http2Streams#readTimedOut} tells) or else the client's close or reset.
   */
  static BodyNotReceived of(HttpServerExchange exchange, IOException read) {
    return read instanceof ReadTimeoutException
            || Http2Streams.readTimedOut(exchange.getConnection())
        ? new BodyNotReceived(REQUEST_TIMEOUT, "the request body stalled: " + read, read)
        : new BodyNotReceived(
            CLIENT_CLOSED_REQUEST, "the client went away during the request body: " + read, read);
  }

  /**
   * {@code exchange}'s body ended after {@code received} of its {@code declared} bytes: an HTTP/2
   * stream may read its reset (by the client, or by Undertow for a client that ended the stream
   * short of its content-length) or its connection's close (the client's, or the read timeout's) as
   * the end of its body rather than as an error. Either way the stream is gone.
   */
  static BodyNotReceived cut(HttpServerExchange exchange, int received, long declared) {
    String what =
        "the stream or connection ended after " + received + " of " + declared + " body bytes";
    return Http2Streams.readTimedOut(exchange.getConnection())
        ? new BodyNotReceived(REQUEST_TIMEOUT, "the request body stalled: " + what, null)
        : new BodyNotReceived(
            CLIENT_CLOSED_REQUEST, "the client went away during the request body: " + what, null);
  }

  /** The status recorded in the access log, the audit log and the request metrics. */
  int status() {
    return status;
  }
}
