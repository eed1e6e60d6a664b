package io.netweave.o2ims.bench.client;

import com.fasterxml.jackson.databind.ObjectReader;
import io.netweave.o2ims.client.internal.Exchange;
import io.netweave.o2ims.client.internal.JsonBodies;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the SDK takes to turn one full page of a resource list (1,000 nodes, the server's
 * default page size, about 1 KB of JSON each with labels, capacity and node info) into {@link
 * Resource} records, exactly as {@code InventoryCollection.list()} does per page.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar ListResponseParsingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ListResponseParsingBenchmark {
  private JsonBodies json;
  private ObjectReader reader;
  private Exchange page;

  @Setup
  public void setUp() throws Exception {
    json = new JsonBodies(O2Json.newMapper());
    reader = json.listReader(Resource.class);
    UUID pool = UUID.nameUUIDFromBytes("pool-zone-a".getBytes(StandardCharsets.UTF_8));
    UUID type = UUID.nameUUIDFromBytes("type-m5.xlarge".getBytes(StandardCharsets.UTF_8));
    List<Resource> resources = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put("kubernetes.io/hostname", "worker-" + i);
      labels.put("kubernetes.io/arch", "amd64");
      labels.put("topology.kubernetes.io/zone", "eu-west-1a");
      labels.put("node.kubernetes.io/instance-type", "m5.xlarge");
      Map<String, Object> extensions = new LinkedHashMap<>();
      extensions.put("nodeName", "worker-" + i);
      extensions.put("labels", labels);
      extensions.put("capacity", Map.of("cpu", "4", "memory", "16077300Ki", "pods", "110"));
      extensions.put("allocatable", Map.of("cpu", "3920m", "memory", "15460900Ki", "pods", "110"));
      extensions.put(
          "nodeInfo",
          Map.of(
              "kubeletVersion", "v1.31.2",
              "osImage", "Ubuntu 24.04.1 LTS",
              "kernelVersion", "6.8.0-1019-aws",
              "containerRuntimeVersion", "containerd://1.7.22",
              "architecture", "amd64"));
      extensions.put("ready", i % 50 != 0);
      extensions.put("unschedulable", false);
      extensions.put("conditions", Map.of("Ready", "True", "MemoryPressure", "False"));
      UUID id = UUID.nameUUIDFromBytes(("node-" + i).getBytes(StandardCharsets.UTF_8));
      resources.add(
          new Resource(
              id,
              pool,
              type,
              "aws:///eu-west-1a/i-0" + Integer.toHexString(0x1000000 + i),
              "node worker-" + i,
              List.of(),
              List.of(),
              List.of(),
              extensions));
    }
    byte[] body = O2Json.newMapper().writeValueAsBytes(resources);
    page =
        new Exchange(
            "GET",
            HttpUrl.get("http://bench/o2ims-infrastructureInventory/v1/resourcePools/x/resources"),
            200,
            Headers.of("Content-Type", "application/json"),
            body);
  }

  @Benchmark
  public List<Resource> parsePageOf1000Resources() {
    return json.list(page, reader);
  }
}
