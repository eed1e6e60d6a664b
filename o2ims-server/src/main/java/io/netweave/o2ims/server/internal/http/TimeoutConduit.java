package io.netweave.o2ims.server.internal.http;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.ReadTimeoutException;
import org.xnio.channels.WriteTimeoutException;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Both listeners' read, idle and write timeouts, with the guarantees of Undertow's read- and
 * write-timeout conduits at a fraction of their cost per request: a connection that the server
 * waits to read from (reads resumed, or a blocking read waiting) and that sends nothing is closed
 * after the read timeout while a request is in progress, after the idle timeout while none is
 * (before its first request, between requests; HTTP/2: no open stream); so is one whose pending
 * response makes no progress for the write timeout. None is closed earlier; each is closed at most
 * a quarter of the shorter of the read and write timeouts later.
 *
 * <p>Design note: Undertow's conduits look both limits up on every read and write and cancel their
 * timer whenever reads are suspended, i.e. once per request, to schedule it again at the next read:
 * two operations on the I/O thread's timer queue per request. Here the limits are fixed at accept
 * and a read or write that moves bytes only counts itself (a plain store: no clock read, no memory
 * fence). One timer per connection ({@link TimeoutTimer}), never cancelled per request, looks at
 * the counts every quarter of the shorter timeout and closes a connection past its limit. Blocking
 * reads and writes (worker threads) bound their own waits by the same limits ({@link
 * #awaitReadable}, {@link #awaitWritable}).
 *
 * <p>Three parts, one object each per connection: this one holds the connection's counts and flags,
 * and the hooks the server calls; {@link TimeoutSource} and {@link TimeoutSink}, the conduits
 * installed on the connection's channels, count the bytes they move into it (the per-request hot
 * path: a field load and a plain store per read or write, through a final class, nothing
 * allocated); {@link TimeoutTimer} reads them on the I/O thread.
 *
 * <p>Whether a request is in progress: an HTTP/1.x connection is idle from accept and again once an
 * exchange completes ({@link #exchangeCompleted}, from the server's completion listener), and busy
 * from the first bytes read after that or the next exchange's start ({@link #exchangeStarted}, for
 * a pipelined request parsed from bytes already read): each a plain store, only when the state
 * changes, so two per request. An HTTP/2 connection is busy while it has open streams, which the
 * timer reads from Undertow at each look ({@link Http2Streams}), nothing per request.
 *
 * <p>The source is also where an HTTP/1.x chunked body's framing is checked ahead of Undertow's
 * decoder while a worker reads that body ({@link #readingBody}, {@link ChunkedBodyCheck}): one null
 * check per read otherwise.
 *
 * <p>Lifecycle: installed by {@link #install} on a connection just accepted (a TLS connection's
 * {@code SslConnection}, so above the SSL conduit), before Undertow sees it; the timer stops once
 * the connection is closed. Thread-safe.
 */
final class TimeoutConduit {
  private static final VarHandle READS;
  private static final VarHandle WRITES;
  private static final VarHandle READ_WAITING;
  private static final VarHandle WRITE_WAITING;
  private static final VarHandle IDLE;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      READS = lookup.findVarHandle(TimeoutConduit.class, "reads", long.class);
      WRITES = lookup.findVarHandle(TimeoutConduit.class, "writes", long.class);
      READ_WAITING = lookup.findVarHandle(TimeoutConduit.class, "readWaiting", boolean.class);
      WRITE_WAITING = lookup.findVarHandle(TimeoutConduit.class, "writeWaiting", boolean.class);
      IDLE = lookup.findVarHandle(TimeoutConduit.class, "idle", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final StreamConnection connection;
  final long readMillis;
  final long writeMillis;

  // Written by whichever thread reads, writes, resumes or suspends (opaque or release: no fence
  // per request); read by the timer and by blocking waits. A count only has to change when bytes
  // move: two threads counting at once may count one instead of two, never none.
  @SuppressWarnings("unused") // through READS
  private long reads;

  @SuppressWarnings("unused") // through WRITES
  private long writes;

  @SuppressWarnings("unused") // through READ_WAITING
  private boolean readWaiting;

  @SuppressWarnings("unused") // through WRITE_WAITING
  private boolean writeWaiting;

  // HTTP/1.x: no request in progress. Written (opaque: a plain store, no ordering; only when it
  // changes, except at completion) by the first read of a request, and by whichever thread starts
  // or completes an exchange: one exchange at a time, each handed over by Undertow, so two threads
  // never race on it. Read by the timer, which only needs the flag itself.
  @SuppressWarnings("unused") // through IDLE
  private boolean idle = true;

  // HTTP/1.x: the exchange whose request body is being received, else null. Written by the
  // receiver (the handler's thread, then the I/O thread) and read by the timer (I/O thread).
  private volatile HttpServerExchange bodyReader;

  // HTTP/1.x: the framing check of the chunked body being received, else null. Written by
  // readingBody before the body's first read (the handler's thread, which hands the reads on to the
  // I/O thread by resuming them) and read by the source conduit's reads (a field, not a method, for
  // the source's read: one load, as when the source was an inner class).
  ChunkedBodyCheck chunks;

  private TimeoutConduit(StreamConnection connection, long readMillis, long writeMillis) {
    this.connection = connection;
    this.readMillis = readMillis;
    this.writeMillis = writeMillis;
  }

  /**
   * Wraps the connection's channels; limits in milliseconds, all positive, the idle one no shorter
   * than the read one.
   */
  static void install(
      StreamConnection connection, long readMillis, long idleMillis, long writeMillis) {
    if (readMillis <= 0 || writeMillis <= 0 || idleMillis < readMillis) {
      throw new IllegalArgumentException(
          "timeouts must be positive and the idle one no shorter than the read one");
    }
    TimeoutConduit timeouts = new TimeoutConduit(connection, readMillis, writeMillis);
    connection
        .getSourceChannel()
        .setConduit(new TimeoutSource(connection.getSourceChannel().getConduit(), timeouts));
    connection
        .getSinkChannel()
        .setConduit(new TimeoutSink(connection.getSinkChannel().getConduit(), timeouts));
    TimeoutTimer timer =
        new TimeoutTimer(connection, timeouts, readMillis, idleMillis, writeMillis);
    connection.getIoThread().execute(timer::arm);
  }

  /**
   * An exchange starts on {@code connection} (the server's outer handler): busy, if the first bytes
   * read did not already say so (a pipelined request parsed from bytes read with the one before).
   */
  static void exchangeStarted(ServerConnection connection) {
    TimeoutConduit timeouts = of(connection);
    if (timeouts != null && (boolean) IDLE.getOpaque(timeouts)) {
      IDLE.setOpaque(timeouts, false);
    }
  }

  /** An exchange on {@code connection} completed (the server's completion listener): idle. */
  static void exchangeCompleted(ServerConnection connection) {
    TimeoutConduit timeouts = of(connection);
    if (timeouts != null) {
      IDLE.setOpaque(timeouts, true);
    }
  }

  /**
   * The gateway starts ({@code reading}) or ends receiving {@code exchange}'s request body ({@link
   * BodyReceiver}). On HTTP/1.x, if the read timeout closes the connection meanwhile, the exchange
   * is given status 408 (Request Timeout) first ({@link #readTimedOut}, from the timer): the close
   * completes the exchange at once, and its access and audit lines and metrics record the status it
   * has then (else the default 200). Nothing on HTTP/2, whose read timeout closes the connection
   * from the timer, which marks it ({@link Http2Streams#readTimingOut}) for {@link
   * BodyNotReceived#of} to see.
   *
   * <p>{@code chunks}, when not null (an HTTP/1.x chunked body), sees every byte the reads bring
   * before Undertow's chunked decoder does and holds back those it refuses; the source's reads then
   * bring nothing (the receiver sees the refusal) and a wait throws {@link
   * ChunkedBodyCheck.Refused} instead of waiting. A check that refused stays after the read, until
   * the connection closes (its answer closes it), so that Undertow's decoder never reads the
   * refused bytes, not even when the exchange's end drains the body.
   */
  static void readingBody(HttpServerExchange exchange, boolean reading, ChunkedBodyCheck chunks) {
    TimeoutConduit timeouts = of(exchange.getConnection());
    if (timeouts != null) {
      timeouts.bodyReader = reading ? exchange : null;
      timeouts.chunks = reading || (chunks != null && chunks.refused()) ? chunks : null;
    }
  }

  /** The read timeout ended a request: a body being received is recorded as 408. */
  void readTimedOut() {
    HttpServerExchange exchange = bodyReader;
    if (exchange != null && !exchange.isResponseStarted()) {
      exchange.setStatusCode(BodyNotReceived.REQUEST_TIMEOUT);
    }
  }

  /**
   * The timeouts of an HTTP/1.x connection: the conduit Undertow's connection found on its channel
   * when it was created (the source installed at accept). Null for HTTP/2 (its streams are counted
   * at each look instead) and for a connection without them.
   */
  private static TimeoutConduit of(ServerConnection connection) {
    return connection instanceof AbstractServerConnection http1
            && http1.getOriginalSourceConduit() instanceof TimeoutSource source
        ? source.timeouts
        : null;
  }

  // One method per field, each naming its VarHandle: C2 folds a VarHandle access to a plain load or
  // store only where the handle is a constant, and a helper taking the handle as an argument was
  // compiled on its own (its guards showed in the profiles, about 0.4 µs per request).

  /** Starting to wait for bytes restarts the read idle time, as bytes do. */
  void readWaiting(boolean waiting) {
    if ((boolean) READ_WAITING.getOpaque(this) != waiting) {
      if (waiting) {
        READS.setOpaque(this, (long) READS.getOpaque(this) + 1);
      }
      READ_WAITING.setRelease(this, waiting);
    }
  }

  /** Starting to wait for room restarts the write idle time, as bytes do. */
  void writeWaiting(boolean waiting) {
    if ((boolean) WRITE_WAITING.getOpaque(this) != waiting) {
      if (waiting) {
        WRITES.setOpaque(this, (long) WRITES.getOpaque(this) + 1);
      }
      WRITE_WAITING.setRelease(this, waiting);
    }
  }

  /** Counts a read that moved bytes; the first after an exchange completed starts a request. */
  long read(long n) {
    if (n > 0) {
      READS.setOpaque(this, (long) READS.getOpaque(this) + 1);
      if ((boolean) IDLE.getOpaque(this)) {
        IDLE.setOpaque(this, false);
      }
    }
    return n;
  }

  /** Counts a write that moved bytes. */
  long wrote(long n) {
    if (n > 0) {
      WRITES.setOpaque(this, (long) WRITES.getOpaque(this) + 1);
    }
    return n;
  }

  // What the timer reads (I/O thread).

  long readCount() {
    return (long) READS.getOpaque(this);
  }

  long writeCount() {
    return (long) WRITES.getOpaque(this);
  }

  boolean waitingToRead() {
    return (boolean) READ_WAITING.getAcquire(this);
  }

  boolean waitingToWrite() {
    return (boolean) WRITE_WAITING.getAcquire(this);
  }

  /** HTTP/1.x: no request in progress. */
  boolean idle() {
    return (boolean) IDLE.getOpaque(this);
  }

  /**
   * A blocking read's wait (worker thread) on {@code next}: at most the read limit; if it waited
   * the whole limit without a byte read, records a body being read as 408 ({@link #readTimedOut}),
   * closes the connection and throws.
   */
  void awaitReadable(StreamSourceConduit next, long time, TimeUnit unit) throws IOException {
    long before = readCount();
    long start = System.currentTimeMillis();
    next.awaitReadable(Math.min(unit.toMillis(time), readMillis), TimeUnit.MILLISECONDS);
    if (readCount() == before && System.currentTimeMillis() - start >= readMillis) {
      readTimedOut();
      IoUtils.safeClose(connection);
      throw new ReadTimeoutException("no bytes for " + readMillis + " ms");
    }
  }

  /**
   * A blocking write's wait (worker thread) on {@code next}: at most the write limit; if it waited
   * the whole limit without a byte written, closes the connection and throws.
   */
  void awaitWritable(StreamSinkConduit next, long time, TimeUnit unit) throws IOException {
    long before = writeCount();
    long start = System.currentTimeMillis();
    next.awaitWritable(Math.min(unit.toMillis(time), writeMillis), TimeUnit.MILLISECONDS);
    if (writeCount() == before && System.currentTimeMillis() - start >= writeMillis) {
      IoUtils.safeClose(connection);
      throw new WriteTimeoutException("no progress for " + writeMillis + " ms");
    }
  }
}
