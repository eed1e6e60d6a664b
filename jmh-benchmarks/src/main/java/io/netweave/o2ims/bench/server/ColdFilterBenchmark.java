package io.netweave.o2ims.bench.server;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import io.netweave.o2ims.server.internal.query.Page;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A filtered query over every resource of a large O-Cloud, as a response-cache miss computes it
 * (issue 13: "a filtered cold query over every resource"): {@link
 * InventoryQueryService#resourcesOf} of the one pool holding all {@code nodes} nodes, with a
 * filter, and the page's body.
 *
 * <p>"Cold" is the response cache's view: the query itself was never answered. What the query
 * engine keeps per inventory revision (each object's JSON, and what filters extracted from it) is
 * warm after the first query of the revision, as in the server between inventory changes; {@link
 * #firstFilterOfRevision} measures the first query on a path after a change instead.
 *
 * <ul>
 *   <li>{@code nodeName}: {@code (eq,extensions/nodeName,<one node>)}, one match: the scale run's
 *       query.
 *   <li>{@code ready}: {@code (eq,extensions/ready,true)}, about nine in ten nodes match: every
 *       object is tested and a full page rendered.
 *   <li>{@code zoneAndReady}: a label and a boolean, {@code
 *       (eq,extensions/labels/topology.kubernetes.io~1zone,zone-a);(neq,extensions/ready,false)}.
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -o -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar ColdFilterBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ColdFilterBenchmark {
  private static final int PAGE_SIZE = 1000;

  @Param({"50000"})
  public int nodes;

  @Param({"nodeName", "ready", "zoneAndReady"})
  public String filter;

  private DemoInventorySource source;
  private InventoryQueryService inventory;
  private UUID poolId;
  private String path;
  private ListQuery query;
  private int expected = -1;

  @Setup(Level.Trial)
  public void build() {
    DemoInventory demo = BenchInventory.demo();
    source = new DemoInventorySource(demo, nodes);
    inventory = service();
    poolId = demo.resourcePools().get(0).resourcePoolId();
    path = InventoryQueryService.PREFIX + "/v1/resourcePools/" + poolId + "/resources";
    String text =
        switch (filter) {
          case "nodeName" -> "(eq,extensions/nodeName," + nodeName() + ")";
          case "ready" -> "(eq,extensions/ready,true)";
          case "zoneAndReady" ->
              "(eq,extensions/labels/topology.kubernetes.io~1zone,zone-a);"
                  + "(neq,extensions/ready,false)";
          default -> throw new IllegalArgumentException(filter);
        };
    query = new ListQuery(Filter.parse(text), FieldSelector.all(), Optional.empty());
    Page page = inventory.resourcesOf(poolId, query, path);
    if (filter.equals("nodeName") && page.total() != 1) {
      throw new IllegalStateException(text + " selected " + page.total() + " nodes");
    }
    expected = page.total();
  }

  private InventoryQueryService service() {
    return new InventoryQueryService(
        source, O2Json.newMapper(), new PageMarkerCodec(new byte[32]), PAGE_SIZE);
  }

  /** The JSON name of a node in the middle of the inventory. */
  private String nodeName() {
    Page all = inventory.resourcesOf(poolId, ListQuery.all(), path);
    String json = new String(all.itemJson().get(all.itemJson().size() / 2), StandardCharsets.UTF_8);
    int at = json.indexOf("\"nodeName\":\"") + "\"nodeName\":\"".length();
    return json.substring(at, json.indexOf('"', at));
  }

  /** The filtered query and its body, as a response-cache miss renders it. */
  @Benchmark
  public byte[] filteredQuery() {
    Page page = inventory.resourcesOf(poolId, query, path);
    if (page.total() != expected) {
      throw new IllegalStateException("the inventory changed under the benchmark");
    }
    return page.json();
  }

  /**
   * The same query as the first on its path after an inventory change: a new query engine (its
   * objects' JSON built outside the measurement by an unfiltered query), so whatever the engine
   * extracts per revision for the filter is extracted inside it.
   */
  @Benchmark
  public byte[] firstFilterOfRevision(FreshEngine fresh) {
    return fresh.inventory.resourcesOf(poolId, query, path).json();
  }

  /**
   * The first query on its path after a start when the engine built the filter's columns ahead
   * ({@code server.filter_columns}: {@link InventoryQueryService#prepareFilters} on the background
   * thread, outside the measurement): what the first SMO to ask now waits for.
   */
  @Benchmark
  public byte[] firstFilterOfRevisionPrepared(PreparedEngine prepared) {
    return prepared.inventory.resourcesOf(poolId, query, path).json();
  }

  /**
   * The background work that takes the column building off the request path: {@link
   * InventoryQueryService#prepareFilters} for the filter's paths on an engine that has served only
   * an unfiltered list (once per start, per path).
   */
  @Benchmark
  public boolean prepareFilters(FreshEngine fresh) {
    return fresh.inventory.prepareFilters(paths());
  }

  /**
   * The first query after one resource changed, on an engine whose columns for the filter were
   * built (the steady state): the new revision's table is derived from the previous one, re-reading
   * the changed object and updating the columns and the {@code eq} index it is in.
   */
  @Benchmark
  public byte[] firstFilterAfterAChange(ChangedEngine changed) {
    return changed.inventory.resourcesOf(poolId, query, path).json();
  }

  /**
   * {@link #firstFilterAfterAChange}'s setup alone (the demo source's change and the previous
   * revision's query, both outside the measured method), with nothing measured but a field read:
   * JMH's GC profiler counts a per-invocation setup's allocations, so this row's bytes per
   * operation are what to subtract from {@link #firstFilterAfterAChange}'s to get the query's own.
   */
  @Benchmark
  public long aChangeAlone(ChangedEngine changed) {
    return changed.next;
  }

  private java.util.List<java.util.List<String>> paths() {
    return query.filter().terms().stream().map(Filter.Term::path).distinct().toList();
  }

  /** A query engine that has built the filter's columns ahead (built per invocation). */
  @State(Scope.Thread)
  public static class PreparedEngine {
    InventoryQueryService inventory;

    @Setup(Level.Invocation)
    public void build(ColdFilterBenchmark b) {
      inventory = b.service();
      inventory.resourcesOf(b.poolId, ListQuery.all(), b.path);
      inventory.prepareFilters(b.paths());
    }
  }

  /**
   * The benchmark's engine after one resource's label changed (a new revision per invocation); the
   * engine answered the filter on the previous revision.
   */
  @State(Scope.Thread)
  public static class ChangedEngine {
    InventoryQueryService inventory;
    private java.util.List<UUID> ids;
    private int next;

    @Setup(Level.Invocation)
    public void change(ColdFilterBenchmark b) {
      if (ids == null) {
        ids = new java.util.ArrayList<>(b.source.snapshot().resources().keySet());
        inventory = b.service();
        inventory.resourcesOf(b.poolId, b.query, b.path);
      }
      inventory.resourcesOf(b.poolId, b.query, b.path); // the previous revision's query
      UUID id = ids.get((next++ * 7919) % ids.size());
      b.source.modifyResource(
          id,
          new DemoInventorySource.NodeSpec(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              java.util.Map.of("bench.example.com/round", Integer.toString(next))));
    }
  }

  /** A query engine that has served only an unfiltered list (built per invocation). */
  @State(Scope.Thread)
  public static class FreshEngine {
    InventoryQueryService inventory;

    @Setup(Level.Invocation)
    public void build(ColdFilterBenchmark b) {
      inventory = b.service();
      inventory.resourcesOf(b.poolId, ListQuery.all(), b.path);
    }
  }
}
