import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CPU time (the threads' CPU clocks and the process's, not wall time) of one access-log line
 * through the jar's logback.xml (BufferedStderrAppender, LineEncoder), two threads named as the
 * gateway's I/O threads logging at once. {@code info} logs with {@code Logger.info(String)} (the
 * access log before InfoLines), {@code infolines} with {@code InfoLines.info} (looked up at run
 * time, so the same file runs against a build without it in {@code info} mode). The line is the
 * access log's for the pools list. Standard error receives the lines: send it to /dev/null.
 *
 * <pre>
 * java -cp jmh-benchmarks/target/benchmarks.jar bench/AccessLineCpu.java info|infolines [LINES] 2>/dev/null
 * </pre>
 *
 * Eight rounds of LINES (default 2,000,000) per thread; the first two are warm-up. "process CPU"
 * includes the log-writer thread's writes and the JVM's own threads.
 */
public class AccessLineCpu {
  public static void main(String[] a) throws Exception {
    if (a.length < 1 || a.length > 2 || !a[0].matches("info|infolines")
        || (a.length == 2 && !a[1].matches("[1-9][0-9]*"))) {
      usage(); // on standard output: the command sends standard error to /dev/null
    }
    Logger log = LoggerFactory.getLogger("netweave.access");
    boolean direct = a[0].equals("infolines");
    java.lang.invoke.MethodHandle infoLines =
        direct
            ? java.lang.invoke.MethodHandles.publicLookup()
                .findStatic(
                    Class.forName("io.netweave.o2ims.server.internal.logging.InfoLines"),
                    "info",
                    java.lang.invoke.MethodType.methodType(void.class, Logger.class, String.class))
            : null;
    int n = a.length > 1 ? Integer.parseInt(a[1]) : 2_000_000;
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < 8; round++) {
      long[] cpu = new long[2];
      Thread[] t = new Thread[2];
      long p0 = os.getProcessCpuTime();
      for (int k = 0; k < 2; k++) {
        int kk = k;
        t[k] = new Thread(() -> {
          var mx = ManagementFactory.getThreadMXBean();
          long c0 = mx.getCurrentThreadCpuTime();
          for (int i = 0; i < n; i++) {
            String line =
                "0f8fad5b-d9cb-469f-a165-70867728950e GET"
                    + " /o2ims-infrastructureInventory/v1/resourcePools 200 303B "
                    + (i & 3)
                    + "ms";
            if (direct) {
              try {
                infoLines.invokeExact(log, line);
              } catch (Throwable e) {
                throw new IllegalStateException(e);
              }
            } else {
              log.info(line);
            }
          }
          cpu[kk] = mx.getCurrentThreadCpuTime() - c0;
        }, "XNIO-1 I/O-" + (k + 1));
        t[k].start();
      }
      for (Thread x : t) x.join();
      long p = os.getProcessCpuTime() - p0;
      System.err.flush();
      System.out.printf(
          "round %d: %.0f ns CPU per line on the logging threads, %.0f ns process CPU per line"
              + " (%s)%n",
          round, (cpu[0] + cpu[1]) / (2.0 * n), p / (2.0 * n), round < 2 ? "warm-up" : "measured");
    }
  }

  static void usage() {
    System.out.println("usage: java -cp jmh-benchmarks/target/benchmarks.jar bench/AccessLineCpu.java info|infolines [LINES] 2>/dev/null");
    System.exit(2);
  }
}
