import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CPU time (the threads' CPU clocks, not wall time) of {@code RequestMetrics.record} with two
 * threads recording into the same series at once, as the gateway's two I/O threads do under
 * {@code bench/http-load.sh}'s pools run: RequestMetricsBenchmark's work, measured so that other
 * processes on a shared machine inflate it far less than a wall-clock JMH score. Uses only the
 * {@code RequestMetrics(MetricRegistry)} constructor and {@code record}, which exist before and
 * after the request metrics' buckets, so the same command compares two builds.
 *
 * <pre>
 * java -cp jmh-benchmarks/target/benchmarks.jar bench/RequestMetricsCpu.java [RECORDS]
 * </pre>
 *
 * Six rounds of RECORDS (default 5,000,000) per thread; the first two are warm-up.
 */
public class RequestMetricsCpu {
  public static void main(String[] a) throws Exception {
    if (a.length > 1 || (a.length == 1 && !a[0].matches("[1-9][0-9]*"))) {
      usage();
    }
    RequestMetrics m = new RequestMetrics(new MetricRegistry());
    int n = a.length > 0 ? Integer.parseInt(a[0]) : 5_000_000;
    for (int round = 0; round < 6; round++) {
      long[] cpu = new long[2];
      Thread[] t = new Thread[2];
      for (int k = 0; k < 2; k++) {
        int kk = k;
        t[k] = new Thread(() -> {
          var mx = ManagementFactory.getThreadMXBean();
          long c0 = mx.getCurrentThreadCpuTime();
          for (int i = 0; i < n; i++) {
            long nanos = 200_000 + ThreadLocalRandom.current().nextInt(800_000);
            m.record("/o2ims-infrastructureInventory/v1/resourcePools", "GET", 200, nanos);
          }
          cpu[kk] = mx.getCurrentThreadCpuTime() - c0;
        });
        t[k].start();
      }
      for (Thread x : t) x.join();
      System.out.printf(
          "round %d: %.1f ns CPU per record (%s)%n",
          round, (cpu[0] + cpu[1]) / (2.0 * n), round < 2 ? "warm-up" : "measured");
    }
  }

  static void usage() {
    System.err.println("usage: java -cp jmh-benchmarks/target/benchmarks.jar bench/RequestMetricsCpu.java [RECORDS]");
    System.exit(2);
  }
}
