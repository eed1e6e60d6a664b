package io.netweave.o2ims.server.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The write side of a connection's timeouts ({@link TimeoutConduit}), installed at accept on the
 * connection's sink channel: each write that moves bytes, and each start of a wait for room, is
 * counted for the timer; a blocking wait is bounded by the write limit.
 *
 * <p>Per write: the write and the count (a plain store), statically bound (final classes).
 * Thread-safe as far as the channel it sits under is.
 */
final class TimeoutSink extends AbstractStreamSinkConduit<StreamSinkConduit> {
  private final TimeoutConduit timeouts;

  TimeoutSink(StreamSinkConduit next, TimeoutConduit timeouts) {
    super(next);
    this.timeouts = timeouts;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return (int) timeouts.wrote(next.write(src));
  }

  @Override
  public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
    return timeouts.wrote(next.write(srcs, offs, len));
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    return (int) timeouts.wrote(next.writeFinal(src));
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
    return timeouts.wrote(next.writeFinal(srcs, offs, len));
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    return timeouts.wrote(next.transferFrom(src, position, count));
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
      throws IOException {
    return timeouts.wrote(next.transferFrom(source, count, throughBuffer));
  }

  @Override
  public void resumeWrites() {
    timeouts.writeWaiting(true);
    next.resumeWrites();
  }

  @Override
  public void wakeupWrites() {
    timeouts.writeWaiting(true);
    next.wakeupWrites();
  }

  @Override
  public void suspendWrites() {
    timeouts.writeWaiting(false);
    next.suspendWrites();
  }

  @Override
  public void awaitWritable() throws IOException {
    awaitWritable(timeouts.writeMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void awaitWritable(long time, TimeUnit unit) throws IOException {
    timeouts.awaitWritable(next, time, unit);
  }
}
