import io.undertow.protocols.http2.HpackEncoder;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CPU time (the thread's CPU clock, not wall time) of HPACK-encoding one HTTP/2 response's header
 * block with Undertow's {@code HpackEncoder} (one per connection, 4,096-byte dynamic table), for
 * the variants of {@code Http2ResponseHeadersBenchmark}: the gateway's eleven fields with a new
 * {@code X-Request-Id} per response (Undertow's encoder: every id enters the dynamic table), the
 * same with the id sent as a literal that is not indexed (an encoder with another header
 * function), the same with one fixed id (no table churn), and the bare server's four fields.
 * Measured on the CPU clock so that a shared machine inflates it far less than a JMH score.
 *
 * <pre>
 * java -cp jmh-benchmarks/target/benchmarks.jar bench/Http2HeadersCpu.java [ENCODES]
 * </pre>
 *
 * Six rounds of ENCODES (default 2,000,000) per variant, variants interleaved within a round; the
 * first two rounds are warm-up.
 */
public class Http2HeadersCpu {
  static final HttpString STATUS = new HttpString(":status");
  static final HttpString REQUEST_ID = new HttpString("X-Request-Id");

  public static void main(String[] a) {
    if (a.length > 1 || (a.length == 1 && !a[0].matches("[1-9][0-9]*"))) {
      usage();
    }
    int n = a.length > 0 ? Integer.parseInt(a[0]) : 2_000_000;
    String[] ids = new String[4096];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < ids.length; i++) {
      ids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
    }
    HeaderMap bare = new HeaderMap();
    bare.put(STATUS, "200");
    bare.put(Headers.CONTENT_TYPE, "application/json");
    bare.put(Headers.CONTENT_LENGTH, "303");
    bare.put(Headers.DATE, "Sun, 06 Dec 2026 21:30:00 GMT");
    HeaderMap gateway = new HeaderMap();
    gateway.putAll(bare);
    gateway.put(REQUEST_ID, ids[0]);
    gateway.put(new HttpString("X-Content-Type-Options"), "nosniff");
    gateway.put(new HttpString("X-Frame-Options"), "DENY");
    gateway.put(new HttpString("Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
    gateway.put(new HttpString("Referrer-Policy"), "no-referrer");
    gateway.put(new HttpString("Strict-Transport-Security"), "max-age=31536000");
    gateway.put(new HttpString("X-Total-Count"), "1");
    HpackEncoder.HpackHeaderFunction idNotIndexed = new HpackEncoder.HpackHeaderFunction() {
      public boolean shouldUseIndexing(HttpString name, String value) {
        return !name.equals(REQUEST_ID) && HpackEncoder.DEFAULT_HEADER_FUNCTION.shouldUseIndexing(name, value);
      }
      public boolean shouldUseHuffman(HttpString name, String value) {
        return HpackEncoder.DEFAULT_HEADER_FUNCTION.shouldUseHuffman(name, value);
      }
      public boolean shouldUseHuffman(HttpString name) {
        return HpackEncoder.DEFAULT_HEADER_FUNCTION.shouldUseHuffman(name);
      }
    };
    String[] names = {"gateway, new id per response", "gateway, id not indexed", "gateway, fixed id", "bare server"};
    HpackEncoder[] encoders = new HpackEncoder[4];
    encoders[0] = new HpackEncoder(4096);
    encoders[1] = new HpackEncoder(4096, idNotIndexed);
    encoders[2] = new HpackEncoder(4096);
    encoders[3] = new HpackEncoder(4096);
    ByteBuffer target = ByteBuffer.allocateDirect(64 * 1024);
    var mx = ManagementFactory.getThreadMXBean();
    long bytes = 0;
    for (int round = 0; round < 6; round++) {
      StringBuilder line = new StringBuilder("round " + round + ":");
      for (int v = 0; v < 4; v++) {
        HeaderMap headers = v == 3 ? bare : gateway;
        gateway.put(REQUEST_ID, ids[0]);
        long c0 = mx.getCurrentThreadCpuTime();
        long size = 0;
        for (int i = 0; i < n; i++) {
          if (v < 2) {
            gateway.put(REQUEST_ID, ids[i & 4095]);
          }
          target.clear();
          encoders[v].encode(headers, target);
          size += target.position();
        }
        long cpu = mx.getCurrentThreadCpuTime() - c0;
        bytes += size;
        line.append(String.format("  %s %.0f ns (%.1f B)", names[v], (double) cpu / n, (double) size / n));
      }
      System.out.println(line);
    }
    System.out.println("(" + bytes + " bytes encoded)");
  }

  static void usage() {
    System.err.println("usage: java -cp jmh-benchmarks/target/benchmarks.jar bench/Http2HeadersCpu.java [ENCODES]");
    System.exit(2);
  }
}
