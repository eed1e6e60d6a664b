package io.netweave.o2ims.server.internal.http;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2StreamSourceChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.XnioExecutor;

/**
 * The end of a stream whose body passed the limit, its response written: the rest of the body is
 * read and dropped, at most {@code budget} bytes and for at most {@link #DRAIN_TIME}, so that a
 * client whose body ends within them sees its stream end normally (some clients, the JDK 17 one
 * among them, wait for their body to be sent before they deliver a response); past either bound the
 * stream is reset with NO_ERROR. Confined to the connection's IO thread.
 */
final class Http2BodyDrain implements ChannelListener<Channel> {
  private static final Logger LOG = LoggerFactory.getLogger(Http2BodyDrain.class);

  /** How long the rest of a body past the limit may be read and dropped before the reset. */
  static final Duration DRAIN_TIME = Duration.ofSeconds(5);

  private final Http2Channel channel;
  private final Http2StreamSourceChannel source;
  private final ByteBuffer scratch = ByteBuffer.allocate(8 * 1024);
  private long budget;
  private boolean over;
  private XnioExecutor.Key timer;

  Http2BodyDrain(Http2Channel channel, Http2StreamSourceChannel source, long budget) {
    this.channel = channel;
    this.source = source;
    this.budget = budget;
  }

  void start() {
    if (Http2BodyLimit.openStream(channel, source.getStreamId()) == null) {
      // Ended by the client (its body complete, or reset): what Undertow holds of it, at most
      // the window it granted, is read so that the connection gets those bytes' window back.
      budget = channel.getInitialReceiveWindowSize();
      handleEvent(source);
      over = true;
      return;
    }
    timer = source.getIoThread().executeAfter(this::expire, DRAIN_TIME.toMillis(), MILLISECONDS);
    source.getReadSetter().set(this);
    source.resumeReads();
    handleEvent(source);
  }

  @Override
  public void handleEvent(Channel ignored) {
    if (over) {
      return;
    }
    try {
      while (budget > 0) {
        scratch.clear();
        if (scratch.remaining() > budget) {
          scratch.limit((int) budget);
        }
        int n = source.read(scratch);
        if (n < 0) {
          finish(); // the client ended its body: the stream is over, nothing to reset
          return;
        }
        if (n == 0) {
          return; // more when it comes
        }
        budget -= n;
      }
      reset();
    } catch (IOException e) { // reset by the client, or its connection closed
      LOG.debug("stream {} ended during its drain: {}", source.getStreamId(), e.toString());
      finish();
    }
  }

  private void expire() {
    if (!over) {
      reset();
    }
  }

  private void finish() {
    over = true;
    if (timer != null) {
      timer.remove();
    }
    source.suspendReads();
  }

  /**
   * Resets the stream with NO_ERROR, marked so that Undertow drops DATA frames in flight rather
   * than end the connection, and gives the stream's unused window back to the connection.
   */
  private void reset() {
    finish();
    int id = source.getStreamId();
    Object holder = Http2BodyLimit.openStream(channel, id);
    if (holder == null) {
      return; // ended meanwhile
    }
    int unused = Http2BodyLimit.unusedWindow(source);
    Http2BodyLimit.markOpenedHere(holder);
    channel.sendRstStream(id, Http2Channel.ERROR_NO_ERROR);
    try {
      if (unused > 0) {
        channel.updateReceiveFlowControlWindow(unused);
      }
    } catch (IOException e) { // the WINDOW_UPDATE could not be queued: the connection is gone
      LOG.debug("cannot give stream {}'s window back to its connection: {}", id, e.toString());
    }
  }
}
