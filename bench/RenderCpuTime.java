import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.http.Responses;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * CPU time (not wall time) of one cache miss of a pool's resources list: the query service's page
 * and the server's own {@code Responses.page} (the response the cache would store), as in
 * ListSerializationBenchmark.renderAndSerialize, measured with the thread's CPU clock so that other
 * processes on a shared machine inflate it far less than wall-clock JMH scores. Uses only APIs that
 * exist before and after the byte-backed query engine, so the same command compares two builds.
 *
 * <pre>
 * java -cp jmh-benchmarks/target/benchmarks.jar bench/RenderCpuTime.java [RESOURCES] [SECONDS] [all|filtered|selected]
 * </pre>
 *
 * Warms up for SECONDS (default 10), then measures for SECONDS; prints CPU µs per render. The
 * query is the unfiltered list ({@code all}, the default), {@code filter=(eq,extensions/ready,true)}
 * ({@code filtered}) or {@code fields=extensions/nodeName} ({@code selected}).
 */
public class RenderCpuTime {
  public static void main(String[] args) {
    if (args.length > 3
        || (args.length > 0 && !args[0].matches("[1-9][0-9]*"))
        || (args.length > 1 && !args[1].matches("[1-9][0-9]*"))
        || (args.length > 2 && !args[2].matches("all|filtered|selected"))) {
      usage();
    }
    int resources = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
    String mode = args.length > 2 ? args[2] : "all";
    ListQuery query =
        switch (mode) {
          case "all" -> ListQuery.all();
          case "filtered" ->
              new ListQuery(
                  Filter.parse("(eq,extensions/ready,true)"), FieldSelector.all(), Optional.empty());
          case "selected" ->
              new ListQuery(
                  Filter.all(),
                  FieldSelector.parse(Map.of("fields", List.of("extensions/nodeName"))),
                  Optional.empty());
          default -> throw new IllegalArgumentException("mode: all, filtered or selected");
        };
    var mapper = O2Json.newMapper();
    UUID ocloud = UUID.nameUUIDFromBytes("netweave-bench".getBytes(StandardCharsets.UTF_8));
    UUID global = UUID.nameUUIDFromBytes("global".getBytes(StandardCharsets.UTF_8));
    var demo =
        new DemoInventory(
            ocloud, global, "netweave-bench", "http://localhost:8080" + InventoryQueryService.PREFIX, 1, 4);
    var inventory =
        new InventoryQueryService(
            new DemoInventorySource(demo, resources), mapper, new PageMarkerCodec(new byte[32]), 1000);
    UUID pool = demo.resourcePools().get(0).resourcePoolId();
    String path = InventoryQueryService.PREFIX + "/v1/resourcePools/" + pool + "/resources";
    Responses responses = new Responses(mapper);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long sink = 0;
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < until) {
      sink += render(inventory, responses, pool, path, query).body().length;
    }
    int ops = 0;
    long wallStart = System.nanoTime();
    long cpuStart = cpu.getCurrentThreadCpuTime();
    until = wallStart + seconds * 1_000_000_000L;
    while (System.nanoTime() < until) {
      sink += render(inventory, responses, pool, path, query).body().length;
      ops++;
    }
    long cpuNanos = cpu.getCurrentThreadCpuTime() - cpuStart;
    long wallNanos = System.nanoTime() - wallStart;
    System.out.printf(
        "resources=%d query=%s renders=%d cpu=%.1f us/render wall=%.1f us/render (checksum %d)%n",
        resources, mode, ops, cpuNanos / 1e3 / ops, wallNanos / 1e3 / ops, sink % 1000);
  }

  private static CachedResponse render(
      InventoryQueryService inventory, Responses responses, UUID pool, String path, ListQuery q) {
    return responses.page(inventory.resourcesOf(pool, q, path), path, "");
  }

  static void usage() {
    System.err.println("usage: java -cp jmh-benchmarks/target/benchmarks.jar bench/RenderCpuTime.java [RESOURCES] [SECONDS] [all|filtered|selected]");
    System.exit(2);
  }
}
