package io.netweave.o2ims.server.internal.http;

import io.undertow.UndertowOptions;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Follows the framing of an HTTP/1.1 chunked request body a step ahead of Undertow's decoder, so
 * that a body Undertow would fail on is refused by the gateway first, with a response the client
 * reads: 400 for framing that cannot be decoded, 413 for a chunk that declares more than the body
 * limit.
 *
 * <p>Design note: Undertow's chunked decoder (2.3.x {@code ChunkedStreamSourceConduit}) closes the
 * connection itself on a decoding failure: a chunk size with more hex digits than it holds ({@code
 * UndertowMessages.chunkSizeTooLarge}), a declared size past its own entity limit (counted when the
 * size line ends; 2 MiB unless configured), a trailer line without a colon. The close completes the
 * exchange (as 200: nothing set another status) before the body reader sees the {@link
 * IOException}, and the client reads no response. This check sees every byte of the body before
 * Undertow's decoder does: the bytes Undertow read with the headers ({@link #start}) and then each
 * read from the socket, through the connection's source conduit ({@link #read}, from {@link
 * TimeoutSource}) while the body reader reads ({@link TimeoutConduit#readingBody}). It reads the
 * framing the way Undertow does (hex digits, then anything to the line's end as an extension, the
 * declared data, anything to the line's end, after the last chunk trailer lines up to an empty one)
 * and stops at the first byte Undertow would fail on, or whose size line declares more data than
 * the limit: {@link #pass} hands on only the bytes before it, the conduit then reads nothing more
 * (a wait throws {@link Refused}) and the body's receiver ({@link BodyReceiver}), reading nothing,
 * sees {@link #refused()} without Undertow's decoder having failed (so the connection stays open
 * for the answer, which closes it). Its size limit ({@link #MAX_CHUNK_SIZE}) is below Undertow's
 * and far above any body limit, and it counts Undertow's entity limit as Undertow's decoder does
 * (every framing byte, and each size), so that limit refuses here first.
 *
 * <p>Cost: nothing for requests without {@code Transfer-Encoding}; one object per chunked body, and
 * one null check per socket read in the conduit. Not thread-safe: used by the one thread reading
 * the body at a time (the handler's for what has arrived, then the I/O thread's read listener).
 */
final class ChunkedBodyCheck {
  /**
   * A size digit that arrives while the size read so far is above this is refused as undecodable
   * (400): sizes of up to fourteen significant hex digits (2^56 - 1) are read, far above any body
   * limit; Undertow 2.3.27 fails on a digit that arrives past 2^57 - 1.
   */
  static final long MAX_CHUNK_SIZE = (1L << 52) - 1;

  private static final int SIZE = 0;
  private static final int EXTENSION = 1;
  private static final int DATA = 2;
  private static final int AFTER_DATA = 3;
  private static final int AFTER_LAST = 4;
  private static final int TRAILER_NAME = 5;
  private static final int TRAILER_VALUE = 6;
  private static final int TRAILER_END = 7;
  private static final int DONE = 8;
  private static final int REFUSED = 9;

  private final long maxBodyBytes;
  // What Undertow's decoder still admits of its entity limit, counted as it counts: every framing
  // byte, and each size when its line ends; negative for no limit.
  private long allowed;
  private int state = SIZE;
  private long size; // the value of the size line being read
  private long remaining; // data bytes left in the current chunk
  private long declared; // data bytes declared by the size lines read so far
  private int nameLength; // characters of the trailer name being read
  private int status;
  private String detail;

  /**
   * A check of a body limited to {@code maxBodyBytes} whose decoder counts against {@code
   * undertowLimit} (0 or less: none). {@link #start} makes the request's.
   */
  ChunkedBodyCheck(long maxBodyBytes, long undertowLimit) {
    this.maxBodyBytes = maxBodyBytes;
    this.allowed = undertowLimit > 0 ? undertowLimit : -1;
  }

  /**
   * A check of {@code exchange}'s body, having already read the bytes Undertow buffered with the
   * headers; null unless the body is HTTP/1.x chunked and not yet read. See {@link #refused()}: if
   * one of those bytes was refused, they are all dropped, so that Undertow's decoder never reads
   * them (not even when the exchange's end drains the body: the answer closes the connection).
   */
  static ChunkedBodyCheck start(HttpServerExchange exchange, long maxBodyBytes) {
    if (!(exchange.getConnection() instanceof AbstractServerConnection http1)
        || exchange.isRequestComplete()
        || !exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
      return null;
    }
    // The limit Undertow's decoder took when it was set up with the request, before any handler:
    // the listener's (the exchange's own may have changed since).
    long undertowLimit =
        http1
            .getUndertowOptions()
            .get(UndertowOptions.MAX_ENTITY_SIZE, UndertowOptions.DEFAULT_MAX_ENTITY_SIZE);
    ChunkedBodyCheck check = new ChunkedBodyCheck(maxBodyBytes, undertowLimit);
    PooledByteBuffer buffered = http1.getExtraBytes();
    if (buffered != null) {
      ByteBuffer bytes = buffered.getBuffer();
      if (check.pass(bytes, bytes.position(), bytes.limit()) < bytes.limit()) {
        http1.setExtraBytes(null);
        buffered.close();
      }
    }
    return check;
  }

  /**
   * A read from {@code next} (the connection's source, {@link TimeoutSource}) into {@code dst}: the
   * bytes this check passes; none once it refused one (the body reader's wait then throws).
   */
  int read(StreamSourceConduit next, ByteBuffer dst) throws IOException {
    if (refused()) {
      return 0;
    }
    int start = dst.position();
    int n = next.read(dst);
    if (n > 0) {
      int passed = pass(dst, start, start + n);
      if (passed < start + n) {
        dst.position(passed);
        n = passed - start;
      }
    }
    return n;
  }

  /**
   * Reads bytes {@code from} to {@code to} (absolute positions) of {@code bytes}, the body's next
   * ones, without moving the buffer; returns the position of the first byte Undertow must not see
   * ({@code to} if it may see them all). After a refusal every byte is refused.
   */
  int pass(ByteBuffer bytes, int from, int to) {
    int i = from;
    while (i < to) {
      if (state == DATA) {
        int n = (int) Math.min(remaining, to - i);
        remaining -= n;
        i += n;
        if (remaining == 0) {
          state = AFTER_DATA;
        }
        continue;
      }
      if (state == DONE) {
        return to; // the next request's bytes: Undertow's parser reads those
      }
      if (state == REFUSED || !counted() || !next(bytes.get(i))) {
        return i;
      }
      i++;
    }
    return to;
  }

  /** Counts one framing byte against Undertow's limit; false if it has none left. */
  private boolean counted() {
    if (allowed < 0) {
      return true;
    } else if (allowed == 0) {
      return refuse(413, null);
    }
    allowed--;
    return true;
  }

  /** One framing byte; false if it is refused. */
  private boolean next(byte b) {
    switch (state) {
      case SIZE -> {
        int digit = hexDigit(b);
        if (digit >= 0) {
          if (size > MAX_CHUNK_SIZE) {
            return refuse(400, "a chunk size has more hex digits than the gateway decodes");
          }
          size = size * 16 + digit;
        } else if (size > maxBodyBytes - declared || (allowed >= 0 && size > allowed)) {
          return refuse(413, null); // Undertow counts the size at this byte
        } else if (b == '\n') {
          sizeLineEnded();
        } else {
          state = EXTENSION;
        }
      }
      case EXTENSION -> {
        if (b == '\n') {
          sizeLineEnded();
        }
      }
      case AFTER_DATA -> {
        if (b == '\n') {
          state = SIZE;
        }
      }
      case AFTER_LAST -> {
        if (b == '\n') {
          state = DONE;
        } else if (b != '\r') {
          state = TRAILER_NAME;
          return next(b);
        }
      }
      case TRAILER_NAME -> {
        if (b == ':') {
          state = TRAILER_VALUE;
        } else if (b == '\r' || b == '\n') {
          if (nameLength > 0) {
            return refuse(400, "a trailer line has no ':'");
          }
          state = b == '\r' ? TRAILER_END : DONE;
        } else {
          nameLength++;
        }
      }
      case TRAILER_VALUE -> {
        if (b == '\n') {
          nameLength = 0;
          state = TRAILER_NAME;
        }
      }
      case TRAILER_END -> {
        if (b != '\n') {
          return refuse(400, "the trailer section does not end with CRLF");
        }
        state = DONE;
      }
      default -> throw new IllegalStateException("state " + state);
    }
    return true;
  }

  private void sizeLineEnded() {
    if (allowed >= 0) {
      allowed -= size;
    }
    if (size == 0) {
      state = AFTER_LAST;
    } else {
      declared += size;
      remaining = size;
      size = 0;
      state = DATA;
    }
  }

  private static int hexDigit(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    } else if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    } else if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  private boolean refuse(int status, String detail) {
    this.state = REFUSED;
    this.status = status;
    this.detail = detail;
    return false;
  }

  /** Whether a byte was refused. */
  boolean refused() {
    return state == REFUSED;
  }

  /** 400 (undecodable framing) or 413 (a chunk past the body limit); only once refused. */
  int status() {
    return status;
  }

  /** What was wrong, for a 400 (a 413 says the limit instead). */
  String detail() {
    return "the chunked request body cannot be decoded: " + detail;
  }

  /** What the conduit's wait throws once a byte was refused: {@link #refused()} says why. */
  Refused failure() {
    return new Refused();
  }

  /** The body reader's signal that this check refused the body (no stack trace). */
  static final class Refused extends IOException {
    private Refused() {
      super("chunked request body refused before Undertow's decoder");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
