package io.netweave.o2ims.cache;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Ready-to-write response bytes and the headers that go with them (e.g. {@code X-Total-Count},
 * {@code Link}), and, once a client asked for it, the same body gzip-compressed. The body array
 * must not be modified after construction.
 *
 * <p>The gzip body is made on demand by {@link #gzipBody(UnaryOperator)}, once per response: the
 * first caller compresses while later callers wait for it, so a cached response is compressed once
 * however many requests ask for it at the same time, and a response nobody asked to compress holds
 * nothing more than its identity bytes. Thread-safe. Two responses are equal when status and
 * headers are equal and they hold the same body array.
 */
public final class CachedResponse {
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;
  private final String bodyLength;
  private volatile byte[] gzipBody;

  public CachedResponse(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = Objects.requireNonNull(body, "body");
    this.bodyLength = Integer.toString(body.length);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The identity body (not to be modified). */
  public byte[] body() {
    return body;
  }

  /**
   * The identity body's length in decimal, made once: the {@code Content-Length} value of every
   * response that sends {@link #body()}, which would otherwise be a new string per response.
   */
  public String bodyLength() {
    return bodyLength;
  }

  /** The gzip body if it was made already; never blocks (a call for an I/O thread). */
  public Optional<byte[]> gzipBody() {
    return Optional.ofNullable(gzipBody);
  }

  /**
   * The gzip body, made by {@code gzip} from {@link #body()} on the first call; concurrent first
   * calls wait for that one compression. Call from a thread that may block.
   *
   * @throws RuntimeException whatever {@code gzip} throws (nothing is kept, the next call tries
   *     again)
   */
  public byte[] gzipBody(UnaryOperator<byte[]> gzip) {
    byte[] made = gzipBody;
    if (made != null) {
      return made;
    }
    synchronized (this) {
      if (gzipBody == null) {
        gzipBody = Objects.requireNonNull(gzip.apply(body), "gzip returned null");
      }
      return gzipBody;
    }
  }

  /** Bytes held (the gzip body included once made), for the cache's weigher. */
  public int weight() {
    byte[] gzip = gzipBody;
    int weight = body.length + 64 + (gzip == null ? 0 : gzip.length);
    for (Map.Entry<String, String> e : headers.entrySet()) {
      weight += e.getKey().length() + e.getValue().length();
    }
    return weight;
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof CachedResponse r
            && status == r.status
            && body == r.body
            && headers.equals(r.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, System.identityHashCode(body));
  }

  @Override
  public String toString() {
    return "CachedResponse[status="
        + status
        + ", headers="
        + headers
        + ", body="
        + body.length
        + " bytes"
        + (gzipBody == null ? "" : ", gzip=" + gzipBody.length + " bytes")
        + "]";
  }
}
