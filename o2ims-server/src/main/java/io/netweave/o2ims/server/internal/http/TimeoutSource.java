package io.netweave.o2ims.server.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The read side of a connection's timeouts ({@link TimeoutConduit}), installed at accept on the
 * connection's source channel: each read that moves bytes, and each start of a wait for bytes, is
 * counted for the timer; a blocking wait is bounded by the read limit. While a worker reads an
 * HTTP/1.x chunked body, the body's framing check ({@link ChunkedBodyCheck}) sees each read's bytes
 * before Undertow's decoder, and a wait after a refused byte throws its failure instead.
 *
 * <p>Per read: a field load of the check and a null test, the read, and the count (a plain store),
 * all statically bound (final classes). Thread-safe as far as the channel it sits under is.
 */
final class TimeoutSource extends AbstractStreamSourceConduit<StreamSourceConduit> {
  /** The connection's timeouts (also how {@link TimeoutConduit} finds them from a connection). */
  final TimeoutConduit timeouts;

  TimeoutSource(StreamSourceConduit next, TimeoutConduit timeouts) {
    super(next);
    this.timeouts = timeouts;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ChunkedBodyCheck check = timeouts.chunks;
    return (int) timeouts.read(check == null ? next.read(dst) : check.read(next, dst));
  }

  @Override
  public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
    if (timeouts.chunks != null) { // one buffer at a time, as Undertow's chunked decoder reads
      for (int i = offs; i < offs + len; i++) {
        if (dsts[i].hasRemaining()) {
          return read(dsts[i]);
        }
      }
      return 0;
    }
    return timeouts.read(next.read(dsts, offs, len));
  }

  @Override
  public long transferTo(long position, long count, FileChannel target) throws IOException {
    return timeouts.read(next.transferTo(position, count, target));
  }

  @Override
  public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
      throws IOException {
    return timeouts.read(next.transferTo(count, throughBuffer, target));
  }

  @Override
  public void resumeReads() {
    timeouts.readWaiting(true);
    next.resumeReads();
  }

  @Override
  public void wakeupReads() {
    timeouts.readWaiting(true);
    next.wakeupReads();
  }

  @Override
  public void suspendReads() {
    timeouts.readWaiting(false);
    next.suspendReads();
  }

  @Override
  public void awaitReadable() throws IOException {
    awaitReadable(timeouts.readMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void awaitReadable(long time, TimeUnit unit) throws IOException {
    ChunkedBodyCheck check = timeouts.chunks;
    if (check != null && check.refused()) {
      throw check.failure(); // not through Undertow's decoder, which would close the connection
    }
    timeouts.awaitReadable(next, time, unit);
  }
}
