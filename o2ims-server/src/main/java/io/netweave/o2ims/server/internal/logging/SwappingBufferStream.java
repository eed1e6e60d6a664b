package io.netweave.o2ims.server.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * An output stream that collects whole writes in one buffer while a second, full one is written to
 * the sink by a writer thread, so the threads that log (the HTTP I/O threads, for the access log)
 * only copy bytes and never wait for the sink while it has room: a pipe read slowly by a container
 * runtime, or a disk busy writing back, holds up the writer thread, not the requests.
 *
 * <p>What reaches the sink: every write, in order, and a write is never split between two sink
 * writes (the buffer is handed over before a write that does not fit; a write larger than the
 * buffer goes to the sink on its own, after everything before it). When the sink is slower than the
 * logging for longer than one buffer takes to fill, a logging thread waits for the writer (the
 * lines are kept, never dropped).
 *
 * <p>When bytes reach the sink: {@link #flush()} hands the buffer to the writer at once (if the
 * writer is busy, it takes the buffer as soon as it is done); {@link #drain()} writes everything on
 * the calling thread before it returns; a full buffer is handed over by the write that does not
 * fit. After {@link #writeThrough()} every flush drains (a process that is shutting down must not
 * leave lines to a writer thread that may not run again).
 *
 * <p>Thread-safe (one monitor; the sink is written outside it). The writer runs on {@code writer},
 * which must not be a thread that calls {@link #drain()}; the stream never closes its sink.
 */
final class SwappingBufferStream extends OutputStream {
  private final OutputStream sink;
  private final Executor writer;
  private final Consumer<IOException> onError;

  private byte[] filling;
  private int filled;
  private byte[] spare;
  private byte[] handed; // the buffer the writer has or is about to write, null when idle
  private int handedLength;
  private boolean flushWhenIdle;
  private boolean writeThrough;

  SwappingBufferStream(
      OutputStream sink, int bufferBytes, Executor writer, Consumer<IOException> onError) {
    this.sink = Objects.requireNonNull(sink);
    this.writer = Objects.requireNonNull(writer);
    this.onError = Objects.requireNonNull(onError);
    this.filling = new byte[bufferBytes];
    this.spare = new byte[bufferBytes];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length > filling.length) {
      drainLocked();
      sink.write(bytes, offset, length);
      return;
    }
    if (filled + length > filling.length) {
      if (writeThrough) {
        drainLocked();
      } else {
        awaitWriterIdle();
        handOver();
      }
    }
    System.arraycopy(bytes, offset, filling, filled, length);
    filled += length;
  }

  /**
   * Appends {@code event}'s line as {@code encoder} encodes it straight into the buffer ({@link
   * LineEncoder#encodeInto}: no array per line) when it writes that line directly and there is room
   * for it. Returns false, with nothing written, otherwise: the caller then writes the encoded
   * array ({@link #write(byte[], int, int)} hands the buffer over first when it does not fit).
   */
  synchronized boolean writeLine(LineEncoder encoder, ILoggingEvent event) {
    int end = encoder.encodeInto(event, filling, filled);
    if (end < 0) {
      return false;
    }
    filled = end;
    return true;
  }

  /** Hands the buffered bytes to the writer without waiting for it; drains in write-through. */
  @Override
  public synchronized void flush() throws IOException {
    if (writeThrough) {
      drainLocked();
    } else {
      handOverSoon();
    }
  }

  /**
   * Hands the buffered bytes to the writer, or has the writer take them when it is done; never
   * waits, so the writer's own thread may call it (the periodic flush).
   */
  synchronized void handOverSoon() {
    if (filled == 0 || writeThrough) {
      return;
    }
    if (handed == null) {
      handOver();
    } else {
      flushWhenIdle = true;
    }
  }

  /** Writes everything buffered or handed over to the sink before returning. */
  synchronized void drain() throws IOException {
    drainLocked();
  }

  /** From now on every flush drains on the calling thread. */
  synchronized void writeThrough() {
    writeThrough = true;
  }

  private void drainLocked() throws IOException {
    awaitWriterIdle();
    if (filled > 0) {
      sink.write(filling, 0, filled);
      filled = 0;
    }
    sink.flush();
  }

  private void awaitWriterIdle() throws IOException {
    boolean interrupted = false;
    while (handed != null) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // the bytes must still go out in order; keep the interrupt for later
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Gives the filled buffer to the writer; the caller made sure the writer is idle. */
  private void handOver() {
    handed = filling;
    handedLength = filled;
    filling = spare;
    filled = 0;
    spare = null;
    flushWhenIdle = false;
    try {
      writer.execute(this::writeHanded);
    } catch (RejectedExecutionException writerGone) {
      writeHanded(); // on the calling thread, which holds the monitor: the order is kept
    }
  }

  private void writeHanded() {
    byte[] buffer;
    int length;
    synchronized (this) {
      buffer = handed;
      length = handedLength;
    }
    try {
      sink.write(buffer, 0, length);
      sink.flush();
    } catch (IOException e) {
      onError.accept(e);
    }
    synchronized (this) {
      spare = buffer;
      handed = null;
      notifyAll();
      if (flushWhenIdle && filled > 0) {
        handOver();
      }
    }
  }
}
