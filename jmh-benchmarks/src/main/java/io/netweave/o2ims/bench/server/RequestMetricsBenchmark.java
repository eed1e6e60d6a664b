package io.netweave.o2ims.bench.server;

import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording one finished request costs the I/O thread that completes it ({@link
 * RequestMetrics#record}: the per-series count, sum and latency quantiles, and the per-route
 * histogram), with two threads recording into the same series at once, as the gateway's two I/O
 * threads do under a load of one route (the small cached pools list of {@code bench/http-load.sh}).
 *
 * <p>Run: {@code java -jar jmh-benchmarks/target/benchmarks.jar RequestMetricsBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(2)
public class RequestMetricsBenchmark {
  private final RequestMetrics metrics = new RequestMetrics(new MetricRegistry());

  @Benchmark
  public void recordOneRoute() {
    long nanos = 200_000 + ThreadLocalRandom.current().nextInt(800_000);
    metrics.record("/o2ims-infrastructureInventory/v1/resourcePools", "GET", 200, nanos);
  }
}
