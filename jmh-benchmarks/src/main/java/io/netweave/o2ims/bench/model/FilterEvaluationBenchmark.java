package io.netweave.o2ims.bench.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Cost of the SOL013 filter engine: parsing a realistic three-term filter, and evaluating it over
 * 1,000 resources (Kubernetes nodes in their v1 JSON view, with labels, capacity, readiness and a
 * GPU element), as a list request does.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar FilterEvaluation}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FilterEvaluationBenchmark {
  static final String FILTER =
      "(eq,extensions/labels/topology.kubernetes.io~1zone,zone-b);"
          + "(eq,extensions/ready,true);"
          + "(cont,description,'worker')";

  private static final String[] ZONES = {"zone-a", "zone-b", "zone-c", "zone-d"};
  private static final String[] TYPES = {"m5.large", "m5.xlarge", "c6i.2xlarge", "g5.xlarge"};

  private List<JsonNode> resources;
  private Filter filter;

  @Setup
  public void setUp() {
    ObjectMapper mapper = O2Json.newMapper();
    Random random = new Random(42);
    UUID pool = UUID.nameUUIDFromBytes("pool".getBytes(UTF_8));
    UUID type = UUID.nameUUIDFromBytes("type".getBytes(UTF_8));
    resources = new ArrayList<>(1000);
    for (int i = 0; i < 1000; i++) {
      String name = (i % 10 == 0 ? "control-" : "worker-") + i;
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put("kubernetes.io/hostname", name);
      labels.put("topology.kubernetes.io/zone", ZONES[random.nextInt(ZONES.length)]);
      labels.put("node.kubernetes.io/instance-type", TYPES[random.nextInt(TYPES.length)]);
      labels.put("kubernetes.io/arch", "amd64");
      Map<String, Object> extensions = new LinkedHashMap<>();
      extensions.put("nodeName", name);
      extensions.put("labels", labels);
      extensions.put("capacity", Map.of("cpu", "16", "memory", "64Gi", "pods", "110"));
      extensions.put("allocatable", Map.of("cpu", "15500m", "memory", "62Gi", "pods", "110"));
      extensions.put("ready", random.nextInt(10) != 0);
      extensions.put("unschedulable", false);
      extensions.put("conditions", Map.of("Ready", "True", "MemoryPressure", "False"));
      Resource.Builder resource =
          Resource.builder()
              .resourceId(UUID.nameUUIDFromBytes(name.getBytes(UTF_8)))
              .resourcePoolId(pool)
              .resourceTypeId(type)
              .globalAssetId("aws:///eu-west-1b/i-" + Integer.toHexString(0x10000 + i))
              .description("node " + name)
              .extensions(extensions);
      if (i % 4 == 0) {
        resource.elements(
            List.of(
                Resource.builder()
                    .resourceId(UUID.nameUUIDFromBytes(("gpu" + i).getBytes(UTF_8)))
                    .resourcePoolId(pool)
                    .resourceTypeId(type)
                    .description("nvidia.com/gpu")
                    .build()));
      }
      resources.add(mapper.valueToTree(resource.build()));
    }
    filter = Filter.parse(FILTER).validate(ObjectSchema.RESOURCE_V1);
  }

  /** Parsing and validating the three-term filter, as every list request does once. */
  @Benchmark
  public Filter parse() {
    return Filter.parse(FILTER).validate(ObjectSchema.RESOURCE_V1);
  }

  /** Evaluating the parsed filter over 1,000 resources; returns the number of matches. */
  @Benchmark
  public int evaluateOverThousandResources() {
    int matches = 0;
    for (JsonNode resource : resources) {
      if (filter.matches(resource)) {
        matches++;
      }
    }
    return matches;
  }
}
