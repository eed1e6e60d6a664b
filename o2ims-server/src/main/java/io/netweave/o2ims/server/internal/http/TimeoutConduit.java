package io.netweave.o2ims.server.internal.http;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.ReadTimeoutException;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.channels.WriteTimeoutException;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.AbstractStreamSourceConduit;
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
 * fence). One timer per connection, never cancelled per request, looks at the counts every quarter
 * of the shorter timeout: a direction that moved, or that the server was not waiting on, since the
 * last look restarts its idle time at this look (so the idle time it measures is never longer than
 * the real one); one the server has waited on without a byte for its timeout is closed. The timer
 * runs on the connection's I/O thread; blocking reads and writes (worker threads) bound their own
 * waits by the same limits.
 *
 * <p>Whether a request is in progress: an HTTP/1.x connection is idle from accept and again once an
 * exchange completes ({@link #exchangeCompleted}, from the server's completion listener), and busy
 * from the first bytes read after that or the next exchange's start ({@link #exchangeStarted}, for
 * a pipelined request parsed from bytes already read): each a plain store, only when the state
 * changes, so two per request. An HTTP/2 connection is busy while it has open streams, which the
 * timer reads from Undertow at each look ({@link Http2Streams}), nothing per request. A look that
 * finds the state changed since the last one restarts the read idle time, so a connection that has
 * just become idle gets the whole idle timeout.
 *
 * <p>Its source is also where an HTTP/1.x chunked body's framing is checked ahead of Undertow's
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
  private final long readMillis;
  private final long idleMillis;
  private final long writeMillis;
  private final long checkMillis;

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

  // HTTP/1.x: the exchange whose request body a worker is reading with blocking IO, else null.
  // Written and read by that worker only (readingBody, then awaitBounded on the same thread).
  private HttpServerExchange bodyReader;

  // HTTP/1.x: the framing check of the chunked body that worker reads, else null. Written by
  // readingBody and read by the source conduit's reads and waits, all on that worker's thread.
  private ChunkedBodyCheck chunks;

  // The timer's own state: I/O thread only.
  private boolean busyAtLastLook;
  private Idle readIdle;
  private Idle writeIdle;
  private XnioExecutor.Key timer;
  private final Runnable check = this::check;

  private TimeoutConduit(
      StreamConnection connection, long readMillis, long idleMillis, long writeMillis) {
    this.connection = connection;
    this.readMillis = readMillis;
    this.idleMillis = idleMillis;
    this.writeMillis = writeMillis;
    this.checkMillis = Math.max(1, Math.min(readMillis, writeMillis) / 4);
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
    TimeoutConduit timeouts = new TimeoutConduit(connection, readMillis, idleMillis, writeMillis);
    connection
        .getSourceChannel()
        .setConduit(timeouts.new Source(connection.getSourceChannel().getConduit()));
    connection
        .getSinkChannel()
        .setConduit(timeouts.new Sink(connection.getSinkChannel().getConduit()));
    connection.getIoThread().execute(timeouts::arm);
  }

  private void arm() {
    if (timer == null && connection.isOpen()) {
      long now = System.currentTimeMillis();
      readIdle = new Idle(now);
      writeIdle = new Idle(now);
      timer = connection.getIoThread().executeAfter(check, checkMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** On the I/O thread: closes the connection past a deadline, else looks again later. */
  private void check() {
    timer = null;
    if (!connection.isOpen()) {
      return;
    }
    long now = System.currentTimeMillis();
    boolean busy = requestInProgress();
    if (busy != busyAtLastLook) {
      busyAtLastLook = busy;
      readIdle.restart(now);
    }
    boolean readExpired =
        readIdle.exceeded(
            (long) READS.getOpaque(this),
            (boolean) READ_WAITING.getAcquire(this),
            now,
            busy ? readMillis : idleMillis);
    if (readExpired
        || writeIdle.exceeded(
            (long) WRITES.getOpaque(this),
            (boolean) WRITE_WAITING.getAcquire(this),
            now,
            writeMillis)) {
      if (readExpired && busy) {
        Http2Streams.readTimingOut(connection); // HTTP/2: its streams' body reads record 408
      }
      expire();
      return;
    }
    timer = connection.getIoThread().executeAfter(check, checkMillis, TimeUnit.MILLISECONDS);
  }

  /** Whether a request is in progress: HTTP/2, open streams; HTTP/1.x, the idle flag. */
  private boolean requestInProgress() {
    int streams = Http2Streams.open(connection);
    return streams >= 0 ? streams > 0 : !(boolean) IDLE.getOpaque(this);
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
   * A worker thread starts ({@code reading}) or ends a blocking read of {@code exchange}'s request
   * body. On HTTP/1.x, if that read times out, the exchange is given status 408 (Request Timeout)
   * before the connection is closed: the close completes the exchange at once, on the reading
   * thread, and its access and audit lines and metrics record the status it has then (else the
   * default 200). Nothing on HTTP/2, whose read timeout closes the connection from the timer, which
   * marks it ({@link Http2Streams#readTimingOut}) for {@link BodyNotReceived#of} to see.
   *
   * <p>{@code chunks}, when not null (an HTTP/1.x chunked body), sees every byte the reads bring
   * before Undertow's chunked decoder does and holds back those it refuses; the source's next wait
   * then throws {@link ChunkedBodyCheck.Refused} instead of waiting. A check that refused stays
   * after the read, until the connection closes (its answer closes it), so that Undertow's decoder
   * never reads the refused bytes, not even when the exchange's end drains the body.
   */
  static void readingBody(HttpServerExchange exchange, boolean reading, ChunkedBodyCheck chunks) {
    TimeoutConduit timeouts = of(exchange.getConnection());
    if (timeouts != null) {
      timeouts.bodyReader = reading ? exchange : null;
      timeouts.chunks = reading || (chunks != null && chunks.refused()) ? chunks : null;
    }
  }

  /**
   * A read into {@code dst} while a chunked body is checked: the bytes {@code check} passes; none
   * once it refused one (the body reader's wait then throws).
   */
  private int checkedRead(StreamSourceConduit next, ChunkedBodyCheck check, ByteBuffer dst)
      throws IOException {
    if (check.refused()) {
      return 0;
    }
    int start = dst.position();
    int n = next.read(dst);
    if (n > 0) {
      int passed = check.pass(dst, start, start + n);
      if (passed < start + n) {
        dst.position(passed);
        n = passed - start;
      }
    }
    return n;
  }

  /** A blocking read timed out: a body being read is recorded as 408 (see {@link #readingBody}). */
  private void readTimedOut() {
    HttpServerExchange exchange = bodyReader;
    if (exchange != null && !exchange.isResponseStarted()) {
      exchange.setStatusCode(BodyNotReceived.REQUEST_TIMEOUT);
    }
  }

  /**
   * The timeouts of an HTTP/1.x connection: the conduit Undertow's connection found on its channel
   * when it was created (this one, installed at accept). Null for HTTP/2 (its streams are counted
   * at each look instead) and for a connection without them.
   */
  private static TimeoutConduit of(ServerConnection connection) {
    return connection instanceof AbstractServerConnection http1
            && http1.getOriginalSourceConduit() instanceof Source source
        ? source.timeouts()
        : null;
  }

  /** One direction's idle time as the timer sees it (I/O thread only). */
  private static final class Idle {
    private long seen;
    private long since;

    Idle(long now) {
      since = now;
    }

    /** Counts the idle time from {@code now} on. */
    void restart(long now) {
      since = now;
    }

    /**
     * Whether the direction, waited on and without a byte since the last look, has now been so for
     * {@code limit}; a count that moved, or a direction not waited on, restarts its idle time now.
     */
    boolean exceeded(long count, boolean waiting, long now, long limit) {
      if (count != seen || !waiting) {
        seen = count;
        since = now;
        return false;
      }
      return now - since >= limit;
    }
  }

  /**
   * Closes the connection and lets the listeners waiting on it see the close (as Undertow does).
   */
  private void expire() {
    IoUtils.safeClose(connection);
    if (connection.getSourceChannel().isReadResumed()) {
      ChannelListeners.invokeChannelListener(
          connection.getSourceChannel(), connection.getSourceChannel().getReadListener());
    }
    if (connection.getSinkChannel().isWriteResumed()) {
      ChannelListeners.invokeChannelListener(
          connection.getSinkChannel(), connection.getSinkChannel().getWriteListener());
    }
  }

  // One method per field, each naming its VarHandle: C2 folds a VarHandle access to a plain load or
  // store only where the handle is a constant, and a helper taking the handle as an argument was
  // compiled on its own (its guards showed in the profiles, about 0.4 µs per request).

  /** Starting to wait for bytes restarts the read idle time, as bytes do. */
  private void readWaiting(boolean waiting) {
    if ((boolean) READ_WAITING.getOpaque(this) != waiting) {
      if (waiting) {
        READS.setOpaque(this, (long) READS.getOpaque(this) + 1);
      }
      READ_WAITING.setRelease(this, waiting);
    }
  }

  /** Starting to wait for room restarts the write idle time, as bytes do. */
  private void writeWaiting(boolean waiting) {
    if ((boolean) WRITE_WAITING.getOpaque(this) != waiting) {
      if (waiting) {
        WRITES.setOpaque(this, (long) WRITES.getOpaque(this) + 1);
      }
      WRITE_WAITING.setRelease(this, waiting);
    }
  }

  /** Counts a read that moved bytes; the first after an exchange completed starts a request. */
  private long read(long n) {
    if (n > 0) {
      READS.setOpaque(this, (long) READS.getOpaque(this) + 1);
      if ((boolean) IDLE.getOpaque(this)) {
        IDLE.setOpaque(this, false);
      }
    }
    return n;
  }

  private long wrote(long n) {
    if (n > 0) {
      WRITES.setOpaque(this, (long) WRITES.getOpaque(this) + 1);
    }
    return n;
  }

  /**
   * A blocking wait (worker thread) for bytes or room: at most {@code limit}; runs {@code expired},
   * closes the connection and throws if it waited the whole limit without a byte moving.
   */
  private void awaitBounded(
      VarHandle count,
      long limit,
      long time,
      TimeUnit unit,
      Await await,
      Runnable expired,
      java.util.function.Supplier<IOException> timedOut)
      throws IOException {
    long before = (long) count.getOpaque(this);
    long start = System.currentTimeMillis();
    await.await(Math.min(unit.toMillis(time), limit));
    if ((long) count.getOpaque(this) == before && System.currentTimeMillis() - start >= limit) {
      expired.run();
      IoUtils.safeClose(connection);
      throw timedOut.get();
    }
  }

  @FunctionalInterface
  private interface Await {
    void await(long millis) throws IOException;
  }

  private final class Source extends AbstractStreamSourceConduit<StreamSourceConduit> {
    Source(StreamSourceConduit next) {
      super(next);
    }

    TimeoutConduit timeouts() {
      return TimeoutConduit.this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      ChunkedBodyCheck check = chunks;
      return (int)
          TimeoutConduit.this.read(check == null ? next.read(dst) : checkedRead(next, check, dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
      if (chunks != null) { // one buffer at a time, as Undertow's chunked decoder reads
        for (int i = offs; i < offs + len; i++) {
          if (dsts[i].hasRemaining()) {
            return read(dsts[i]);
          }
        }
        return 0;
      }
      return TimeoutConduit.this.read(next.read(dsts, offs, len));
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
      return TimeoutConduit.this.read(next.transferTo(position, count, target));
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
        throws IOException {
      return TimeoutConduit.this.read(next.transferTo(count, throughBuffer, target));
    }

    @Override
    public void resumeReads() {
      readWaiting(true);
      next.resumeReads();
    }

    @Override
    public void wakeupReads() {
      readWaiting(true);
      next.wakeupReads();
    }

    @Override
    public void suspendReads() {
      readWaiting(false);
      next.suspendReads();
    }

    @Override
    public void awaitReadable() throws IOException {
      awaitReadable(readMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitReadable(long time, TimeUnit unit) throws IOException {
      ChunkedBodyCheck check = chunks;
      if (check != null && check.refused()) {
        throw check.failure(); // not through Undertow's decoder, which would close the connection
      }
      awaitBounded(
          READS,
          readMillis,
          time,
          unit,
          millis -> next.awaitReadable(millis, TimeUnit.MILLISECONDS),
          TimeoutConduit.this::readTimedOut,
          () -> new ReadTimeoutException("no bytes for " + readMillis + " ms"));
    }
  }

  private final class Sink extends AbstractStreamSinkConduit<StreamSinkConduit> {
    Sink(StreamSinkConduit next) {
      super(next);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) wrote(next.write(src));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
      return wrote(next.write(srcs, offs, len));
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
      return (int) wrote(next.writeFinal(src));
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
      return wrote(next.writeFinal(srcs, offs, len));
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
      return wrote(next.transferFrom(src, position, count));
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
        throws IOException {
      return wrote(next.transferFrom(source, count, throughBuffer));
    }

    @Override
    public void resumeWrites() {
      writeWaiting(true);
      next.resumeWrites();
    }

    @Override
    public void wakeupWrites() {
      writeWaiting(true);
      next.wakeupWrites();
    }

    @Override
    public void suspendWrites() {
      writeWaiting(false);
      next.suspendWrites();
    }

    @Override
    public void awaitWritable() throws IOException {
      awaitWritable(writeMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitWritable(long time, TimeUnit unit) throws IOException {
      awaitBounded(
          WRITES,
          writeMillis,
          time,
          unit,
          millis -> next.awaitWritable(millis, TimeUnit.MILLISECONDS),
          () -> {},
          () -> new WriteTimeoutException("no progress for " + writeMillis + " ms"));
    }
  }
}
