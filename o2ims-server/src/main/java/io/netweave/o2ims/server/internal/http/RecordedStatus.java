package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Methods;

/**
 * The status a completed request is recorded under in the access log, the audit log and the request
 * metrics: the response's own status, unless the client went away while the response was written,
 * which is recorded as 499 although the response's status line (already sent, and no longer
 * changeable in Undertow) said otherwise. That is known in these ways, since any may come first:
 * the exchange completed with fewer body bytes sent than its {@code Content-Length} (a connection
 * the client closed or reset completes its exchange when the TLS layer or Undertow closes it,
 * before the sender hears of the failed write), or the sender's write failed ({@link
 * Problems#responseNotTaken}, which also logs the one DEBUG line), or the client reset an HTTP/2
 * stream whose response waited for flow-control window ({@link Http2Resets}, through the same
 * method), or an HTTP/2 stream turned out reset when its exchange completed (a bodiless answer
 * written into a stream the client had reset, or a stream Undertow reset after its write-wait
 * timeout: {@link Http2Resets}, through the same method). Stateless.
 */
public final class RecordedStatus {
  /** Set on an exchange whose response the client did not take to its end. */
  static final AttachmentKey<Integer> CLIENT_GONE = AttachmentKey.create(Integer.class);

  private RecordedStatus() {}

  /** The status to record for {@code exchange} once it has completed. */
  public static int of(HttpServerExchange exchange) {
    Integer gone = exchange.getAttachment(CLIENT_GONE);
    if (gone != null) {
      return gone;
    }
    long length = exchange.getResponseContentLength();
    return length > 0
            && exchange.getResponseBytesSent() < length
            && !exchange.getRequestMethod().equals(Methods.HEAD)
        ? BodyNotReceived.CLIENT_CLOSED_REQUEST
        : exchange.getStatusCode();
  }
}
