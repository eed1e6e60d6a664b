import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
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
    System.out.printf("nodes=%d v1 JSON: %d bytes/node; v1+v2 JSON: %d bytes/node%n", n, (one - base) / n, (two - base) / n);
    Reference.reachabilityFence(source);
    Reference.reachabilityFence(v1);
    Reference.reachabilityFence(v2);
  }

  static long used() {
    Runtime r = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      best = Math.min(best, r.totalMemory() - r.freeMemory());
    }
    return best;
  }
}
