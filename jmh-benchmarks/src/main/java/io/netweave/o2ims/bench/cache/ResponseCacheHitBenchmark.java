package io.netweave.o2ims.bench.cache;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheSettings;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.TieredResponseCache;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process hit path of the response cache, as an Undertow IO thread runs it: {@link
 * ResponseCache#peek} on a {@link TieredResponseCache} without Redis, and the loader-style {@link
 * ResponseCache#get(CacheKey, java.util.function.Function)} a worker runs (a hit for the hot keys,
 * a render of a shared body for evicted ones).
 *
 * <p>Keys: 10,000 resource paths, requested with a Zipf distribution (exponent 1.0, drawn once in
 * {@code @Setup} from a fixed seed), so a few keys are hot and the tail is long. Bodies: about 2 KB
 * (a single resource) or about 200 KB (a list page); 16 distinct bodies of each size are shared by
 * the entries so that the heap stays small while the cache's byte bound (256 MiB, the default)
 * still counts every entry's full size, i.e. with 200 KB bodies only about 1,300 entries fit and
 * the tail misses, as it would in production.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar ResponseCacheHitBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class ResponseCacheHitBenchmark {

  private static final int KEYS = 10_000;
  private static final int SAMPLES = 1 << 20;
  private static final int DISTINCT_BODIES = 16;

  @Param({"2048", "204800"})
  public int bodyBytes;

  private ResponseCache cache;
  private CacheKey[] keys;
  private CachedResponse[] responses;
  private int[] zipfSamples;

  /** Per-thread position in the shared Zipf sample. */
  @State(Scope.Thread)
  public static class Cursor {
    private int next;

    @Setup(Level.Trial)
    public void start() {
      next = (int) (Thread.currentThread().getId() * 7919) & (SAMPLES - 1);
    }

    int advance() {
      int current = next;
      next = (next + 1) & (SAMPLES - 1);
      return current;
    }
  }

  @Setup(Level.Trial)
  public void fill() {
    Random random = new Random(42);
    byte[][] bodies = new byte[DISTINCT_BODIES][];
    for (int i = 0; i < DISTINCT_BODIES; i++) {
      bodies[i] = jsonLikeBody(random, bodyBytes);
    }
    keys = new CacheKey[KEYS];
    responses = new CachedResponse[KEYS];
    for (int i = 0; i < KEYS; i++) {
      String path =
          "/o2ims-infrastructureInventory/v1/resourcePools/pool-" + (i % 50) + "/resources/" + i;
      keys[i] = new CacheKey(CacheRegion.RESOURCES, "v1", path, "");
      responses[i] =
          new CachedResponse(
              200,
              Map.of("Content-Type", "application/json", "X-Total-Count", "1"),
              bodies[i % DISTINCT_BODIES]);
    }
    zipfSamples = zipf(random, KEYS, 1.0, SAMPLES);
    cache = TieredResponseCache.builder().settings(CacheSettings.defaults()).build();
    // Fill from the cold end so that, where not everything fits, the hot keys are resident.
    for (int i = KEYS - 1; i >= 0; i--) {
      cache.put(keys[i], responses[i]);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    cache.close();
  }

  /** The IO-thread path: a non-blocking in-process lookup. */
  @Benchmark
  public Optional<CachedResponse> peek(Cursor cursor) {
    return cache.peek(keys[zipfSamples[cursor.advance()]]);
  }

  /** The worker path: lookup, or a (trivial) render and store on a miss. */
  @Benchmark
  public CachedResponse getOrLoad(Cursor cursor) {
    int index = zipfSamples[cursor.advance()];
    return cache.get(keys[index], key -> responses[index]);
  }

  private static byte[] jsonLikeBody(Random random, int size) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789\":,{}[] ";
    byte[] body = new byte[size];
    for (int i = 0; i < size; i++) {
      body[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return body;
  }

  /** {@code count} draws of key indexes in [0, n) with P(k) proportional to 1 / (k + 1)^s. */
  private static int[] zipf(Random random, int n, double s, int count) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1.0 / Math.pow(k + 1, s);
      cumulative[k] = sum;
    }
    int[] samples = new int[count];
    for (int i = 0; i < count; i++) {
      double u = random.nextDouble() * sum;
      int index = java.util.Arrays.binarySearch(cumulative, u);
      samples[i] = index >= 0 ? index : Math.min(n - 1, -index - 1);
    }
    return samples;
  }
}
