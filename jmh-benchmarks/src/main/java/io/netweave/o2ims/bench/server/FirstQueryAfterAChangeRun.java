package io.netweave.o2ims.bench.server;

import com.sun.management.ThreadMXBean;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import io.netweave.o2ims.server.internal.query.Page;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Hand-run tool (not part of {@code mvn verify}): the CPU time and the bytes the query thread
 * spends on the first filtered query after each change of one resource, at {@code nodes} nodes,
 * measured with the thread's own CPU-time and allocation counters, so the figure does not depend on
 * how busy the machine is (unlike {@code ColdFilterBenchmark.firstFilterAfterAChange}'s wall
 * clock), and the same for the same query asked again on the same revision (the warm query, {@code
 * ColdFilterBenchmark.filteredQuery}). The change itself (the demo source's new snapshot) is made
 * outside the measurement. The query is over the one pool holding every node, with {@code
 * ColdFilterBenchmark}'s filters: {@code nodeName} ({@code (eq,extensions/nodeName,<a node>)}, the
 * scale run's query), {@code ready}, {@code zoneAndReady}.
 *
 * <p>Run: {@code java -cp jmh-benchmarks/target/benchmarks.jar
 * io.netweave.o2ims.bench.server.FirstQueryAfterAChangeRun [NODES [CHANGES [WARMUP [FILTER]]]]}
 * (defaults 50000, 300, 200, nodeName; FILTER nodeName, ready or zoneAndReady).
 */
public final class FirstQueryAfterAChangeRun {
  private FirstQueryAfterAChangeRun() {}

  public static void main(String[] args) {
    if (args.length > 4
        || !Arrays.stream(args).limit(3).allMatch(a -> a.matches("[1-9][0-9]*"))
        || (args.length == 4 && !List.of("nodeName", "ready", "zoneAndReady").contains(args[3]))) {
      System.err.println(
          "usage: FirstQueryAfterAChangeRun [NODES [CHANGES [WARMUP [FILTER]]]]"
              + " (defaults 50000, 300, 200, nodeName; FILTER nodeName, ready or zoneAndReady)");
      System.exit(2);
    }
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    String filter = args.length > 3 ? args[3] : "nodeName";
    DemoInventory demo = BenchInventory.demo();
    DemoInventorySource source = new DemoInventorySource(demo, nodes);
    InventoryQueryService inventory =
        new InventoryQueryService(
            source, O2Json.newMapper(), new PageMarkerCodec(new byte[32]), 1000);
    UUID pool = demo.resourcePools().get(0).resourcePoolId();
    String path = InventoryQueryService.PREFIX + "/v1/resourcePools/" + pool + "/resources";
    Page all = inventory.resourcesOf(pool, ListQuery.all(), path);
    String json = new String(all.itemJson().get(all.itemJson().size() / 2), StandardCharsets.UTF_8);
    int at = json.indexOf("\"nodeName\":\"") + "\"nodeName\":\"".length();
    String name = json.substring(at, json.indexOf('"', at));
    String text =
        switch (filter) {
          case "nodeName" -> "(eq,extensions/nodeName," + name + ")";
          case "ready" -> "(eq,extensions/ready,true)";
          case "zoneAndReady" ->
              "(eq,extensions/labels/topology.kubernetes.io~1zone,zone-a);"
                  + "(neq,extensions/ready,false)";
          default -> throw new IllegalArgumentException(filter);
        };
    ListQuery query = new ListQuery(Filter.parse(text), FieldSelector.all(), Optional.empty());
    int expected = inventory.resourcesOf(pool, query, path).total();
    List<UUID> ids = new ArrayList<>(source.snapshot().resources().keySet());
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] cpu = new long[changes];
    long[] bytes = new long[changes];
    long[] warmCpu = new long[changes];
    long[] warmBytes = new long[changes];
    for (int round = 0; round < warmup + changes; round++) {
      source.modifyResource(
          ids.get((round * 7919) % ids.size()),
          new DemoInventorySource.NodeSpec(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Map.of("bench.example.com/round", Integer.toString(round))));
      long c0 = threads.getCurrentThreadCpuTime();
      long b0 = threads.getCurrentThreadAllocatedBytes();
      int total = inventory.resourcesOf(pool, query, path).total();
      long c1 = threads.getCurrentThreadCpuTime();
      long b1 = threads.getCurrentThreadAllocatedBytes();
      inventory.resourcesOf(pool, query, path).json();
      long c2 = threads.getCurrentThreadCpuTime();
      long b2 = threads.getCurrentThreadAllocatedBytes();
      if (filter.equals("nodeName") && total != expected) {
        throw new IllegalStateException("the query selected " + total);
      }
      if (round >= warmup) {
        cpu[round - warmup] = c1 - c0;
        bytes[round - warmup] = b1 - b0;
        warmCpu[round - warmup] = c2 - c1;
        warmBytes[round - warmup] = b2 - b1;
      }
    }
    System.out.printf(
        "%s, nodes %d, changes %d (after %d warm-up)%n", filter, nodes, changes, warmup);
    print("first query after a change", cpu, bytes);
    print("the same query again (warm)", warmCpu, warmBytes);
  }

  private static void print(String what, long[] cpu, long[] bytes) {
    Arrays.sort(cpu);
    Arrays.sort(bytes);
    int n = cpu.length;
    System.out.printf(
        "  %s: CPU median %.3f ms, mean %.3f ms, p90 %.3f ms; allocated median %,d B, mean %,d B%n",
        what,
        cpu[n / 2] / 1e6,
        Arrays.stream(cpu).average().orElse(0) / 1e6,
        cpu[n * 9 / 10] / 1e6,
        bytes[n / 2],
        (long) Arrays.stream(bytes).average().orElse(0));
  }
}
