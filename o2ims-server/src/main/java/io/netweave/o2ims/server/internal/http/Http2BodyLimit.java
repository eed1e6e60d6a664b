package io.netweave.o2ims.server.internal.http;

import io.undertow.UndertowOptions;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2HeadersStreamSinkChannel;
import io.undertow.protocols.http2.Http2StreamSourceChannel;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The body limit ({@code server.max_body_bytes}) of an HTTP/2 request without {@code
 * content-length}, counted by the gateway rather than by Undertow, so that a body above it gets the
 * readable 413 and only its own stream ends (RFC 9113 8.1: a complete response, then RST_STREAM
 * NO_ERROR), the connection's other streams serving on.
 *
 * <p>Design note: Undertow 2.3 counts an HTTP/2 stream's DATA frames against the exchange's entity
 * limit as they arrive ({@code AbstractFramedStreamSourceChannel.dataReady}), ahead of the reader
 * by up to a stream window, and past it closes the stream's source ({@code handleStreamTooLarge}),
 * which resets it (RST_STREAM CANCEL, {@code Http2StreamSourceChannel.channelForciblyClosed})
 * before the body reader has read past the limit: no 413, recorded as 499. Once Undertow has reset
 * a client's stream it forgets it for incoming DATA ({@code Http2Channel.StreamCache.find} returns
 * only streams it opened itself, {@code StreamHolder.sent}), so a DATA frame the client had in
 * flight reaches {@code Http2Channel.createChannelImpl}, which ends the whole connection with
 * GOAWAY PROTOCOL_ERROR instead of ignoring it (RFC 9113 5.1, "closed"). And ending the exchange
 * drains the unread body ({@code HttpServerExchange.endExchange}, the blocking exchange's input
 * stream close), granting the client window for all of it.
 *
 * <p>So, for such a request ({@link #apply}): a conduit of the exchange's request passes at most
 * limit + 1 bytes to the reader, which then answers 413 ({@link BodyReceiver}); past them it
 * reports the body's end and ends the request, so ending the exchange drains nothing. Once the
 * response's last frame is written ({@code closeSetter} of the stream's response sink), {@link
 * Http2BodyDrain} reads and drops the rest of the body, at most as many bytes again as the limit
 * and for at most {@link Http2BodyDrain#DRAIN_TIME}, then resets the stream with NO_ERROR, marked
 * first as Undertow marks the streams it opened itself ({@link #markOpenedHere}), so that Undertow
 * keeps the reset stream for its one minute and drops DATA frames in flight to it instead of ending
 * the connection. Undertow drops those frames without giving their bytes back to the connection's
 * flow-control window, so the stream's unused window (at most {@code
 * HTTP2_SETTINGS_INITIAL_WINDOW_SIZE}, 64 KiB by default) is given back at the reset: without it a
 * client's next request bodies on the connection would wait for window that never comes. A client
 * that does not send that much has a connection window larger by the rest; Undertow's own guard on
 * sent resets ({@code server.http2.max_resets_per_window}) bounds how often.
 *
 * <p>Bounds: the gateway reads at most twice the limit plus one byte of such a body (the second
 * half dropped as it is read) and holds at most one stream window of it unread (Undertow grants
 * window only for what is read). Undertow's own limit stays, one stream window above that, for a
 * client that ignores flow control (it resets with CANCEL, as before). A stream the client ended or
 * reset itself is not reset again; what Undertow still holds of it (at most one window, already
 * received) is read and dropped so the connection gets its window back.
 *
 * <p>The stream's source and connection, Undertow's open streams and a stream's {@code sent} mark
 * and receive window are private to Undertow and read through private lookups, checked when the
 * class loads ({@link UndertowFields}, as {@link Http2Streams} and {@link Http2Resets} do). If a
 * later Undertow changes them, a warning says so once and such a request keeps Undertow's own limit
 * (the body limit plus one byte): reset with CANCEL, recorded as 499, and DATA frames in flight may
 * end the connection ({@code Http2BodyLimitIT} fails then). Thread-safe.
 */
public final class Http2BodyLimit {
  private static final Logger LOG = LoggerFactory.getLogger(Http2BodyLimit.class);

  /** The fields the gateway's count reads; without them Undertow's own limit stays, as before. */
  private static final UndertowFields FIELDS =
      new UndertowFields(
          LOG,
          "Undertow's HTTP/2 streams",
          "an HTTP/2 request body without content-length above server.max_body_bytes is reset by"
              + " Undertow (recorded as 499, no 413), and DATA frames in flight to it may end the"
              + " whole connection");

  /** {@code Http2ServerConnection.requestChannel}: the stream's request source. */
  private static final VarHandle SOURCE =
      FIELDS
          .find(Http2ServerConnection.class, "requestChannel", Http2StreamSourceChannel.class)
          .orElse(null);

  /** {@code Http2ServerConnection.channel}: the stream's HTTP/2 connection. */
  private static final VarHandle CONNECTION =
      FIELDS.find(Http2ServerConnection.class, "channel", Http2Channel.class).orElse(null);

  /** {@code Http2Channel.currentStreams}: the connection's open streams by id. */
  private static final VarHandle STREAMS =
      FIELDS.find(Http2Channel.class, "currentStreams", Map.class).orElse(null);

  /** {@code Http2Channel.StreamHolder.sent}: the stream was opened by this side. */
  private static final VarHandle SENT =
      FIELDS.findInNested(Http2Channel.class, "StreamHolder", "sent", boolean.class).orElse(null);

  /**
   * {@code Http2StreamSourceChannel.flowControlWindow}: the window the client still has; null also
   * when any field before it is ({@link #FIELDS} does not look again after a miss: one warning), so
   * that this one null says the gateway cannot count.
   */
  private static final VarHandle WINDOW =
      FIELDS.find(Http2StreamSourceChannel.class, "flowControlWindow", int.class).orElse(null);

  private Http2BodyLimit() {}

  /**
   * Takes over the body limit of {@code exchange} if it is an HTTP/2 request whose body has not
   * ended and has no declared length: true if it did, false if the caller is to set Undertow's own
   * limit (HTTP/1.x, a declared length, a body already complete, or Undertow's layout not the
   * expected one). Call before anything reads the body; the IO thread, as the request limits do.
   */
  public static boolean apply(HttpServerExchange exchange, long maxBodyBytes) {
    if (WINDOW == null
        || !(exchange.getConnection() instanceof Http2ServerConnection)
        || exchange.getRequestContentLength() >= 0
        || exchange.isRequestComplete()) {
      return false;
    }
    int window =
        exchange
            .getConnection()
            .getUndertowOptions()
            .get(
                UndertowOptions.HTTP2_SETTINGS_INITIAL_WINDOW_SIZE,
                Http2Channel.DEFAULT_INITIAL_WINDOW_SIZE);
    // Undertow counts frames as they arrive, up to a window ahead of what was read: its own limit
    // stays, one window above what the gateway reads at most (the limit plus one byte, then as
    // much again dropped, Http2BodyDrain), for a client that ignores flow control.
    long cap = maxBodyBytes + 1;
    exchange.setMaxEntitySize(
        maxBodyBytes > (Long.MAX_VALUE - window) / 2
            ? Long.MAX_VALUE
            : cap + maxBodyBytes + window);
    exchange.addRequestWrapper(
        (factory, ex) -> new Capped(factory.create(), ex, cap, maxBodyBytes));
    return true;
  }

  /**
   * Passes at most {@code cap} body bytes; past them reports the body's end and ends the request
   * (so ending the exchange drains nothing), and has the stream reset once its response is written.
   */
  private static final class Capped extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final HttpServerExchange exchange;
    private final long drain;
    private long left;
    private boolean ended;

    Capped(StreamSourceConduit next, HttpServerExchange exchange, long cap, long drain) {
      super(next);
      this.exchange = exchange;
      this.left = cap;
      this.drain = drain;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (left == 0) {
        return refused();
      }
      int limit = dst.limit();
      if (dst.remaining() > left) {
        dst.limit(dst.position() + (int) left);
      }
      int n;
      try {
        n = next.read(dst);
      } finally {
        dst.limit(limit);
      }
      if (n > 0) {
        left -= n;
        if (left == 0) {
          endStreamAfterResponse(exchange, drain);
        }
      }
      return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
      for (int i = offs; i < offs + len; i++) {
        if (dsts[i].hasRemaining()) {
          return read(dsts[i]);
        }
      }
      return left == 0 ? refused() : 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
      return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
        throws IOException {
      return Conduits.transfer(this, count, throughBuffer, target);
    }

    @Override
    public void awaitReadable() throws IOException {
      if (left > 0) {
        next.awaitReadable();
      }
    }

    @Override
    public void awaitReadable(long time, TimeUnit timeUnit) throws IOException {
      if (left > 0) {
        next.awaitReadable(time, timeUnit);
      }
    }

    @Override
    public void terminateReads() throws IOException {
      if (left > 0) {
        next.terminateReads(); // the stream's own end: Undertow's
      } // else the stream is reset after the response (endStreamAfterResponse)
    }

    /** The limit was passed: the body ends here for the exchange. */
    private int refused() {
      if (!ended) {
        ended = true;
        Connectors.terminateRequest(exchange);
      }
      return -1;
    }
  }

  /**
   * Ends the body of an HTTP/2 {@code exchange} that will not be read (refused before its end, past
   * the bytes all bodies being received may hold, {@link BodyReceiver}): the exchange's end does
   * not read and drop the rest of it for as long as the client takes, and the stream is reset with
   * NO_ERROR once the response is out.
   */
  static void refuseBody(HttpServerExchange exchange) {
    Connectors.terminateRequest(exchange);
    endStreamAfterResponse(exchange, 0);
  }

  /**
   * Once the response of {@code exchange}, whose body passed the limit, has gone out (its last
   * frame written), ends the stream ({@link Http2BodyDrain}); at once if it already has. {@code
   * drain}: the bytes of the rest of the body that may be read and dropped first.
   */
  private static void endStreamAfterResponse(HttpServerExchange exchange, long drain) {
    Http2ServerConnection stream = (Http2ServerConnection) exchange.getConnection();
    Http2StreamSourceChannel source = source(stream);
    Http2HeadersStreamSinkChannel sink = source.getResponseChannel();
    AtomicBoolean done = new AtomicBoolean();
    Runnable end =
        () -> {
          if (done.compareAndSet(false, true)) {
            new Http2BodyDrain(connection(stream), source, drain).start();
          }
        };
    @SuppressWarnings("unchecked")
    ChannelListener.SimpleSetter<Http2HeadersStreamSinkChannel> closed =
        (ChannelListener.SimpleSetter<Http2HeadersStreamSinkChannel>) sink.getCloseSetter();
    ChannelListener<? super Http2HeadersStreamSinkChannel> before = closed.get();
    // Undertow runs it on the connection's IO thread after the last frame is written (or the
    // stream broken), once the stream has let go of its response
    closed.set(
        channel -> {
          if (before != null) {
            before.handleEvent(channel);
          }
          end.run();
        });
    if (!sink.isOpen()) { // written before the listener was set
      sink.getIoThread().execute(end);
    }
  }

  /**
   * Runs {@code closed} when the request source of {@code exchange}, an HTTP/2 stream's, closes: at
   * its end, or when the client resets the stream or its connection closes (Undertow then closes
   * the stream's source without calling its read listener, so a receiver waiting for the body would
   * not hear of it). False, and nothing set, if the stream's source cannot be had (Undertow's
   * layout not the expected one, {@link #FIELDS}).
   */
  static boolean whenSourceCloses(HttpServerExchange exchange, Runnable closed) {
    if (SOURCE == null || !(exchange.getConnection() instanceof Http2ServerConnection stream)) {
      return false;
    }
    Http2StreamSourceChannel source = source(stream);
    if (source == null) {
      return false;
    }
    @SuppressWarnings("unchecked")
    ChannelListener.SimpleSetter<Http2StreamSourceChannel> setter =
        (ChannelListener.SimpleSetter<Http2StreamSourceChannel>) source.getCloseSetter();
    ChannelListener<? super Http2StreamSourceChannel> before = setter.get();
    setter.set(
        channel -> {
          if (before != null) {
            before.handleEvent(channel);
          }
          closed.run();
        });
    return true; // a source closed already has ended or broken: its next read says which
  }

  /** Undertow's record of the open stream {@code id} of {@code channel}, or null once closed. */
  static Object openStream(Http2Channel channel, int id) {
    return streams(channel).get(id);
  }

  /**
   * Marks {@code stream}, an {@link #openStream}, as opened here, as Undertow marks the streams it
   * opens itself: once reset, Undertow keeps it for its one minute and drops DATA frames in flight
   * to it, instead of ending the connection with GOAWAY (it forgets reset streams the client
   * opened).
   */
  static void markOpenedHere(Object stream) {
    SENT.setVolatile(stream, true);
  }

  /** The window the client of {@code source} may still send on it, as Undertow counts it. */
  static int unusedWindow(Http2StreamSourceChannel source) {
    return (int) WINDOW.get(source);
  }

  private static Http2StreamSourceChannel source(Http2ServerConnection stream) {
    return (Http2StreamSourceChannel) SOURCE.get(stream);
  }

  private static Http2Channel connection(Http2ServerConnection stream) {
    return (Http2Channel) CONNECTION.get(stream);
  }

  private static Map<?, ?> streams(Http2Channel channel) {
    return (Map<?, ?>) STREAMS.get(channel);
  }
}
