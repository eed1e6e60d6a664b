import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Heap held by the query engine for the JSON of N demo nodes (ten pools, four node types): the live heap after
 * full GCs, before any query, after a v1 list (the v1 view of the snapshot is built) and after a v2
 * list as well. Uses only APIs that exist before and after the byte-backed engine, so the same
 * command compares two builds.
 *
 * <pre>
 * java -Xmx2g -XX:+UseSerialGC -cp jmh-benchmarks/target/benchmarks.jar bench/QueryJsonHeap.java 10000
 * </pre>
 */
public class QueryJsonHeap {
  public static void main(String[] args) {
    if (args.length != 1 || !args[0].matches("[1-9][0-9]*")) {
      fail("usage: java -Xmx2g -XX:+UseSerialGC -cp jmh-benchmarks/target/benchmarks.jar bench/QueryJsonHeap.java NODES");
    }
    int n = Integer.parseInt(args[0]);
    var mapper = O2Json.newMapper();
    UUID oc = UUID.nameUUIDFromBytes("heap".getBytes(StandardCharsets.UTF_8));
    var demo = new DemoInventory(oc, oc, "heap", "http://localhost:8080" + InventoryQueryService.PREFIX, 10, 4);
    var source = new DemoInventorySource(demo, n);
    var v1 = new InventoryQueryService(source, mapper, new PageMarkerCodec(new byte[32]), 1000);
    var v2 = v1.inView(ApiView.V2);
    long base = used();
    v1.list(ObjectType.RESOURCE, ListQuery.all(), "/r");
    long one = used();
    v2.list(ObjectType.RESOURCE, ListQuery.all(), "/r");
    long two = used();
    if (one < base || two < one) {
      // Each list only adds what the engine keeps: a drop means something else was freed meanwhile.
      fail(String.format("the live heap went down (%d, %d, %d bytes): no figure", base, one, two));
    }
    System.out.printf("nodes=%d v1 JSON: %d bytes/node; v1+v2 JSON: %d bytes/node (live heap %d, %d, %d bytes)%n",
        n, (one - base) / n, (two - base) / n, base, one, two);
    Reference.reachabilityFence(source);
    Reference.reachabilityFence(v1);
    Reference.reachabilityFence(v2);
  }

  /**
   * The live heap once it has settled: a full GC, a pause (so that the finalizer and cleaner threads
   * can run), another full GC, repeated until three readings in a row agree within 64 KB. Four
   * back-to-back GCs were not enough: the first reading after start-up was about 11 MB higher than
   * a reading taken a moment later (what was freed in between was not identified; objects waiting
   * for those threads are the likely kind), which made the 1,000-node figures negative. Exits 1 if every System.gc() was not a full collection (e.g. -XX:+DisableExplicitGC or a
   * concurrent collector) or the heap never settled: no figure is better than a wrong one.
   */
  static long used() {
    Runtime r = Runtime.getRuntime();
    long last = -1;
    int agreeing = 0;
    for (int round = 0; round < 50; round++) {
      long before = fullCollections();
      System.gc();
      if (fullCollections() <= before) {
        fail("System.gc() ran no full collection: run with -XX:+UseSerialGC, without -XX:+DisableExplicitGC");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
      System.gc();
      long now = r.totalMemory() - r.freeMemory();
      agreeing = last >= 0 && Math.abs(now - last) <= 65_536 ? agreeing + 1 : 0;
      last = now;
      if (agreeing == 2) {
        return now;
      }
    }
    fail("the live heap did not settle within 50 full GCs (last reading " + last + " bytes)");
    return -1;
  }

  /** Collections by the old-generation (full) collector: Serial's MarkSweepCompact, or G1/Parallel's old. */
  static long fullCollections() {
    long n = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = gc.getName();
      if (name.equals("MarkSweepCompact") || name.equals("PS MarkSweep") || name.equals("G1 Old Generation")) {
        n += gc.getCollectionCount();
      }
    }
    return n;
  }

  static void fail(String message) {
    System.err.println("QueryJsonHeap: " + message);
    System.exit(1);
  }
}
