package io.netweave.o2ims.bench.server;

import io.undertow.protocols.http2.HpackEncoder;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What HPACK-encoding one HTTP/2 response's header block costs an Undertow connection (its {@link
 * HpackEncoder}, one per connection, with the 4,096-byte dynamic table a client such as h2load
 * allows), for the headers the gateway sends with the cached pools list against those of the bare
 * server of {@code bench/tls-load.sh} ({@code :status}, {@code Content-Type}, {@code
 * Content-Length}, {@code Date}):
 *
 * <ul>
 *   <li>{@code gateway}: the gateway's eleven fields, a new {@code X-Request-Id} per response, with
 *       the encoder Undertow builds (every field but {@code Content-Length} and {@code Date} enters
 *       the dynamic table, so every response adds an id and evicts the oldest entry, and the
 *       security headers are evicted and sent again as literals every few dozen responses);
 *   <li>{@code gatewayFixedId}: the same fields with one id for every response (what a client that
 *       sends its own {@code X-Request-Id} gets), i.e. without the table churn;
 *   <li>{@code gatewayIdNotIndexed}: a new id per response, sent as a literal that is not added to
 *       the dynamic table (an encoder with another {@code HpackHeaderFunction});
 *   <li>{@code bare}: the bare server's four fields.
 * </ul>
 *
 * <p>Run: {@code java -jar jmh-benchmarks/target/benchmarks.jar Http2ResponseHeadersBenchmark -prof
 * gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Http2ResponseHeadersBenchmark {
  private static final HttpString STATUS = new HttpString(":status");
  private static final HttpString REQUEST_ID = new HttpString("X-Request-Id");

  /** Distinct ids cycled through (more than the dynamic table can hold). */
  private static final int IDS = 4_096;

  @Param({"true"})
  public boolean direct;

  private final String[] ids = new String[IDS];
  private int next;
  private HpackEncoder encoder;
  private HpackEncoder idNotIndexed;
  private ByteBuffer target;
  private HeaderMap gateway;
  private HeaderMap bare;

  @Setup(Level.Trial)
  public void setUp() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < IDS; i++) {
      ids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
    }
    target = direct ? ByteBuffer.allocateDirect(64 * 1024) : ByteBuffer.allocate(64 * 1024);
    encoder = new HpackEncoder(4_096);
    idNotIndexed =
        new HpackEncoder(
            4_096,
            new HpackEncoder.HpackHeaderFunction() {
              @Override
              public boolean shouldUseIndexing(HttpString name, String value) {
                return !name.equals(REQUEST_ID)
                    && HpackEncoder.DEFAULT_HEADER_FUNCTION.shouldUseIndexing(name, value);
              }

              @Override
              public boolean shouldUseHuffman(HttpString name, String value) {
                return HpackEncoder.DEFAULT_HEADER_FUNCTION.shouldUseHuffman(name, value);
              }

              @Override
              public boolean shouldUseHuffman(HttpString name) {
                return HpackEncoder.DEFAULT_HEADER_FUNCTION.shouldUseHuffman(name);
              }
            });
    bare = new HeaderMap();
    bare.put(STATUS, "200");
    bare.put(Headers.CONTENT_TYPE, "application/json");
    bare.put(Headers.CONTENT_LENGTH, "303");
    bare.put(Headers.DATE, "Sun, 06 Dec 2026 21:30:00 GMT");
    gateway = new HeaderMap();
    gateway.putAll(bare);
    gateway.put(REQUEST_ID, ids[0]);
    gateway.put(new HttpString("X-Content-Type-Options"), "nosniff");
    gateway.put(new HttpString("X-Frame-Options"), "DENY");
    gateway.put(
        new HttpString("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
    gateway.put(new HttpString("Referrer-Policy"), "no-referrer");
    gateway.put(new HttpString("Strict-Transport-Security"), "max-age=31536000");
    gateway.put(new HttpString("X-Total-Count"), "1");
  }

  @Benchmark
  public int gateway() {
    gateway.put(REQUEST_ID, ids[next++ & (IDS - 1)]);
    return encode(gateway);
  }

  @Benchmark
  public int gatewayIdNotIndexed() {
    gateway.put(REQUEST_ID, ids[next++ & (IDS - 1)]);
    target.clear();
    idNotIndexed.encode(gateway, target);
    return target.position();
  }

  @Benchmark
  public int gatewayFixedId() {
    return encode(gateway);
  }

  @Benchmark
  public int bare() {
    return encode(bare);
  }

  private int encode(HeaderMap headers) {
    target.clear();
    encoder.encode(headers, target);
    return target.position();
  }
}
