package io.netweave.o2ims.server.internal.logging;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwappingBufferStreamTest {
  /** Only a guard against a hang: the test fails instead of blocking the build. */
  private static final Duration HANG = Duration.ofSeconds(30);

  private static final int BUFFER = 64;

  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "test-writer"));

  @AfterEach
  void stopWriter() {
    writer.shutdownNow();
  }

  /** A sink that records each write apart and can hold every write until released. */
  private static final class Sink extends OutputStream {
    final List<String> writes = new ArrayList<>();
    final List<String> writerThreads = new ArrayList<>();
    final CountDownLatch release;
    final CountDownLatch firstWriteEntered = new CountDownLatch(1);

    Sink(boolean held) {
      release = new CountDownLatch(held ? 1 : 0);
    }

    @Override
    public void write(int b) {
      throw new AssertionError("the stream writes arrays");
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      firstWriteEntered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      synchronized (this) {
        writes.add(new String(b, off, len, US_ASCII));
        writerThreads.add(Thread.currentThread().getName());
      }
    }

    synchronized String all() {
      return String.join("", writes);
    }
  }

  /** A stream on the test's writer thread whose write errors fail the test. */
  private SwappingBufferStream stream(OutputStream sink) {
    return new SwappingBufferStream(
        sink,
        BUFFER,
        writer,
        e -> {
          throw new AssertionError(e);
        });
  }

  private static byte[] line(int i) {
    return String.format("line %04d\n", i).getBytes(US_ASCII); // 10 bytes
  }

  private static String lines(int from, int to) {
    StringBuilder all = new StringBuilder();
    for (int i = from; i < to; i++) {
      all.append(new String(line(i), US_ASCII));
    }
    return all.toString();
  }

  @Test
  void writesGoOnWhileTheSinkHoldsTheWriterAndEverythingArrivesInOrderAsWholeLines()
      throws Exception {
    Sink sink = new Sink(true);
    SwappingBufferStream stream = stream(sink);

    assertTimeoutPreemptively(
        HANG,
        () -> {
          for (int i = 0; i < 7; i++) { // 70 bytes: the seventh line hands the first six over
            stream.write(line(i));
          }
          sink.firstWriteEntered.await(); // the writer is now stuck in the sink
          for (int i = 7; i < 12; i++) { // these fill the second buffer without waiting
            stream.write(line(i));
          }
        });
    assertThat(sink.all()).isEmpty();

    sink.release.countDown();
    assertTimeoutPreemptively(HANG, stream::drain);

    assertThat(sink.all()).isEqualTo(lines(0, 12));
    assertThat(sink.writes).allSatisfy(w -> assertThat(w).endsWith("\n"));
    assertThat(sink.writes.get(0)).isEqualTo(lines(0, 6));
    assertThat(sink.writerThreads.get(0)).isEqualTo("test-writer");
  }

  @Test
  void aLoggingThreadWaitsOnlyOnceBothBuffersAreFullAndLosesNothing() throws Exception {
    Sink sink = new Sink(true);
    SwappingBufferStream stream = stream(sink);
    for (int i = 0; i < 7; i++) {
      stream.write(line(i));
    }
    sink.firstWriteEntered.await();
    Thread logging =
        new Thread(
            () -> {
              try {
                for (int i = 7; i < 20; i++) { // more than the second buffer holds
                  stream.write(line(i));
                }
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
    logging.start();
    while (logging.getState() != Thread.State.WAITING) {
      assertThat(logging.isAlive()).as("the writes had to wait for the held writer").isTrue();
      Thread.onSpinWait();
    }

    sink.release.countDown();
    logging.join(HANG.toMillis());
    assertThat(logging.isAlive()).isFalse();
    stream.drain();
    assertThat(sink.all()).isEqualTo(lines(0, 20));
    assertThat(sink.writes).allSatisfy(w -> assertThat(w).endsWith("\n"));
  }

  @Test
  void linesEncodedIntoTheBufferKeepTheirOrderWithWritesAndOneWithoutRoomIsLeftToAWrite()
      throws Exception {
    Sink sink = new Sink(false);
    SwappingBufferStream stream =
        new SwappingBufferStream(
            sink,
            256,
            writer,
            e -> {
              throw new AssertionError(e);
            });
    LoggerContext context = new LoggerContext();
    LineEncoder encoder = new LineEncoder();
    encoder.setContext(context);
    encoder.setPattern(LineEncoder.PATTERN);
    encoder.setCharset(US_ASCII);
    encoder.start();
    StringBuilder expected = new StringBuilder();
    List<Boolean> intoTheBuffer = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      LoggingEvent e = new LoggingEvent();
      e.setLoggerContext(context);
      e.setLoggerName("netweave.access");
      e.setLevel(Level.INFO);
      e.setThreadName("XNIO-1 I/O-1");
      e.setMessage("request " + i);
      e.setTimeStamp(1_796_000_000_000L + i);
      byte[] line = encoder.encode(e);
      expected.append(new String(line, US_ASCII));
      if (i % 3 == 0) {
        stream.write(line);
      } else if (stream.writeLine(encoder, e)) {
        intoTheBuffer.add(true);
      } else {
        intoTheBuffer.add(false);
        stream.write(line); // hands the full buffer over first
      }
    }
    stream.drain();

    assertThat(sink.all()).isEqualTo(expected.toString());
    assertThat(sink.writes).hasSizeGreaterThan(2).allSatisfy(w -> assertThat(w).endsWith("\n"));
    assertThat(intoTheBuffer).contains(true, false);
  }

  @Test
  void aWriteLargerThanTheBufferGoesOnItsOwnAfterEverythingBeforeIt() throws Exception {
    Sink sink = new Sink(false);
    SwappingBufferStream stream = stream(sink);
    stream.write(line(0));
    String large = "x".repeat(3 * BUFFER) + "\n";
    stream.write(large.getBytes(US_ASCII));
    stream.write(line(1));
    stream.drain();

    assertThat(sink.writes).containsExactly(lines(0, 1), large, lines(1, 2));
  }

  @Test
  void flushHandsTheLinesToTheWriterAndWriteThroughWritesOnTheCallingThread() throws Exception {
    Sink sink = new Sink(false);
    SwappingBufferStream stream = stream(sink);
    stream.write(line(0));
    stream.flush();
    writer.submit(() -> {}).get(); // the hand-over task ran before this one
    assertThat(sink.writes).containsExactly(lines(0, 1));
    assertThat(sink.writerThreads).containsExactly("test-writer");

    stream.writeThrough();
    stream.write(line(1));
    stream.flush();
    assertThat(sink.writes).containsExactly(lines(0, 1), lines(1, 2));
    assertThat(sink.writerThreads.get(1)).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aWriterThatIsGoneLeavesTheWritingToTheCallerInOrder() throws Exception {
    Sink sink = new Sink(false);
    SwappingBufferStream stream =
        new SwappingBufferStream(
            sink,
            BUFFER,
            task -> {
              throw new RejectedExecutionException("shut down");
            },
            e -> {
              throw new AssertionError(e);
            });
    for (int i = 0; i < 9; i++) {
      stream.write(line(i));
    }
    stream.flush();
    assertThat(sink.all()).isEqualTo(lines(0, 9));
    assertThat(sink.writerThreads).containsOnly(Thread.currentThread().getName());
  }

  @Test
  void aFailedSinkWriteIsReportedAndTheStreamGoesOn() throws Exception {
    List<IOException> errors = new ArrayList<>();
    ByteArrayOutputStream good = new ByteArrayOutputStream();
    OutputStream failingOnce =
        new OutputStream() {
          boolean failed;

          @Override
          public void write(int b) {
            throw new AssertionError("the stream writes arrays");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (!failed) {
              failed = true;
              throw new IOException("disk full");
            }
            good.write(b, off, len);
          }
        };
    SwappingBufferStream stream =
        new SwappingBufferStream(
            failingOnce,
            BUFFER,
            writer,
            e -> {
              synchronized (errors) {
                errors.add(e);
              }
            });
    stream.write(line(0));
    stream.flush();
    writer.submit(() -> {}).get();
    stream.write(line(1));
    stream.drain();

    assertThat(errors).extracting(Throwable::getMessage).containsExactly("disk full");
    assertThat(good.toString(US_ASCII)).isEqualTo(lines(1, 2));
  }
}
