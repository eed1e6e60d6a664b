package io.netweave.o2ims.server.internal.http;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.ChannelListener;
import org.xnio.channels.ReadTimeoutException;
import org.xnio.channels.StreamSourceChannel;

/**
 * Receives a request body whole with non-blocking reads, on the I/O thread while the client sends
 * it, and only then hands it to the request's work on a worker thread ({@link Dispatcher}): a
 * client that trickles its body costs the bytes received so far, never a worker thread.
 *
 * <p>Design note: before, a body was read with blocking IO on a worker thread, which waited for as
 * long as the client took (the read timeout only ends a read without progress), so worker threads
 * had to be rationed among bodies (permits per client and in total, and a grace for an HTTP/2
 * stream's DATA to follow its HEADERS), and several client identities could still fill the share.
 * Here the body's reads are the request channel's own: what has arrived is read at once (on the
 * handler's thread), the rest by a read listener as it comes (I/O thread), and the connection's
 * {@link TimeoutConduit} counts those reads as it counted the blocking ones, so a body that stalls
 * for the read timeout has its connection closed ({@code 408} recorded), one that trickles is
 * received at the client's pace. The limits are the ones the blocking reader kept: at most {@code
 * server.max_body_bytes} (one byte more is read to tell a body past it, answered 413: for an HTTP/2
 * stream without content-length {@link Http2BodyLimit} ends the body there; an HTTP/1.1 chunked
 * body's framing is checked ahead of Undertow's decoder by {@link ChunkedBodyCheck}, whose refusal
 * is seen here as a read of nothing with the check refused).
 *
 * <p>Memory: a body's buffer starts at its declared length up to 4 KiB (1 KiB without one), grows
 * by doubling as bytes arrive, and is counted against the bytes all bodies being received may hold
 * at once ({@link #receivingBound}, 64 times the body limit: 64 MiB by default) while it is
 * received; a body whose buffer would pass that bound is refused with 503 and {@code Retry-After:
 * 1}, its body left unread (an HTTP/1.1 connection closes after the answer, an HTTP/2 stream is
 * reset with NO_ERROR after it). Past its first buffer, a client holds the bound only with bytes it
 * sent. Thread-safe; one {@code Reception} per body, used by one thread at a time (the handler's,
 * then the I/O thread's read listener, then the worker that gets the bytes).
 */
final class BodyReceiver {
  /** The request's work once its body is in hand (a worker thread). */
  @FunctionalInterface
  interface BodyWork {
    void run(byte[] body) throws Exception;
  }

  /** The first buffer of a body without a declared length. */
  private static final int FIRST_CAPACITY = 1024;

  /**
   * The largest first buffer of a body with a declared length: a client holds more of the bound
   * only with bytes it sent.
   */
  private static final int FIRST_DECLARED_CAPACITY = 4096;

  private final long maxBodyBytes;
  private final long maxReceivingBytes;
  private final AtomicLong receiving = new AtomicLong();

  /**
   * @param maxBodyBytes {@code server.max_body_bytes}
   * @param maxReceivingBytes the bytes all bodies being received may hold at once
   */
  BodyReceiver(long maxBodyBytes, long maxReceivingBytes) {
    if (maxBodyBytes < 1 || maxReceivingBytes < 1) {
      throw new IllegalArgumentException(
          "limits must be positive: " + maxBodyBytes + ", " + maxReceivingBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.maxReceivingBytes = maxReceivingBytes;
  }

  /** The bound on the bytes of all bodies being received at once: 64 bodies at the limit. */
  static long receivingBound(long maxBodyBytes) {
    return maxBodyBytes > Long.MAX_VALUE / 64 ? Long.MAX_VALUE : maxBodyBytes * 64;
  }

  /** The bytes the bodies being received hold now (their buffers). */
  long receivingBytes() {
    return receiving.get();
  }

  /**
   * Receives {@code exchange}'s body, then runs {@code work} with it through {@code dispatcher}; a
   * failure is thrown from there instead, for {@link Problems} to answer or record: an {@link
   * HttpProblem} (413 past the limit, 400/413 for chunked framing refused, 503 past the receiving
   * bound: each closes the connection after the answer, or resets the HTTP/2 stream) or a {@link
   * BodyNotReceived} (the client went away, or stalled past the read timeout). Call on the thread
   * that runs the request's handler, before anything else reads the body.
   */
  void receive(HttpServerExchange exchange, Dispatcher dispatcher, BodyWork work) {
    new Reception(exchange, dispatcher, work).start();
  }

  private final class Reception implements ChannelListener<StreamSourceChannel> {
    private final HttpServerExchange exchange;
    private final Dispatcher dispatcher;
    private final BodyWork work;
    private final long declared;
    private final int cap; // the limit plus one byte: what tells a body past the limit
    private ChunkedBodyCheck chunks;
    private StreamSourceChannel channel;
    private byte[] body;
    private int size;
    private long reserved;
    private boolean released;
    private volatile boolean over;
    private boolean reading; // guarded by this

    Reception(HttpServerExchange exchange, Dispatcher dispatcher, BodyWork work) {
      this.exchange = exchange;
      this.dispatcher = dispatcher;
      this.work = work;
      this.declared = exchange.getRequestContentLength();
      this.cap = (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1);
    }

    void start() {
      // An HTTP/1.x connection closed under the receipt (by the client, or by the read timeout,
      // which recorded 408 first) completes the exchange without a read that fails: the receipt
      // fails from here, and its buffer is given back however the exchange ends.
      exchange.addExchangeCompleteListener(
          (done, next) -> {
            try {
              if (!over) {
                fail(
                    done.getStatusCode() == BodyNotReceived.REQUEST_TIMEOUT
                        ? new ReadTimeoutException("the read timeout closed the connection")
                        : new ClosedChannelException());
              }
            } finally {
              release();
              next.proceed();
            }
          });
      chunks = ChunkedBodyCheck.start(exchange, maxBodyBytes);
      TimeoutConduit.readingBody(exchange, true, chunks);
      try {
        if (chunks != null && chunks.refused()) { // in the bytes read with the headers
          throw refused();
        }
        channel = exchange.getRequestChannel();
        if (channel == null) {
          throw new IllegalStateException("the request body was taken before the receiver");
        }
        // An HTTP/2 stream reset by the client, or whose connection closed (by the client, or by
        // the read timeout), closes its source without calling its read listener.
        Http2BodyLimit.whenSourceCloses(exchange, this::sourceClosed);
        if (HttpContinue.requiresContinueResponse(exchange)) {
          // The client waits for "100 Continue" before it sends the body (RFC 9110, section
          // 10.1.1; curl gives up waiting after a second): the refusals that need no body (404,
          // 415, a declared length past the limit) were answered before the receipt started.
          HttpContinue.sendContinueResponse(
              exchange,
              new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                  readOrWait();
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                  fail(e);
                }
              });
          return;
        }
        readOrWait();
      } catch (Exception e) {
        fail(e);
      }
    }

    /** Reads what has arrived, and has the read listener take the rest as it comes. */
    private void readOrWait() {
      try {
        if (!readArrived()) {
          channel.getReadSetter().set(this);
          channel.resumeReads();
        }
      } catch (Exception e) {
        fail(e);
      }
    }

    @Override
    public void handleEvent(StreamSourceChannel source) {
      try {
        if (readArrived()) {
          source.suspendReads();
        }
      } catch (Exception e) {
        source.suspendReads();
        fail(e);
      }
    }

    /**
     * The HTTP/2 stream's source closed. Within a read of this receipt (the read of its end closes
     * it), that read sees the end; else the client reset the stream or its connection closed.
     */
    private void sourceClosed() {
      synchronized (this) {
        if (over || reading) {
          return;
        }
      }
      fail(new ClosedChannelException());
    }

    /** Reads what has arrived; true once the body is complete and handed on, false to wait. */
    private synchronized boolean readArrived() throws IOException {
      if (over) {
        return true;
      }
      reading = true;
      try {
        return readMore();
      } finally {
        reading = false;
      }
    }

    private boolean readMore() throws IOException {
      while (true) {
        if (body == null) {
          grow(
              (int)
                  Math.min(
                      cap,
                      declared >= 0
                          ? Math.max(1, Math.min(declared, FIRST_DECLARED_CAPACITY))
                          : FIRST_CAPACITY));
        }
        int n;
        if (size < body.length) {
          n = channel.read(ByteBuffer.wrap(body, size, body.length - size));
        } else {
          // full: one byte tells the end (-1, as the declared length makes likely) from more
          ByteBuffer one = ByteBuffer.allocate(1);
          n = channel.read(one);
          if (n > 0) {
            if (size >= cap) {
              throw tooLarge();
            }
            grow((int) Math.min(cap, (long) body.length * 2));
            body[size] = one.get(0);
          }
        }
        if (n < 0) {
          complete();
          return true;
        } else if (n == 0) {
          if (chunks != null && chunks.refused()) {
            throw refused();
          }
          return false;
        }
        size += n;
        if (size > maxBodyBytes) {
          throw tooLarge();
        }
      }
    }

    /** A buffer of {@code capacity} bytes holding what was received, counted in the bound. */
    private synchronized void grow(int capacity) throws IOException {
      if (released) {
        throw new IOException("the exchange ended during its body");
      }
      long more = capacity - (body == null ? 0 : body.length);
      long now = receiving.addAndGet(more);
      if (now > maxReceivingBytes) {
        receiving.addAndGet(-more);
        throw unavailable();
      }
      reserved += more;
      body = body == null ? new byte[capacity] : Arrays.copyOf(body, capacity);
    }

    private void complete() {
      if (!end()) {
        return;
      }
      if (size < declared) {
        // HTTP/1.x throws instead (Undertow's fixed-length conduit); an HTTP/2 stream may read its
        // reset, or its connection's close, as the end of its body
        fail(BodyNotReceived.cut(exchange, size, declared));
        return;
      }
      byte[] bytes = size == body.length ? body : Arrays.copyOf(body, size);
      dispatcher.dispatch(exchange, () -> work.run(bytes));
    }

    private void fail(Exception e) {
      if (!end()) {
        return;
      }
      RuntimeException failure;
      if (e instanceof RequestTooBigException) { // Undertow's own limit, set one byte above ours
        failure = tooLarge();
      } else if (e instanceof IOException read) {
        failure =
            chunks != null && chunks.refused() ? refused() : BodyNotReceived.of(exchange, read);
      } else {
        failure = (RuntimeException) e;
      }
      dispatcher.dispatch(
          exchange,
          () -> {
            throw failure;
          });
    }

    /**
     * The receipt is over: the timeouts forget the body, its count is given back. False if it was
     * over already (the exchange's completion and the last read may race).
     */
    private boolean end() {
      boolean first;
      synchronized (this) {
        first = !over;
        over = true;
      }
      if (first) {
        TimeoutConduit.readingBody(exchange, false, chunks);
        if (channel != null) {
          channel.getReadSetter().set(null);
        }
      }
      release();
      return first;
    }

    private synchronized void release() {
      released = true;
      if (reserved > 0) {
        receiving.addAndGet(-reserved);
        reserved = 0;
      }
    }

    /**
     * The answer to a chunked body {@code chunks} refused: the rest of the body is never read, so
     * the connection closes after it (as Undertow's own 400s on request framing do).
     */
    private HttpProblem refused() {
      exchange.setPersistent(false);
      return chunks.status() == 413
          ? tooLarge()
          : new HttpProblem(400, "Bad Request", chunks.detail(), Map.of());
    }

    /** Past the receiving bound: the body is left unread. */
    private HttpProblem unavailable() {
      if (exchange.getConnection() instanceof Http2ServerConnection) {
        Http2BodyLimit.refuseBody(exchange);
      } else {
        exchange.setPersistent(false);
      }
      return new HttpProblem(
          503,
          "Service Unavailable",
          "the gateway holds "
              + maxReceivingBytes
              + " bytes of request bodies being received already; retry later",
          Map.of("Retry-After", "1"));
    }

    private HttpProblem tooLarge() {
      return Requests.tooLarge(maxBodyBytes);
    }
  }
}
