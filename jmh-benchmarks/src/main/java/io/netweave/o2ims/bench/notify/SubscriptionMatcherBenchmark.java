package io.netweave.o2ims.bench.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.SubscriptionFilter;
import io.netweave.o2ims.server.internal.notify.ObjectChange;
import io.netweave.o2ims.server.internal.notify.SubscriptionIndex;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Matching one inventory change against 1,000 subscriptions with different filters: the engine's
 * index (filters parsed once, grouped by the object types they can select) against evaluating every
 * parsed filter ({@code scanEveryFilter}, the baseline the index avoids). The subscription mix:
 * per-node resource filters, per-pool filters, per-pool resource filters, event-type filters,
 * deployment-manager and resource-type filters, and a few unfiltered subscriptions; changes are
 * resource and pool modifications drawn at random.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar SubscriptionMatcherBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubscriptionMatcherBenchmark {
  private static final int SUBSCRIPTIONS = 1000;
  private static final int POOLS = 20;
  private static final int NODES = 500;

  private final ObjectMapper mapper = O2Json.newMapper();
  private final SubscriptionIndex index = new SubscriptionIndex();
  private final List<SubscriptionIndex.Entry> every = new ArrayList<>();
  private final List<ObjectChange> changes = new ArrayList<>();
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    UUID ocloud = UUID.randomUUID();
    List<UUID> pools = new ArrayList<>();
    for (int i = 0; i < POOLS; i++) {
      pools.add(UUID.randomUUID());
    }
    List<StoredSubscription> subs = new ArrayList<>();
    for (int i = 0; i < SUBSCRIPTIONS; i++) {
      String filter =
          switch (i % 10) {
            case 0, 1, 2 ->
                "(eq,objectType,Resource);(eq,extensions/nodeName,node-"
                    + random.nextInt(NODES)
                    + ")";
            case 3, 4 -> "(eq,resourcePoolId," + pools.get(random.nextInt(POOLS)) + ")";
            case 5 -> "(eq,objectType,ResourcePool);(eq,name,pool-" + random.nextInt(POOLS) + ")";
            case 6 -> "(eq,notificationEventType,2);(eq,objectType,Resource)";
            case 7 -> "(eq,objectType,DeploymentManager)";
            case 8 -> "(in,objectType,ResourceType,OCloud);(cont,name,flavour-" + i + ")";
            default -> i % 100 == 9 ? null : "(eq,extensions/ready,false);(eq,objectType,Resource)";
          };
      Subscription s =
          new Subscription(
              UUID.randomUUID(),
              Optional.empty(),
              Optional.ofNullable(filter),
              "https://smo.example/cb/" + i);
      subs.add(new StoredSubscription(s, "bench", "k" + i, Instant.EPOCH));
    }
    index.refresh(subs);
    for (StoredSubscription s : subs) {
      every.add(
          new SubscriptionIndex.Entry(
              s.subscription(),
              s.subscription()
                  .filter()
                  .map(SubscriptionFilter::parse)
                  .orElseGet(SubscriptionFilter::all)));
    }
    for (int i = 0; i < 256; i++) {
      if (i % 4 == 0) {
        int p = random.nextInt(POOLS);
        ResourcePool pool =
            ResourcePool.builder()
                .resourcePoolId(pools.get(p))
                .name("pool-" + p)
                .oCloudId(ocloud)
                .globalLocationId("g")
                .build();
        changes.add(
            change(ObjectType.RESOURCE_POOL, pool.resourcePoolId(), mapper.valueToTree(pool)));
      } else {
        int n = random.nextInt(NODES);
        Resource node =
            Resource.builder()
                .resourceId(UUID.randomUUID())
                .resourcePoolId(pools.get(n % POOLS))
                .resourceTypeId(UUID.randomUUID())
                .description("node-" + n)
                .extensions(Map.of("nodeName", "node-" + n, "ready", random.nextBoolean()))
                .build();
        changes.add(change(ObjectType.RESOURCE, node.resourceId(), mapper.valueToTree(node)));
      }
    }
  }

  private static ObjectChange change(ObjectType type, UUID id, ObjectNode state) {
    return new ObjectChange(
        type, id, NotificationEventType.MODIFY, Optional.of(state), Optional.of(state), 1);
  }

  private ObjectChange nextChange() {
    next = (next + 1) & 255;
    return changes.get(next);
  }

  /** The engine's path: only the filters that can select the change's type are evaluated. */
  @Benchmark
  public int indexedMatch() {
    return index.matching(nextChange()).size();
  }

  /** The baseline: every subscription's parsed filter evaluated for every change. */
  @Benchmark
  public int scanEveryFilter() {
    ObjectChange c = nextChange();
    int n = 0;
    for (SubscriptionIndex.Entry e : every) {
      if (e.filter().selects(c.type(), c.eventType(), c.state())) {
        n++;
      }
    }
    return n;
  }
}
