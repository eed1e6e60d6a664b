import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheSettings;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.TieredResponseCache;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * CPU time (the threads' CPU clocks, not wall time) of a hit in the in-process response cache with
 * two threads looking up the same key at once, as the gateway's two I/O threads do under {@code
 * bench/http-load.sh}'s pools run: {@code TieredResponseCache.peek} without Redis on the pools
 * list's key, each lookup with a fresh key object (a request builds its own). Uses only the cache's
 * public API, so the same command compares two builds.
 *
 * <pre>
 * java -cp jmh-benchmarks/target/benchmarks.jar bench/CacheHitCpu.java [LOOKUPS]
 * </pre>
 *
 * Six rounds of LOOKUPS (default 5,000,000) per thread; the first two are warm-up.
 */
public class CacheHitCpu {
  private static final String PATH = "/o2ims-infrastructureinventory/v1/resourcepools";

  public static void main(String[] a) throws Exception {
    if (a.length > 1 || (a.length == 1 && !a[0].matches("[1-9][0-9]*"))) {
      usage();
    }
    ResponseCache cache = TieredResponseCache.builder().settings(CacheSettings.defaults()).build();
    cache.put(
        new CacheKey(CacheRegion.RESOURCE_POOLS, "v1", PATH, ""),
        new CachedResponse(200, Map.of("Content-Type", "application/json"), new byte[303]));
    int n = a.length > 0 ? Integer.parseInt(a[0]) : 5_000_000;
    for (int round = 0; round < 6; round++) {
      long[] cpu = new long[2];
      long[] found = new long[2];
      Thread[] t = new Thread[2];
      for (int k = 0; k < 2; k++) {
        int kk = k;
        t[k] =
            new Thread(
                () -> {
                  var mx = ManagementFactory.getThreadMXBean();
                  long c0 = mx.getCurrentThreadCpuTime();
                  long hits = 0;
                  for (int i = 0; i < n; i++) {
                    // A new path string per lookup, as a request's normalised path is.
                    String path = new String(PATH);
                    if (cache.peek(new CacheKey(CacheRegion.RESOURCE_POOLS, "v1", path, ""))
                        .isPresent()) {
                      hits++;
                    }
                  }
                  cpu[kk] = mx.getCurrentThreadCpuTime() - c0;
                  found[kk] = hits;
                });
        t[k].start();
      }
      for (Thread x : t) x.join();
      if (found[0] + found[1] != 2L * n) {
        throw new IllegalStateException("not every lookup hit: " + (found[0] + found[1]));
      }
      System.out.printf(
          "round %d: %.1f ns CPU per lookup (%s); hits counted %d%n",
          round,
          (cpu[0] + cpu[1]) / (2.0 * n),
          round < 2 ? "warm-up" : "measured",
          cache.stats().regions().get(CacheRegion.RESOURCE_POOLS).hits());
    }
  }

  static void usage() {
    System.err.println("usage: java -cp jmh-benchmarks/target/benchmarks.jar bench/CacheHitCpu.java [LOOKUPS]");
    System.exit(2);
  }
}
