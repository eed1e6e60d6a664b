package io.netweave.o2ims.server.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A logback appender that writes encoded lines to the process's standard error (file descriptor 2)
 * through a buffer, instead of one {@code write} system call per line as logback's {@code
 * ConsoleAppender} on {@code System.err} does. On a cache hit that call was the largest single cost
 * of the per-request access log (see docs/performance.md, "The per-request path").
 *
 * <p>What it keeps: the same lines in the same order (one appender for every logger, the encoder
 * configured in logback.xml); every {@code write} to the descriptor holds whole lines (a line never
 * straddles two writes: the buffer is emptied before a line that does not fit, and a line larger
 * than the buffer is written on its own), so interleaving with other writers cannot cut a line.
 *
 * <p>Who writes: a writer thread ({@code log-writer}), never the thread that logs while the writer
 * keeps up: lines are copied into one buffer while the writer writes the other ({@link
 * SwappingBufferStream}), so a slow standard error (a pipe a container runtime drains late, a disk
 * busy writing back) holds up the writer, not the HTTP I/O threads that write the access log. Only
 * when the descriptor stays slower than the logging for longer than a buffer takes to fill does a
 * logging thread wait; lines are never dropped.
 *
 * <p>When buffered lines reach the descriptor: when the buffer ({@link #setBufferBytes}, 256 KiB)
 * is full (each hand-over to the writer wakes it, a system call on the logging thread: at 40,000
 * access-log lines per second a 64 KiB buffer filled about 65 times a second); at the latest {@link
 * #setFlushMillis} (200 ms) after they were appended (or as soon as the writer is done with the
 * previous buffer); at once for an event at {@code WARN} or above (with everything before it:
 * handed to the writer at once); when the appender stops; and when the JVM shuts down (a shutdown
 * hook drains both buffers on its own thread and turns every later line of the shutdown into an
 * immediate write on the thread that logs it, so a graceful stop loses nothing). Only an abrupt end
 * of the process ({@code SIGKILL}, a crash of the JVM) can lose the lines of the last flush
 * interval.
 *
 * <p>Thread-safe: an append holds the stream's own monitor (one lock per line), which the writer
 * never holds while it writes. Lifecycle: logback starts and stops it; start creates the writer
 * thread and the shutdown hook, stop drains and removes them. The descriptor itself is never
 * closed.
 */
public final class BufferedStderrAppender extends OutputStreamAppender<ILoggingEvent> {
  private int bufferBytes = 256 * 1024;
  private long flushMillis = 200;
  private ScheduledExecutorService writer;
  private SwappingBufferStream stream;
  private Thread exitHook;

  /** Buffer size in bytes (at least 1,024). */
  public void setBufferBytes(int bufferBytes) {
    this.bufferBytes = bufferBytes;
  }

  /** Longest delay in milliseconds between appending a line and writing it (1 to 1,000). */
  public void setFlushMillis(long flushMillis) {
    this.flushMillis = flushMillis;
  }

  @Override
  public void start() {
    if (bufferBytes < 1024 || flushMillis < 1 || flushMillis > 1000) {
      addError(
          "bufferBytes must be >= 1024 and flushMillis between 1 and 1000, got "
              + bufferBytes
              + " and "
              + flushMillis);
      return;
    }
    writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "log-writer");
              t.setDaemon(true);
              return t;
            });
    stream =
        new SwappingBufferStream(
            new FileOutputStream(FileDescriptor.err),
            bufferBytes,
            writer,
            e -> addError("cannot write standard error", e));
    setOutputStream(stream);
    setImmediateFlush(false);
    super.start();
    if (!isStarted()) {
      writer.shutdownNow();
      return;
    }
    writer.scheduleWithFixedDelay(
        stream::handOverSoon, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    exitHook = new Thread(this::flushForExit, "log-flush-on-exit");
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  /**
   * Encodes and writes the event on the logging thread, as the base class does, but without its
   * stream lock and its {@code prepareForDeferredProcessing} call: nothing here is deferred to
   * another thread, so the copies that call makes (the MDC map, looked up through a thread local,
   * and the rest) are work for nothing on every access-log line. With the jar's {@link LineEncoder}
   * the line is encoded straight into the stream's buffer, under the stream's monitor, instead of
   * into an array of its own that is then copied there.
   */
  @Override
  protected void subAppend(ILoggingEvent event) {
    if (!isStarted()) {
      return;
    }
    try {
      // The stream's own monitor orders whole lines; the base class's stream lock would be a
      // second lock per line (it guards replacing the stream, which happens only in start/stop).
      // The jar's encoder writes the line straight into the stream's buffer (no arrays per line).
      if (!(encoder instanceof LineEncoder direct && stream.writeLine(direct, event))) {
        stream.write(encoder.encode(event));
      }
      if (isImmediateFlush()) {
        stream.flush();
      }
    } catch (IOException e) {
      started = false;
      addError("IO failure in appender", e);
      return;
    }
    if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
      flush();
    }
  }

  /** Writes the buffered lines now. */
  public void flush() {
    streamWriteLock.lock();
    try {
      OutputStream out = getOutputStream();
      if (out != null) {
        out.flush();
      }
    } catch (IOException e) {
      addError("cannot flush standard error", e);
    } finally {
      streamWriteLock.unlock();
    }
  }

  private void flushForExit() {
    streamWriteLock.lock();
    try {
      // Lines logged by the rest of the shutdown (the gateway's drain) are written at once, on the
      // thread that logs them: the writer thread may not get to run again.
      setImmediateFlush(true);
      stream.writeThrough();
      stream.drain();
    } catch (IOException e) {
      addError("cannot flush standard error", e);
    } finally {
      streamWriteLock.unlock();
    }
  }

  @Override
  public void stop() {
    if (exitHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run; it flushed.
      }
      exitHook = null;
    }
    if (stream != null) {
      flushForExit(); // before the writer thread goes: a buffer handed to it is written first
    }
    if (writer != null) {
      writer.shutdownNow();
      writer = null;
    }
    super.stop();
  }

  /** Drains without closing: file descriptor 2 belongs to the process, not to the appender. */
  @Override
  protected void closeOutputStream() {
    if (stream != null) {
      try {
        stream.drain();
      } catch (IOException e) {
        addError("cannot flush standard error", e);
      }
    }
  }
}
