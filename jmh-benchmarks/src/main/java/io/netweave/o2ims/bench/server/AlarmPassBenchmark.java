package io.netweave.o2ims.bench.server;

import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.alarms.AlarmCatalog;
import io.netweave.o2ims.server.internal.alarms.AlarmEngine;
import io.netweave.o2ims.server.internal.alarms.AlarmMetrics;
import io.netweave.o2ims.server.internal.alarms.AlarmSettings;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.notify.embedded.MvAlarmStore;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.internal.notify.embedded.MvSubscriptionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * The alarm engine's periodic pass over a large O-Cloud (issue 13: at 50,000 nodes it was the
 * gateway's largest steady-state CPU cost): {@link AlarmEngine#run} on the demo inventory's {@code
 * nodes} nodes (one in ten not ready, so their alarms are active: raised in the setup), with the
 * embedded alarm store and outbox, as the producer thread runs it.
 *
 * <ul>
 *   <li>{@link #idlePass}: nothing changed since the previous pass (the steady state between
 *       changes).
 *   <li>{@link #passAfterAHealthChange}: one node's readiness flipped since the previous pass.
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -o -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar AlarmPassBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class AlarmPassBenchmark {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Param({"50000"})
  public int nodes;

  private Path dir;
  private DemoInventorySource source;
  private MvAlarmStore alarms;
  private MvStoreOutbox outbox;
  private MvSubscriptionStore subscriptions;
  private AlarmEngine engine;
  private long token;
  private List<UUID> ids;
  private int next;

  @Setup(Level.Trial)
  public void build() throws IOException {
    dir = Files.createTempDirectory("alarm-pass-bench");
    source = new DemoInventorySource(BenchInventory.demo(), nodes, Clock.fixed(T0, ZoneOffset.UTC));
    alarms = new MvAlarmStore(dir.resolve("alarms"));
    outbox = new MvStoreOutbox(dir);
    subscriptions = new MvSubscriptionStore(dir.resolve("alarms"), O2Json.newMapper());
    // an hour later: every debounce has passed, so the first pass raises the not-ready nodes'
    // alarms
    engine =
        new AlarmEngine(
            source,
            alarms,
            subscriptions,
            new AlarmCatalog(AlarmSettings.defaults(), () -> UUID.randomUUID()),
            new AlarmMetrics(new MetricRegistry()),
            O2Json.newMapper(),
            Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
    token = outbox.newFencingToken();
    engine.run(token, outbox);
    ids = new ArrayList<>(source.snapshot().resources().keySet());
  }

  @TearDown(Level.Trial)
  public void close() {
    alarms.close();
    outbox.close();
    subscriptions.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pass with nothing changed since the previous one. */
  @Benchmark
  public int idlePass() {
    engine.run(token, outbox);
    return alarms.list().size();
  }

  /** A pass after one node's readiness flipped (the flip itself is outside the measurement). */
  @Benchmark
  public int passAfterAHealthChange(Flip flip) {
    engine.run(token, outbox);
    return next;
  }

  /** Flips one node's readiness before each invocation. */
  @State(Scope.Thread)
  public static class Flip {
    @Setup(Level.Invocation)
    public void flip(AlarmPassBenchmark b) {
      UUID id = b.ids.get((b.next++ * 7919) % b.ids.size());
      boolean ready =
          Boolean.TRUE.equals(b.source.snapshot().resources().get(id).extensions().get("ready"));
      b.source.modifyResource(
          id,
          new DemoInventorySource.NodeSpec(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(!ready),
              Optional.empty(),
              Map.of()));
    }
  }
}
