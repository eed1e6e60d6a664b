package io.netweave.o2ims.bench.server;

import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
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
 * The deflate level of the gateway's gzip bodies ({@code server.compression.*}): the time to
 * gzip-compress a real 1,000-resource page at levels 1, 4 and 6, as the server's {@code
 * Compression} does it (a {@link GZIPOutputStream} with its deflater at the level, a 64 KiB buffer,
 * into a byte array of an eighth of the input). {@code @Setup} prints the page's size, the gzip
 * size, the ratio and the thread's CPU time per MB (70 compressions after 20 warm ones, on the CPU
 * clock, so another process's load does not count) per level; the score is wall time.
 *
 * <p>The page is the gateway's own render of the demo inventory's pool with 1,000 nodes (the
 * default page size), or, with {@code -p pageFile=FILE}, a body saved from a running gateway (e.g.
 * {@code curl -s URL > page.json} on bench/scale.sh's 50,000-node emulator). Single-threaded, one
 * compression per operation; the gateway compresses a cached page once, so this is the cost of the
 * first gzip request of a page, not of every one.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar GzipLevelBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class GzipLevelBenchmark {
  @Param({"1", "4", "6"})
  public int level;

  /** A saved response body to compress instead of the demo page (empty: the demo page). */
  @Param({""})
  public String pageFile;

  private byte[] page;

  @Setup(Level.Trial)
  public void build() throws IOException {
    page = pageFile.isEmpty() ? demoPage() : Files.readAllBytes(Path.of(pageFile));
    int gzip = gzip().length;
    // CPU time of the setup thread (other processes' load inflates the score's wall time, not
    // this).
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20; i++) {
      gzip();
    }
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < 50; i++) {
      gzip();
    }
    double cpuMsPerMb = (threads.getCurrentThreadCpuTime() - cpu) / 50 / 1e6 / (page.length / 1e6);
    System.out.printf(
        "%npage %d bytes, level %d: gzip %d bytes, ratio %.2f, thread CPU %.2f ms per MB%n",
        page.length, level, gzip, (double) page.length / gzip, cpuMsPerMb);
  }

  private static byte[] demoPage() {
    DemoInventory demo = BenchInventory.demo();
    InventoryQueryService inventory =
        new InventoryQueryService(
            new DemoInventorySource(demo, 1000),
            O2Json.newMapper(),
            new PageMarkerCodec(new byte[32]),
            1000);
    UUID pool = demo.resourcePools().get(0).resourcePoolId();
    String path = InventoryQueryService.PREFIX + "/v1/resourcePools/" + pool + "/resources";
    return inventory.resourcesOf(pool, ListQuery.all(), path).json();
  }

  /** One page compressed at {@link #level}. */
  @Benchmark
  public byte[] gzip() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(page.length / 8 + 64);
    try (GZIPOutputStream gzip = new Leveled(out, level)) {
      gzip.write(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static final class Leveled extends GZIPOutputStream {
    Leveled(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(level);
    }
  }
}
