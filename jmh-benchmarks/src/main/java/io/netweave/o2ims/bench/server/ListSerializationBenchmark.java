package io.netweave.o2ims.bench.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheSettings;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.TieredResponseCache;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import io.netweave.o2ims.server.internal.query.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A resources list ({@code GET .../resourcePools/{id}/resources}) of 1, 100 and 1,000 objects: what
 * the gateway does on a response-cache miss, against what it does on a hit.
 *
 * <p>{@code @Setup} builds the gateway's own query service the way {@code Main} does: a {@link
 * DemoInventorySource} with one pool holding {@code resources} nodes (four node types, labels and
 * conditions as the demo generates them), an {@link InventoryQueryService} with the {@link
 * O2Json#newMapper()} mapper, a page-marker codec and the default page size (1,000, so every size
 * here is one page). The v1 JSON of the snapshot (each object's default JSON as bytes) is built
 * once per inventory revision by the service, as in the server; a call after a change pays that
 * once more for the objects that changed, which this benchmark does not measure.
 *
 * <p>{@link #renderAndSerialize} is the miss: {@link InventoryQueryService#resourcesOf} (pool
 * lookup, the pool's resources, filter and paging) and the page's body built as the server builds
 * it ({@link Page#json()}: the objects' bytes concatenated into an array), plus the {@code
 * X-Total-Count} header map. The server's {@code Responses.page} does exactly this but is
 * package-private in {@code internal.http}, so the benchmark repeats its two steps (the {@code
 * Link} header is absent for a single page). {@link #cacheHit} is the hit for the same request:
 * {@link ResponseCache#peek} on a {@link TieredResponseCache} without Redis that holds the rendered
 * response under the key {@code CachedReads} would use. Neither includes the HTTP write; see {@code
 * bench/http-load.sh} for the whole request.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar ListSerializationBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ListSerializationBenchmark {
  private static final int PAGE_SIZE = 1000;

  @Param({"1", "100", "1000"})
  public int resources;

  private ObjectMapper mapper;
  private InventoryQueryService inventory;
  private UUID poolId;
  private String path;
  private ResponseCache cache;
  private CacheKey key;
  private ListQuery filtered;
  private ListQuery selected;

  @Setup(Level.Trial)
  public void build() throws JsonProcessingException {
    mapper = O2Json.newMapper();
    DemoInventory demo = BenchInventory.demo();
    DemoInventorySource source = new DemoInventorySource(demo, resources);
    inventory =
        new InventoryQueryService(source, mapper, new PageMarkerCodec(new byte[32]), PAGE_SIZE);
    poolId = demo.resourcePools().get(0).resourcePoolId();
    filtered =
        new ListQuery(
            Filter.parse("(eq,extensions/ready,true)"), FieldSelector.all(), Optional.empty());
    selected =
        new ListQuery(
            Filter.all(),
            FieldSelector.parse(Map.of("fields", List.of("extensions/nodeName"))),
            Optional.empty());
    path = InventoryQueryService.PREFIX + "/v1/resourcePools/" + poolId + "/resources";

    CachedResponse rendered = renderAndSerialize();
    if (rendered.body().length == 0 || !headerTotal(rendered).equals(Integer.toString(resources))) {
      throw new IllegalStateException("unexpected page for " + resources + " resources");
    }
    cache = TieredResponseCache.builder().settings(CacheSettings.defaults()).build();
    key = new CacheKey(CacheRegion.RESOURCES, "v1", path, ListQuery.all().canonical());
    cache.put(key, rendered);
  }

  @TearDown(Level.Trial)
  public void close() {
    cache.close();
  }

  /** Cache miss: render the page from the snapshot and serialize it (Responses.page's work). */
  @Benchmark
  public CachedResponse renderAndSerialize() throws JsonProcessingException {
    Page page = inventory.resourcesOf(poolId, ListQuery.all(), path);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Total-Count", Integer.toString(page.total()));
    headers.put("Content-Type", "application/json");
    return new CachedResponse(200, headers, page.json());
  }

  /**
   * Cache miss of a filtered list, {@code filter=(eq,extensions/ready,true)}: every object is
   * tested (the filter reads only {@code extensions} of each object's bytes), the matching ones
   * concatenated.
   */
  @Benchmark
  public CachedResponse renderFiltered() {
    Page page = inventory.resourcesOf(poolId, filtered, path);
    return new CachedResponse(
        200, Map.of("X-Total-Count", Integer.toString(page.total())), page.json());
  }

  /**
   * Cache miss of a list with a selector, {@code fields=extensions/nodeName}: each object of the
   * page is parsed, projected and written again.
   */
  @Benchmark
  public CachedResponse renderSelected() {
    Page page = inventory.resourcesOf(poolId, selected, path);
    return new CachedResponse(
        200, Map.of("X-Total-Count", Integer.toString(page.total())), page.json());
  }

  /** Cache hit for the same request: the IO thread's in-process lookup. */
  @Benchmark
  public Optional<CachedResponse> cacheHit() {
    return cache.peek(key);
  }

  private static String headerTotal(CachedResponse response) {
    return response.headers().getOrDefault("X-Total-Count", "");
  }
}
