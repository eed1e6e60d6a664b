package io.netweave.o2ims.server.internal.http;

import java.io.IOException;
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
 * Both listeners' read and write timeouts, with the guarantees of Undertow's read- and
 * write-timeout conduits at a fraction of their cost per request: a connection that the server
 * waits to read from (reads resumed, or a blocking read waiting) and that sends nothing for the
 * read timeout is closed; so is one whose pending response makes no progress for the write timeout.
 *
 * <p>Design note: Undertow's conduits look both limits up on every read and write and cancel their
 * timer whenever reads are suspended, i.e. once per request, to schedule it again at the next read:
 * two operations on the I/O thread's timer queue per request. Here the limits are fixed at accept,
 * every read or write that moves bytes stores the time, and one timer per connection checks the
 * deadlines: it is re-armed for the earliest one when it fires (at most once per timeout while the
 * connection lives), never cancelled per request. The timer runs on the connection's I/O thread;
 * the state it reads is volatile because blocking reads and writes happen on worker threads.
 *
 * <p>Lifecycle: installed by {@link #install} on a connection just accepted (a TLS connection's
 * {@code SslConnection}, so above the SSL conduit), before Undertow sees it; the timer stops once
 * the connection is closed. Thread-safe.
 */
final class TimeoutConduit {
  private final StreamConnection connection;
  private final long readMillis;
  private final long writeMillis;
  private volatile boolean readWaiting;
  private volatile boolean writeWaiting;
  private volatile long lastRead;
  private volatile long lastWrite;
  private XnioExecutor.Key timer; // I/O thread only, once installed
  private final Runnable check = this::check;

  private TimeoutConduit(StreamConnection connection, long readMillis, long writeMillis) {
    this.connection = connection;
    this.readMillis = readMillis;
    this.writeMillis = writeMillis;
    long now = System.currentTimeMillis();
    this.lastRead = now;
    this.lastWrite = now;
  }

  /** Wraps the connection's channels; limits in milliseconds, both positive. */
  static void install(StreamConnection connection, long readMillis, long writeMillis) {
    if (readMillis <= 0 || writeMillis <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    TimeoutConduit timeouts = new TimeoutConduit(connection, readMillis, writeMillis);
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
      timer =
          connection
              .getIoThread()
              .executeAfter(check, Math.min(readMillis, writeMillis), TimeUnit.MILLISECONDS);
    }
  }

  /** On the I/O thread: closes the connection past a deadline, else re-arms for the next one. */
  private void check() {
    timer = null;
    if (!connection.isOpen()) {
      return;
    }
    long now = System.currentTimeMillis();
    long next = Math.min(readMillis, writeMillis);
    if (readWaiting) {
      long left = lastRead + readMillis - now;
      if (left <= 0) {
        expire();
        return;
      }
      next = Math.min(next, left);
    }
    if (writeWaiting) {
      long left = lastWrite + writeMillis - now;
      if (left <= 0) {
        expire();
        return;
      }
      next = Math.min(next, left);
    }
    timer = connection.getIoThread().executeAfter(check, next, TimeUnit.MILLISECONDS);
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

  private void startWaitingToRead() {
    if (!readWaiting) {
      lastRead = System.currentTimeMillis();
      readWaiting = true;
    }
  }

  private void startWaitingToWrite() {
    if (!writeWaiting) {
      lastWrite = System.currentTimeMillis();
      writeWaiting = true;
    }
  }

  private long read(long n) {
    if (n > 0) {
      lastRead = System.currentTimeMillis();
    }
    return n;
  }

  private long wrote(long n) {
    if (n > 0) {
      lastWrite = System.currentTimeMillis();
    }
    return n;
  }

  private final class Source extends AbstractStreamSourceConduit<StreamSourceConduit> {
    Source(StreamSourceConduit next) {
      super(next);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return (int) TimeoutConduit.this.read(next.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
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
      startWaitingToRead();
      next.resumeReads();
    }

    @Override
    public void wakeupReads() {
      startWaitingToRead();
      next.wakeupReads();
    }

    @Override
    public void suspendReads() {
      readWaiting = false;
      next.suspendReads();
    }

    @Override
    public void awaitReadable() throws IOException {
      awaitReadable(readMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitReadable(long time, TimeUnit unit) throws IOException {
      // A blocking read (worker thread): waits at most the read timeout for bytes.
      long before = lastRead;
      long start = System.currentTimeMillis();
      long wait = Math.min(unit.toMillis(time), readMillis);
      next.awaitReadable(wait, TimeUnit.MILLISECONDS);
      if (lastRead == before && System.currentTimeMillis() - start >= readMillis) {
        IoUtils.safeClose(connection);
        throw new ReadTimeoutException("no bytes for " + readMillis + " ms");
      }
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
      startWaitingToWrite();
      next.resumeWrites();
    }

    @Override
    public void wakeupWrites() {
      startWaitingToWrite();
      next.wakeupWrites();
    }

    @Override
    public void suspendWrites() {
      writeWaiting = false;
      next.suspendWrites();
    }

    @Override
    public void awaitWritable() throws IOException {
      awaitWritable(writeMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void awaitWritable(long time, TimeUnit unit) throws IOException {
      // A blocking write (worker thread): waits at most the write timeout for room.
      long before = lastWrite;
      long start = System.currentTimeMillis();
      long wait = Math.min(unit.toMillis(time), writeMillis);
      next.awaitWritable(wait, TimeUnit.MILLISECONDS);
      if (lastWrite == before && System.currentTimeMillis() - start >= writeMillis) {
        IoUtils.safeClose(connection);
        throw new WriteTimeoutException("no progress for " + writeMillis + " ms");
      }
    }
  }
}
