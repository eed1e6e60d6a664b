package io.netweave.o2ims.server.internal.http;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2DataStreamSinkChannel;
import io.undertow.protocols.http2.Http2StreamSinkChannel;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.framed.AbstractFramedChannel;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import io.undertow.util.AttachmentKey;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

/**
 * Ends, as 499, an HTTP/2 exchange whose client resets its stream while the response waits for
 * flow-control window; without this the exchange (its {@code server.max_concurrent_requests} slot,
 * its buffers) stays open until the connection closes.
 *
 * <p>Design note: Undertow 2.3 holds a stream's DATA frame that the flow-control window does not
 * admit in its connection's held frames, the frame's sink channel "ready for flush". A RST_STREAM
 * from the client then only marks that sink reset ({@code Http2StreamSinkChannel.rstStream}): a
 * sink ready for flush is not closed, on the idea that the flush will close it, and a held frame is
 * never flushed while the client sends no WINDOW_UPDATE. Nothing wakes the response's writer
 * (Undertow's async sender, or the flush that ends the exchange), and for a GET, whose request
 * stream had already ended, no request-side listener is told either; the exchange ends when the
 * connection closes (its timeouts) and was recorded as 200. The RST_STREAM frame itself reaches
 * only the connection's receive listener, which drops it.
 *
 * <p>So a response still being written when its writer returned ({@link #watch}) is registered with
 * its HTTP/2 connection, and the connection's receive listener is wrapped (once per connection, on
 * the first such response) to look, after each frame it receives, at the registered streams: one
 * whose sink is reset is recorded as not taken ({@link Problems#responseNotTaken}, 499 and the one
 * DEBUG line) and its sink closed, which runs the writer's listener (it fails and ends the
 * exchange) and Undertow's completion of the response. A registered exchange leaves the list when
 * it completes (its completion listener, below), not at the connection's next look: a connection
 * that falls silent after its last request would otherwise keep every response that completed after
 * its last received frame, with its request and response headers (about 2 KB each without a bearer
 * token, measured: docs/performance.md), until another frame came or the connection closed. The
 * list and the looks are confined to the connection's I/O thread (a registration, or a removal,
 * from another thread is handed to it), which also orders a registration after any reset already
 * read: a registration looks at its sink once itself.
 *
 * <p>Closing the sink is not all: Undertow keeps the sink in its connection's queue of frames held
 * for window ({@code AbstractFramedChannel.heldFrames}) until the connection closes (its frame
 * priority skips a closed frame there but never removes it), and through the sink's write listener
 * the completed exchange, request and response headers included: 3.5 KB of heap a reset stream
 * (measured, docs/performance.md) on a connection that may stay open for hours, and one more entry
 * that Undertow walks for every frame the connection sends afterwards (its frame priority looks at
 * every held frame whenever another frame is queued). So the closed sink is also removed from that
 * queue, under the connection's lock, which is the lock Undertow holds whenever it reads or changes
 * the queue; removing a closed frame changes nothing else there (Undertow would only have closed it
 * again when the connection closes).
 *
 * <p>Undertow also resets a stream itself: its write-wait timeout (the connection's {@code
 * Options.WRITE_TIMEOUT}, which the gateway does not set, else the JVM-wide {@code
 * io.undertow.await_writable_timeout}, which {@link Http2WriteWait} sets to the effective {@code
 * server.write_timeout}) resets a stream whose frame waited that long for window and breaks the
 * frame, without closing it. That ends the exchange (the broken frame fails the response's writer,
 * or the flush that ends the exchange) with no frame received, and one whose body was all handed
 * over (the flush waited) was recorded as the 200 its status line said (the client had 16 bytes of
 * it in the test). So each registered exchange is also looked at when it completes: a stream reset
 * by then is recorded as 499. Nothing is left held there: a broken frame, unlike a closed one, is
 * still looked at by Undertow's frame priority, which lets it go (measured: {@code
 * Http2WriteWaitTimeoutJarIT}); the gateway's own timeouts close the whole connection, which lets
 * go of every held frame. The same look at completion records an answer without a body ({@link
 * #watchEnd}: a DELETE's 200, a HEAD) written into a stream the client had reset, which nothing
 * else tells: no write fails, and the exchange ends as if answered.
 *
 * <p>Cost: nothing for a response completed when its writer returns (a small body on the I/O
 * thread); for one still being written (a large body, a slow client, a worker thread's response
 * that the I/O thread has yet to flush) on HTTP/2: one list entry and one completion listener (a
 * shared one: an array slot), plus one task when registered from a worker thread; at its
 * completion, one volatile read and its removal from the list (the connection's attachment read,
 * and a walk of the responses still being written on that connection), plus one task when it
 * completes off the I/O thread; per frame received on a connection with registered responses, one
 * volatile read per response; per stream ended here, one look through its connection's held frames
 * (those of its other streams waiting for window) under the connection's lock. An answer without a
 * body: on HTTP/1.x one type check; on HTTP/2 the completion listener and its read. A small cached
 * GET on the I/O thread pays nothing new.
 *
 * <p>The sink, its reset mark and the held frames are private to Undertow and read through private
 * lookups ({@link UndertowFields}, as in {@link Http2Streams}). Undertow 2.3's layout is checked
 * when the class loads; if a later Undertow changes the first two, a warning says so once and such
 * exchanges stay open until their connection closes, as before, and answers without a body keep
 * their status ({@code ClientGoneMidResponseIT} and {@code Http2ResetBeforeEmptyAnswerIT} fail
 * then); if it changes the held frames, a warning says so once and each such stream's closed sink
 * stays held until its connection closes, as before ({@code Http2ResetsOnOneConnectionIT} fails
 * then). So an upgrade cannot lose either silently. Thread-safe.
 */
final class Http2Resets {
  private static final Logger LOG = LoggerFactory.getLogger(Http2Resets.class);

  /** The fields the look at resets reads; without them such streams stay open, as before. */
  private static final UndertowFields RESETS =
      new UndertowFields(
          LOG,
          "Undertow's HTTP/2 stream resets",
          "an HTTP/2 stream the client resets while its response waits for flow-control window"
              + " stays open until its connection closes");

  /** {@code Http2ServerConnection.responseChannel}: the stream's response sink. */
  private static final VarHandle SINK =
      RESETS
          .find(Http2ServerConnection.class, "responseChannel", Http2DataStreamSinkChannel.class)
          .orElse(null);

  /**
   * {@code Http2StreamSinkChannel.reset} (volatile): set when the stream was reset; null also when
   * {@link #SINK} is ({@link #RESETS} then does not look: one warning), so that this one null says
   * both are missing.
   */
  private static final VarHandle RESET =
      RESETS.find(Http2StreamSinkChannel.class, "reset", boolean.class).orElse(null);

  /** {@code AbstractFramedChannel.heldFrames}: frames waiting for flow-control window. */
  private static final VarHandle HELD =
      new UndertowFields(
              LOG,
              "Undertow's HTTP/2 frames held for flow-control window",
              "an HTTP/2 stream the client resets while its response waits for window stays"
                  + " referenced (with its exchange) until its connection closes")
          .find(AbstractFramedChannel.class, "heldFrames", Deque.class)
          .orElse(null);

  /** The watch of an HTTP/2 connection, once one of its responses was registered. */
  private static final AttachmentKey<Watch> WATCH = AttachmentKey.create(Watch.class);

  private Http2Resets() {}

  /**
   * Watches {@code exchange}, whose response was just handed to Undertow, for a reset of its HTTP/2
   * stream while the response is still being written; nothing if it has completed or is not on
   * HTTP/2. Any thread.
   */
  static void watch(HttpServerExchange exchange) {
    if (RESET == null
        || !(exchange.getConnection() instanceof Http2ServerConnection)
        || exchange.isComplete()) {
      return;
    }
    if (exchange.isInIoThread()) {
      register(exchange);
    } else {
      exchange.getIoThread().execute(() -> register(exchange));
    }
  }

  /**
   * Looks at {@code exchange}, whose answer has no body (a DELETE's 200, a HEAD) and is about to be
   * ended, when it completes ({@link #ENDED}): its HTTP/2 stream reset before the answer went out
   * is recorded as 499. No write fails to tell it: Undertow closed the reset stream's sink, and
   * ending the exchange on a closed sink succeeds. Nothing on HTTP/1.x. Any thread.
   */
  static void watchEnd(HttpServerExchange exchange) {
    if (RESET != null
        && exchange.getConnection() instanceof Http2ServerConnection
        && !exchange.isComplete()) {
      exchange.addExchangeCompleteListener(ENDED);
    }
  }

  /**
   * The look at an exchange when it completes, before the access log's and the metrics' (Undertow
   * runs completion listeners last added first): a stream reset by then was reset before its
   * response went out in full (once the last frame is flushed, Undertow forgets the stream, and a
   * later reset no longer reaches the sink), by the client or by Undertow itself: 499 and the DEBUG
   * line, unless {@link #gone} recorded it already. For an answer without a body ({@link
   * #watchEnd}).
   */
  private static final ExchangeCompletionListener ENDED =
      (exchange, next) -> {
        try {
          lookAtEnd(exchange, sink(exchange));
        } finally {
          next.proceed();
        }
      };

  /**
   * The same look for a registered exchange ({@link #watch}), which then leaves its connection's
   * watch at once: otherwise it would stay there, with its request and response headers, until the
   * connection's next received frame, and a connection that falls silent sends none.
   */
  private static final ExchangeCompletionListener WATCHED_ENDED =
      (exchange, next) -> {
        try {
          Http2DataStreamSinkChannel sink = sink(exchange);
          lookAtEnd(exchange, sink);
          unwatch(exchange, sink.getChannel());
        } finally {
          next.proceed();
        }
      };

  private static void lookAtEnd(HttpServerExchange exchange, Http2DataStreamSinkChannel sink) {
    if (reset(sink)) {
      Problems.responseNotTaken(
          exchange, "the HTTP/2 stream was reset before its response went out");
    }
  }

  /**
   * Removes the completed {@code exchange} from {@code channel}'s watch, on the connection's I/O
   * thread (handed to it from any other).
   */
  private static void unwatch(HttpServerExchange exchange, Http2Channel channel) {
    if (exchange.isInIoThread()) {
      unwatchInIoThread(exchange, channel);
    } else {
      exchange.getIoThread().execute(() -> unwatchInIoThread(exchange, channel));
    }
  }

  private static void unwatchInIoThread(HttpServerExchange exchange, Http2Channel channel) {
    Watch watch = channel.getAttachment(WATCH);
    if (watch != null) {
      watch.remove(exchange);
    }
  }

  /** On the connection's I/O thread: adds the exchange to its connection's watch. */
  private static void register(HttpServerExchange exchange) {
    if (exchange.isComplete()) {
      return;
    }
    Http2DataStreamSinkChannel sink = sink(exchange);
    if (reset(sink)) { // read before this registration
      gone(exchange, sink);
      return;
    }
    exchange.addExchangeCompleteListener(WATCHED_ENDED); // a reset no frame tells: Undertow's own
    Http2Channel channel = sink.getChannel();
    Watch watch = channel.getAttachment(WATCH);
    if (watch == null) {
      if (!(channel.getReceiveSetter() instanceof ChannelListener.SimpleSetter<Http2Channel> s)
          || s.get() == null) {
        return; // not the layout of Undertow 2.3, which sets its listener when the channel opens
      }
      watch = new Watch(s.get());
      channel.putAttachment(WATCH, watch);
      s.set(watch);
    }
    watch.add(exchange);
  }

  private static Http2DataStreamSinkChannel sink(HttpServerExchange exchange) {
    return (Http2DataStreamSinkChannel) SINK.get((Http2ServerConnection) exchange.getConnection());
  }

  private static boolean reset(Http2StreamSinkChannel sink) {
    return (boolean) RESET.getVolatile(sink);
  }

  /**
   * The stream of {@code exchange} was reset (by the client; also set when Undertow reset it, which
   * fails the write all the same): 499 and the DEBUG line, then the sink closed, which wakes the
   * response's writer.
   */
  private static void gone(HttpServerExchange exchange, Http2DataStreamSinkChannel sink) {
    Problems.responseNotTaken(
        exchange, "the HTTP/2 stream was reset before its response was written out");
    IoUtils.safeClose(sink);
    forget(sink);
  }

  /**
   * Removes the closed {@code sink} from its connection's frames held for window, where Undertow
   * would keep it (and its exchange) until the connection closes; nothing if it is not there (its
   * frame was not waiting for window) or the held frames cannot be read.
   */
  private static void forget(Http2DataStreamSinkChannel sink) {
    if (HELD == null || sink.isOpen()) {
      return;
    }
    Http2Channel channel = sink.getChannel();
    synchronized (channel) { // Undertow's lock for its frame queues (flushSenders)
      held(channel).remove(sink);
    }
  }

  /** The frames {@code channel} holds for flow-control window; guarded by the channel's lock. */
  private static Deque<?> held(Http2Channel channel) {
    return (Deque<?>) HELD.get((AbstractFramedChannel<?, ?, ?>) channel);
  }

  /**
   * The connection's receive listener: Undertow's own, then a look at the registered responses.
   * Confined to the connection's I/O thread.
   */
  private static final class Watch implements ChannelListener<Http2Channel> {
    private final ChannelListener<? super Http2Channel> next;
    private final ArrayList<HttpServerExchange> writing = new ArrayList<>(4);

    Watch(ChannelListener<? super Http2Channel> next) {
      this.next = next;
    }

    void add(HttpServerExchange exchange) {
      writing.add(exchange);
    }

    /** Removes {@code exchange}, if it is here (it completed: {@link #WATCHED_ENDED}). */
    void remove(HttpServerExchange exchange) {
      for (int i = writing.size() - 1; i >= 0; i--) {
        if (writing.get(i) == exchange) {
          remove(i);
          return;
        }
      }
    }

    @Override
    public void handleEvent(Http2Channel channel) {
      next.handleEvent(channel);
      ArrayList<HttpServerExchange> resets = null;
      for (int i = writing.size() - 1; i >= 0; i--) {
        HttpServerExchange exchange = writing.get(i);
        if (exchange.isComplete()) { // its removal handed over from another thread, still queued
          remove(i);
        } else if (reset(sink(exchange))) {
          remove(i);
          if (resets == null) {
            resets = new ArrayList<>(2);
          }
          resets.add(exchange);
        }
      }
      if (resets
          != null) { // after the walk: ending them runs WATCHED_ENDED, which changes the list
        for (HttpServerExchange exchange : resets) {
          gone(exchange, sink(exchange));
        }
      }
    }

    /** Removes entry {@code i} (order does not matter: the last one takes its place). */
    private void remove(int i) {
      int last = writing.size() - 1;
      writing.set(i, writing.get(last));
      writing.remove(last);
    }
  }
}
