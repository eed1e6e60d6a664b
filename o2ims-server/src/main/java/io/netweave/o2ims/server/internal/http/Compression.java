package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CachedResponse;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Response compression for the reads served through the response cache: a 200 response whose body
 * has at least {@code server.compression.min_bytes} is sent gzip-compressed to a client whose
 * {@code Accept-Encoding} accepts gzip ({@link AcceptEncoding}), with {@code Content-Encoding:
 * gzip} and the compressed length, and carries {@code Vary: Accept-Encoding} whether compressed or
 * not. Anything else (problem responses, smaller bodies, compression switched off) is written as
 * before, without a {@code Vary} and without looking at the request's headers: the small-body hot
 * path costs one length comparison. The gzip bytes are made once per cached response ({@link
 * CachedResponse#gzipBody(java.util.function.UnaryOperator)}), on a worker thread, and kept beside
 * the identity bytes. Thread-safe.
 */
final class Compression {
  /**
   * Deflate level of the gzip bodies: level 1 compresses a 1,000-resource page (about 1 MB) about
   * as well as 6 at a fraction of the CPU (docs/performance.md, GzipLevelBenchmark).
   */
  static final int LEVEL = 1;

  /** What a response is sent as. */
  enum Coding {
    /** Identity, and the response could not have been compressed: no {@code Vary}. */
    IDENTITY,
    /** Identity, though a client asking for gzip would get it: {@code Vary: Accept-Encoding}. */
    IDENTITY_VARY,
    /** gzip, with {@code Vary: Accept-Encoding}. */
    GZIP
  }

  private final boolean enabled;
  private final int minBytes;
  private final Runnable compressed;

  /**
   * @param enabled {@code server.compression.enabled}
   * @param minBytes {@code server.compression.min_bytes}
   * @param compressed called once per body compressed (a metric)
   */
  Compression(boolean enabled, int minBytes, Runnable compressed) {
    this.enabled = enabled;
    this.minBytes = minBytes;
    this.compressed = compressed;
  }

  /** Compression off: every response identity, no {@code Vary}. */
  static Compression off() {
    return new Compression(false, Integer.MAX_VALUE, () -> {});
  }

  /** How to send {@code response} to this request (one request-header lookup, only when large). */
  Coding coding(HttpServerExchange exchange, CachedResponse response) {
    if (!enabled || response.body().length < minBytes || response.status() != 200) {
      return Coding.IDENTITY;
    }
    return AcceptEncoding.acceptsGzip(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING))
        ? Coding.GZIP
        : Coding.IDENTITY_VARY;
  }

  /** Whether writing {@code response} as {@code coding} needs a compression first (blocking). */
  static boolean mustCompress(CachedResponse response, Coding coding) {
    return coding == Coding.GZIP && response.gzipBody().isEmpty();
  }

  /**
   * The gzip body of {@code response}, compressed now if it was not yet (concurrent callers wait
   * for one compression). Call from a worker thread.
   */
  byte[] gzipBody(CachedResponse response) {
    return response.gzipBody(this::gzip);
  }

  /**
   * Writes {@code response} as {@code coding} (the gzip body must exist for {@link Coding#GZIP}).
   */
  static void write(HttpServerExchange exchange, CachedResponse response, Coding coding) {
    if (coding == Coding.IDENTITY) {
      Responses.write(exchange, response);
      return;
    }
    HeaderMap headers = exchange.getResponseHeaders();
    headers.put(Headers.VARY, Headers.ACCEPT_ENCODING_STRING);
    if (coding == Coding.GZIP) {
      headers.put(Headers.CONTENT_ENCODING, Headers.GZIP.toString());
      Responses.write(exchange, response, response.gzipBody().orElseThrow());
    } else {
      Responses.write(exchange, response);
    }
  }

  private byte[] gzip(byte[] identity) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(identity.length / 8 + 64);
    try (GZIPOutputStream gzip = new LeveledGzip(out)) {
      gzip.write(identity);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory failed", e);
    }
    compressed.run();
    return out.toByteArray();
  }

  /** {@link GZIPOutputStream} at {@link #LEVEL} (its deflater is only reachable by a subclass). */
  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(ByteArrayOutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(LEVEL);
    }
  }
}
