package io.netweave.o2ims.bench.client;

import io.netweave.o2ims.client.NotificationReceiver;
import io.netweave.o2ims.model.NotificationSignature;
import io.netweave.o2ims.model.O2Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The SMO side of a delivery: {@link NotificationReceiver#receive} checking the HMAC-SHA256
 * signature and parsing a realistic node-modified notification (prior and post states of about 1 KB
 * each) into the model's record.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar NotificationReceiverBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NotificationReceiverBenchmark {
  private NotificationReceiver receiver;
  private Map<String, List<String>> headers;
  private byte[] body;

  @Setup
  public void setUp() throws Exception {
    Instant now = Instant.parse("2026-11-27T07:00:00Z");
    String secret = "3b4f0e9c-subscription-secret-7d1a";
    receiver =
        NotificationReceiver.builder()
            .secret(secret)
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();
    Map<String, Object> prior = node("True");
    Map<String, Object> post = node("False");
    Map<String, Object> notification = new LinkedHashMap<>();
    notification.put("notificationId", UUID.randomUUID().toString());
    notification.put("consumerSubscriptionId", UUID.randomUUID().toString());
    notification.put("notificationEventType", 1);
    notification.put(
        "objectRef",
        "/o2ims-infrastructureInventory/v1/resourcePools/"
            + prior.get("resourcePoolId")
            + "/resources/"
            + prior.get("resourceId"));
    notification.put("priorObjectState", prior);
    notification.put("postObjectState", post);
    body = O2Json.newMapper().writeValueAsBytes(notification);
    headers =
        Map.of(
            "Content-Type",
            List.of("application/json"),
            NotificationSignature.HEADER,
            List.of(NotificationSignature.withSecret(secret).sign(now.minusSeconds(2), body)));
  }

  private static Map<String, Object> node(String ready) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("nodeName", "worker-17");
    extensions.put(
        "labels",
        Map.of(
            "kubernetes.io/hostname", "worker-17",
            "topology.kubernetes.io/zone", "eu-west-1a",
            "node.kubernetes.io/instance-type", "m5.xlarge"));
    extensions.put("capacity", Map.of("cpu", "4", "memory", "16077300Ki", "pods", "110"));
    extensions.put("conditions", Map.of("Ready", ready, "MemoryPressure", "False"));
    extensions.put("ready", Boolean.parseBoolean(ready));
    Map<String, Object> state = new LinkedHashMap<>();
    state.put(
        "resourceId", UUID.nameUUIDFromBytes("n17".getBytes(StandardCharsets.UTF_8)).toString());
    state.put(
        "resourcePoolId", UUID.nameUUIDFromBytes("p".getBytes(StandardCharsets.UTF_8)).toString());
    state.put(
        "resourceTypeId", UUID.nameUUIDFromBytes("t".getBytes(StandardCharsets.UTF_8)).toString());
    state.put("globalAssetId", "aws:///eu-west-1a/i-0a1b2c3d4e5f67890");
    state.put("description", "node worker-17");
    state.put("extensions", extensions);
    return state;
  }

  @Benchmark
  public NotificationReceiver.Result verifyAndParse() {
    NotificationReceiver.Result result = receiver.receive("POST", headers, body);
    if (!result.accepted()) {
      throw new IllegalStateException("benchmark input rejected: " + result);
    }
    return result;
  }
}
