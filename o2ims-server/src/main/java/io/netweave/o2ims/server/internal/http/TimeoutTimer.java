package io.netweave.o2ims.server.internal.http;

import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;

/**
 * The one timer of a connection's timeouts ({@link TimeoutConduit}): every quarter of the shorter
 * of the read and write timeouts it looks at the counts the connection's conduits keep, and closes
 * the connection once a direction the server waits on has moved no byte for its limit.
 *
 * <p>Design note: a direction that moved, or that the server was not waiting on, since the last
 * look restarts its idle time at this look (so the idle time measured is never longer than the real
 * one); one the server has waited on without a byte for its timeout is closed. The read limit is
 * the read timeout while a request is in progress, the idle timeout while none is; a look that
 * finds that state changed since the last one restarts the read idle time, so a connection that has
 * just become idle gets the whole idle timeout. Never cancelled per request: it stops at the first
 * look after the connection closed.
 *
 * <p>Confined to the connection's I/O thread (armed there by {@link TimeoutConduit#install}).
 */
final class TimeoutTimer {
  private final StreamConnection connection;
  private final TimeoutConduit timeouts;
  private final long readMillis;
  private final long idleMillis;
  private final long writeMillis;
  private final long checkMillis;
  private final Runnable check = this::check;

  private boolean busyAtLastLook;
  private Idle readIdle;
  private Idle writeIdle;
  private XnioExecutor.Key timer;

  TimeoutTimer(
      StreamConnection connection,
      TimeoutConduit timeouts,
      long readMillis,
      long idleMillis,
      long writeMillis) {
    this.connection = connection;
    this.timeouts = timeouts;
    this.readMillis = readMillis;
    this.idleMillis = idleMillis;
    this.writeMillis = writeMillis;
    this.checkMillis = Math.max(1, Math.min(readMillis, writeMillis) / 4);
  }

  /** Starts the looks (I/O thread), unless started or the connection closed already. */
  void arm() {
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
            timeouts.readCount(), timeouts.waitingToRead(), now, busy ? readMillis : idleMillis);
    if (readExpired
        || writeIdle.exceeded(timeouts.writeCount(), timeouts.waitingToWrite(), now, writeMillis)) {
      if (readExpired && busy) {
        Http2Streams.readTimingOut(connection); // HTTP/2: its streams' body reads record 408
        timeouts.readTimedOut(); // HTTP/1.x: a body being received records 408
      }
      expire();
      return;
    }
    timer = connection.getIoThread().executeAfter(check, checkMillis, TimeUnit.MILLISECONDS);
  }

  /** Whether a request is in progress: HTTP/2, open streams; HTTP/1.x, the idle flag. */
  private boolean requestInProgress() {
    int streams = Http2Streams.open(connection);
    return streams >= 0 ? streams > 0 : !timeouts.idle();
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

  /** One direction's idle time as the timer sees it. */
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
}
