package io.netweave.o2ims.server.internal.http;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.framed.AbstractFramedChannel;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import io.undertow.util.AttachmentKey;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.StreamConnection;

/**
 * How many client streams an HTTP/2 connection has open, for the timeouts' timer ({@link
 * TimeoutTimer}): an HTTP/2 connection always waits to read, so only its open streams say whether a
 * request is in progress (read timeout) or the connection is idle (idle timeout).
 *
 * <p>Design note: Undertow's {@link Http2Channel} counts its open client streams (the count its own
 * no-request timeout and {@code SETTINGS_MAX_CONCURRENT_STREAMS} use) but exposes neither the count
 * nor the channel: the connection's read listener, set by the channel, is the only way from the
 * connection to it. Both are read here through private lookups ({@link UndertowFields}), once per
 * timer look (never per request, so the request path pays nothing). Undertow 2.3's layout is
 * checked when the class loads; if a later Undertow changes it, {@link #available()} is false, a
 * warning says so once, and every HTTP/2 connection keeps the read timeout while it is silent (the
 * behaviour before the idle timeout applied to HTTP/2), so nothing is kept open longer than the
 * read timeout allows. {@code TlsListenerIT} fails in that case, so an upgrade cannot lose it
 * silently.
 *
 * <p>Also whether a stream's connection was closed by the read timeout ({@link #readTimingOut},
 * {@link #readTimedOut}), so that a stream whose body was being read is recorded as 408 rather than
 * as a client's close (499): the read timeout is the connection's, and a stream's reader only sees
 * its connection end. The stream's connection is read through one more private lookup, only when a
 * body read failed; without it such a stream is recorded as 499 ({@code ClientGoneMidBodyIT} fails
 * then).
 *
 * <p>Thread-safe; {@link #open} is meant for the connection's I/O thread.
 */
final class Http2Streams {
  private static final Logger LOG = LoggerFactory.getLogger(Http2Streams.class);

  /** The fields open streams are read through; without them, the read timeout as before. */
  private static final UndertowFields OPEN_STREAMS =
      new UndertowFields(
          LOG,
          "Undertow's HTTP/2 open streams",
          "an HTTP/2 connection without a request is closed after server.read_timeout instead of"
              + " server.idle_timeout");

  /**
   * {@code AbstractFramedChannel.FrameReadListener.this$0}: the read listener's enclosing channel.
   */
  private static final VarHandle CHANNEL =
      OPEN_STREAMS
          .findInNested(
              AbstractFramedChannel.class,
              "FrameReadListener",
              "this$0",
              AbstractFramedChannel.class)
          .orElse(null);

  /**
   * {@code Http2Channel.receiveConcurrentStreams} (volatile): client streams open; null also when
   * {@link #CHANNEL} is ({@link #OPEN_STREAMS} then does not look: one warning).
   */
  private static final VarHandle OPEN =
      OPEN_STREAMS.find(Http2Channel.class, "receiveConcurrentStreams", int.class).orElse(null);

  /**
   * The framed channel's read listener class; null if Undertow's layout is not the expected one
   * (either field above missing).
   */
  private static final Class<?> READ_LISTENER =
      OPEN == null ? null : CHANNEL.coordinateTypes().get(0);

  /** {@code Http2ServerConnection.channel}: the HTTP/2 connection a stream's exchange is on. */
  private static final VarHandle STREAM_CONNECTION =
      new UndertowFields(
              LOG,
              "the HTTP/2 connection of Undertow's streams",
              "a request body cut by server.read_timeout on HTTP/2 is recorded as 499 instead of"
                  + " 408")
          .find(Http2ServerConnection.class, "channel", Http2Channel.class)
          .orElse(null);

  /** Set on an HTTP/2 channel that the read timeout closed. */
  private static final AttachmentKey<Boolean> READ_TIMED_OUT = AttachmentKey.create(Boolean.class);

  private Http2Streams() {}

  /**
   * The read timeout closes {@code connection}: if an HTTP/2 channel reads it, marks the channel,
   * so that the streams whose bodies were being read are recorded as 408, not as a client's close
   * ({@link #readTimedOut(ServerConnection)}). Call before closing; the channel's attachments are a
   * synchronized map, and a stream's reader looks only after the close woke it.
   */
  static void readTimingOut(StreamConnection connection) {
    Http2Channel channel = channel(connection);
    if (channel != null) {
      channel.putAttachment(READ_TIMED_OUT, Boolean.TRUE);
    }
  }

  /**
   * Whether {@code connection}, an exchange's, is an HTTP/2 stream whose connection the read
   * timeout closed ({@link #readTimingOut}); false for HTTP/1.x or if Undertow's layout is not the
   * expected one.
   */
  static boolean readTimedOut(ServerConnection connection) {
    if (STREAM_CONNECTION == null || !(connection instanceof Http2ServerConnection stream)) {
      return false;
    }
    Http2Channel channel = (Http2Channel) STREAM_CONNECTION.get(stream);
    return channel.getAttachment(READ_TIMED_OUT) != null;
  }

  /** Whether open streams can be read (Undertow's layout is the expected one). */
  static boolean available() {
    return READ_LISTENER != null;
  }

  /**
   * The client streams open on {@code connection} if an HTTP/2 channel reads it, else -1 (an
   * HTTP/1.x connection, one still in its TLS handshake or choosing its protocol, or open streams
   * not {@link #available()}).
   */
  static int open(StreamConnection connection) {
    Http2Channel http2 = channel(connection);
    return http2 == null ? -1 : (int) OPEN.getVolatile(http2);
  }

  /** The HTTP/2 channel reading {@code connection}, or null (as for {@link #open}). */
  private static Http2Channel channel(StreamConnection connection) {
    if (READ_LISTENER == null) {
      return null;
    }
    ChannelListener<?> listener = connection.getSourceChannel().getReadListener();
    if (listener == null || listener.getClass() != READ_LISTENER) {
      return null;
    }
    Object channel = CHANNEL.get(listener);
    return channel instanceof Http2Channel http2 ? http2 : null;
  }
}
