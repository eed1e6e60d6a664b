package io.netweave.o2ims.bench.notify;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformReservoir;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.notify.NotificationEngine;
import io.netweave.o2ims.server.internal.notify.NotificationMetrics;
import io.netweave.o2ims.server.internal.notify.NotificationSettings;
import io.netweave.o2ims.server.internal.notify.RetryPolicy;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy;
import io.netweave.o2ims.server.internal.notify.delivery.HostResolver;
import io.netweave.o2ims.server.internal.notify.embedded.LocalLeases;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.internal.notify.embedded.MvSubscriptionStore;
import io.netweave.o2ims.server.internal.notify.redis.RedisLeases;
import io.netweave.o2ims.server.internal.notify.redis.RedisOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import io.netweave.o2ims.server.spi.NotificationLeases;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;

/**
 * A sustained notification run, by hand (not part of the build's tests): the real engine in one
 * process, the demo inventory, {@code subscriptions} subscriptions selecting every resource change,
 * {@code changes} resources added one by one (as fast as possible, or {@code perSecond} a second),
 * and {@code --hosts} Undertow receivers on loopback addresses 127.0.0.1, 127.0.0.2, ... (the
 * subscriptions' callbacks spread over them) that answer 503 to {@code failPercent} % of requests
 * (so retries happen) and 204 otherwise. The store is the embedded one (MVStore files in a
 * temporary directory) or, with {@code --store=redis}, a {@code redis-server} started for the run
 * on a free port (append-only file, {@code appendfsync everysec}). Prints the delivery success rate
 * (first attempt and final), whether each subscription received its notifications in order,
 * throughput, the latency percentiles from storing a notification to its 2xx, and the load average.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -cp
 * jmh-benchmarks/target/benchmarks.jar io.netweave.o2ims.bench.notify.NotificationLoadRun 100 1000
 * 1 10 --hosts=4 --store=embedded}; arguments: changes, subscriptions, failPercent, perSecond (0 =
 * as fast as possible), then {@code --hosts=N} (default 4), {@code --store=embedded|redis}, {@code
 * --workers=N} (default: the engine's default), {@code --receivers=inprocess|process} ({@code
 * process}: the receivers run in a JVM of their own, {@link LoadReceivers}, so the CPU time printed
 * for this process is the engine's and the inventory's alone; the receivers' is printed apart) and
 * {@code --match=K} (default: every subscription): each change matches {@code K} subscriptions
 * instead of all of them (subscription {@code j} selects the resources labelled {@code
 * load-group=g(j mod S/K)} and the {@code i}-th node is labelled {@code g(i mod S/K)}), the load
 * shape of subscriptions filtered per node group rather than every subscription hearing of every
 * change; {@code --consumer-ids=true} gives every subscription a consumer subscription id of its
 * own (so each notification body differs per subscription, as with real SMOs); {@code --warmup=W}
 * (default 0) first adds {@code W} resources at the same rate and waits until their notifications
 * are delivered, then measures the {@code changes} that follow (the latency, throughput and CPU
 * printed are theirs only): the first seconds of a run (code not yet compiled in either JVM, the
 * first connection to each receiver) are the start's cost, not the steady state's. One warm-up of
 * 100 changes is not the steady state: the JIT compiler still takes about a third of the engine's
 * CPU in the 40 s after it. {@code --warmup-jit=P} adds warm-up rounds of {@code W} changes each
 * (at most {@code --warmup-rounds}, default 30) until the JIT compiler threads' share of this
 * process's CPU in a round is below {@code P} %, and prints each round (its p50/p99 and CPU per
 * delivery: what a user sees in the first minutes after a start). The measured part's CPU is
 * printed split by thread kind (JIT, GC, the rest) for both processes ({@link ThreadCpu}).
 */
public final class NotificationLoadRun {
  /**
   * How often the run asks the receivers how many notifications they have (every 20 ms, its
   * requests to {@code /stats} were 4 % of the samples counted as the engine's CPU).
   */
  private static final long STATS_POLL_MILLIS = 100;

  /** The {@code --name=value} options this run reads. */
  private static final List<String> OPTIONS =
      List.of(
          "hosts",
          "store",
          "workers",
          "receivers",
          "match",
          "consumer-ids",
          "warmup",
          "warmup-jit",
          "warmup-rounds");

  private NotificationLoadRun() {}

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    for (String a : args) {
      if (a.startsWith("--") && a.contains("=")) {
        options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        positional.add(a);
      }
    }
    // A misspelt option, or one written "--hosts 4", would otherwise be ignored without a word.
    List<String> unknown = new ArrayList<>(options.keySet());
    unknown.removeAll(OPTIONS);
    // Counts are whole numbers, --warmup-jit a percentage: anything else is the usage line, not
    // a NumberFormatException.
    boolean malformed =
        !positional.stream().allMatch(v -> v.matches("[0-9]+"))
            || !Stream.of("hosts", "match", "workers", "warmup", "warmup-rounds")
                .allMatch(o -> options.getOrDefault(o, "0").matches("[0-9]+"))
            || !options.getOrDefault("warmup-jit", "0").matches("[0-9]+(\\.[0-9]+)?")
            || !options.getOrDefault("consumer-ids", "false").matches("true|false");
    if (!unknown.isEmpty()
        || malformed
        || positional.size() > 4
        || !List.of("embedded", "redis").contains(options.getOrDefault("store", "embedded"))
        || !List.of("inprocess", "process")
            .contains(options.getOrDefault("receivers", "inprocess"))) {
      System.err.println(
          "usage: NotificationLoadRun [CHANGES [SUBSCRIPTIONS [FAIL_PERCENT [CHANGES_PER_SECOND]]]]"
              + " [--hosts=N] [--store=embedded|redis] [--workers=N]"
              + " [--receivers=inprocess|process] [--match=K] [--consumer-ids=true]"
              + " [--warmup=W] [--warmup-jit=P] [--warmup-rounds=R]"
              + (unknown.isEmpty() ? "" : "; unknown: --" + String.join(", --", unknown))
              + (positional.size() > 4
                  ? "; extra arguments: " + positional.subList(4, positional.size())
                  : ""));
      System.exit(2);
    }
    int changes = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 10_000;
    int subscriptions = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 100;
    int failPercent = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 1;
    int perSecond = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 0;
    int hosts = Integer.parseInt(options.getOrDefault("hosts", "4"));
    // The receivers refuse FAIL_PERCENT % of the deliveries on purpose, and the run counts the
    // retries: the gateway's delivery-failure WARN (one a minute per failing subscription for ten
    // subscriptions a minute, then one summary; each written to stderr at once) would be lines
    // inside the measured part.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(
                "io.netweave.o2ims.server.internal.notify.DeliveryDispatcher"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    String storeKind = options.getOrDefault("store", "embedded");
    Path dir = Files.createTempDirectory("notify-load");
    ObjectMapper mapper = O2Json.newMapper();
    String loadBefore = loadAverage();

    int match = Integer.parseInt(options.getOrDefault("match", Integer.toString(subscriptions)));
    if (match < 1 || match > subscriptions || subscriptions % match != 0) {
      throw new IllegalArgumentException("--match must divide the number of subscriptions");
    }
    int groups = subscriptions / match;
    boolean consumerIds = Boolean.parseBoolean(options.getOrDefault("consumer-ids", "false"));
    boolean separate = options.getOrDefault("receivers", "inprocess").equals("process");
    Receivers receivers =
        separate ? new SeparateReceivers(hosts, failPercent) : new InProcess(hosts, failPercent);
    List<String> bases = receivers.bases();

    NotificationSettings.Builder builder =
        NotificationSettings.builder()
            .retry(new RetryPolicy(10, Duration.ofMillis(50), Duration.ofSeconds(2), 0.2))
            .pollInterval(Duration.ofMillis(50))
            .allowHttp(true)
            .callbackAllowList(List.of("127.0.0.0/8"));
    if (options.containsKey("workers")) {
      builder.workers(Integer.parseInt(options.get("workers")));
    }
    NotificationSettings settings = builder.build();
    MetricRegistry registry = new MetricRegistry();
    ResettableReservoir reservoir = new ResettableReservoir();
    Histogram latency =
        registry.register("notifications.delivery_latency_ms", new Histogram(reservoir));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "0"));
    double warmupJit = Double.parseDouble(options.getOrDefault("warmup-jit", "-1"));
    int warmupRounds = Integer.parseInt(options.getOrDefault("warmup-rounds", "30"));
    DemoInventory demo =
        new DemoInventory(UUID.randomUUID(), UUID.randomUUID(), "load", "http://localhost/", 10, 4);
    DemoInventorySource source = new DemoInventorySource(demo, 10);
    OkHttpClient http = CallbackClient.baseClient(settings.deliveryTimeout(), settings.workers());
    CallbackPolicy policy =
        new CallbackPolicy(true, settings.callbackAllowList(), HostResolver.system());
    List<AutoCloseable> owned = new ArrayList<>();
    Process redisServer = null;
    try {
      SubscriptionStore store;
      NotificationOutbox outbox;
      NotificationLeases leases;
      if (storeKind.equals("redis")) {
        int port = freePort();
        redisServer =
            new ProcessBuilder(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "yes",
                    "--appendfsync",
                    "everysec",
                    "--dir",
                    dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        owned.add(client::shutdown);
        StatefulRedisConnection<String, String> connection = null;
        for (int attempt = 0; connection == null; attempt++) {
          try {
            connection = client.connect();
          } catch (RuntimeException e) {
            if (attempt > 100) {
              throw e;
            }
            TimeUnit.MILLISECONDS.sleep(100);
          }
        }
        owned.add(0, connection);
        store = new RedisSubscriptionStore(connection.sync(), "load:subscriptions:");
        outbox = new RedisOutbox(connection.sync(), "load:notify:");
        leases = new RedisLeases(connection.sync(), "load:notify:");
      } else {
        MvSubscriptionStore mv = new MvSubscriptionStore(dir, mapper);
        owned.add(mv);
        store = mv;
        outbox = new MvStoreOutbox(dir);
        leases = new LocalLeases(Clock.systemUTC());
      }
      owned.add(0, outbox);
      for (int i = 0; i < subscriptions; i++) {
        store.create(
            new StoredSubscription(
                new Subscription(
                    UUID.randomUUID(),
                    consumerIds ? Optional.of(UUID.randomUUID()) : Optional.empty(),
                    Optional.of(
                        groups == 1
                            ? "(eq,objectType,Resource)"
                            : "(eq,objectType,Resource);(eq,extensions/labels/load-group,g"
                                + (i % groups)
                                + ")"),
                    bases.get(i % hosts) + i),
                "load",
                "k" + i,
                Instant.now()));
      }
      NotificationEngine engine =
          new NotificationEngine(
              settings,
              source,
              store,
              outbox,
              leases,
              new CallbackClient(
                  http, policy, Map.of(), mapper, Clock.systemUTC(), settings.workers()),
              new NotificationMetrics(registry),
              mapper,
              Clock.systemUTC(),
              "load");
      source.addListener(engine.listener());
      source.start();
      engine.start();
      while (!engine.producing()) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      int warmed = 0;
      if (warmup > 0) {
        long warmStart = System.nanoTime();
        warmed = warmRound(source, receivers, latency, perSecond, warmup, groups, match, warmed);
        Snapshot w = latency.getSnapshot();
        System.out.printf(
            "warm-up: %d changes, %d deliveries in %.1f s; latency store->2xx ms: p50=%.0f p90=%.0f"
                + " p99=%.0f max=%d (not counted below)%n",
            warmup,
            w.size(),
            (System.nanoTime() - warmStart) / 1e9,
            w.getMedian(),
            w.getValue(0.90),
            w.get99thPercentile(),
            w.getMax());
        reservoir.reset();
        if (warmupJit >= 0) {
          // More rounds of the same size until the JIT compiler's share of this process's CPU in a
          // round falls below --warmup-jit percent (or --warmup-rounds rounds have run).
          for (int round = 2; round <= warmupRounds; round++) {
            ThreadCpu.Sample engineBefore = ThreadCpu.of(ProcessHandle.current().pid());
            long receiversBefore = receivers.cpuNanos();
            long roundStart = System.nanoTime();
            warmed =
                warmRound(source, receivers, latency, perSecond, warmup, groups, match, warmed);
            Map<String, Long> delta =
                ThreadCpu.of(ProcessHandle.current().pid()).since(engineBefore);
            long roundCpu = delta.values().stream().mapToLong(Long::longValue).sum();
            double jitShare = roundCpu == 0 ? 0 : 100.0 * delta.get("jit") / roundCpu;
            Snapshot r = latency.getSnapshot();
            System.out.printf(
                "warm-up round %d: %.1f s; p50=%.0f p99=%.0f max=%d ms; engine %.0f us per"
                    + " delivery, JIT %.1f %% of it; receivers %.0f us per delivery%n",
                round,
                (System.nanoTime() - roundStart) / 1e9,
                r.getMedian(),
                r.get99thPercentile(),
                r.getMax(),
                roundCpu / 1e3 / Math.max(1, (long) warmup * match),
                jitShare,
                (receivers.cpuNanos() - receiversBefore)
                    / 1e3
                    / Math.max(1, (long) warmup * match));
            reservoir.reset();
            if (jitShare < warmupJit) {
              break;
            }
          }
        }
        System.out.printf(
            "warm-up total: %d changes in %.1f s%n", warmed, (System.nanoTime() - warmStart) / 1e9);
      }
      long[] before = receivers.stats();
      long expected = (long) changes * match;
      long cpuStart = processCpuNanos();
      long receiverCpuStart = receivers.cpuNanos();
      ThreadCpu.Sample threadsStart = ThreadCpu.of(ProcessHandle.current().pid());
      ThreadCpu.Sample receiverThreadsStart = receivers.threads();
      long start = System.nanoTime();
      for (int i = 0; i < changes; i++) {
        pace(start, i, perSecond);
        source.addResource(node("load-" + i, groups, warmed + i));
      }
      long produced = System.nanoTime();
      while (receivers.delivered() - before[0] < expected) {
        TimeUnit.MILLISECONDS.sleep(STATS_POLL_MILLIS);
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
          break;
        }
      }
      long end = System.nanoTime();
      long cpu = processCpuNanos() - cpuStart;
      long receiverCpu = receivers.cpuNanos() - receiverCpuStart;
      Map<String, Long> threadCpu = ThreadCpu.of(ProcessHandle.current().pid()).since(threadsStart);
      Map<String, Long> receiverThreadCpu = receivers.threads().since(receiverThreadsStart);
      engine.close();
      long[] seen = receivers.stats();
      long got = seen[0] - before[0];
      long outOfOrder = seen[1];
      long requests = seen[2] - before[2];
      long refused = seen[3] - before[3];
      Snapshot s = latency.getSnapshot();
      double seconds = (end - start) / 1e9;
      System.out.printf(
          "store=%s hosts=%d receivers=%s workers=%d changes=%d subscriptions=%d"
              + " consumer-ids=%b matching each change=%d expected=%d delivered(unique)=%d final success=%.4f%%%n",
          storeKind,
          hosts,
          separate ? "process" : "inprocess",
          settings.workers(),
          changes,
          subscriptions,
          consumerIds,
          match,
          expected,
          got,
          100.0 * got / expected);
      System.out.printf(
          "requests=%d refused(503)=%d first-attempt success=%.4f%% retried=%d dead-lettered=%d"
              + " out-of-order=%d%n",
          requests,
          refused,
          100.0 * (requests - refused) / requests,
          registry.counter("notifications.retried").getCount(),
          registry.counter("notifications.dead_lettered").getCount(),
          outOfOrder);
      System.out.printf(
          "changes applied in %.1f s; all delivered after %.1f s; throughput %.0f notifications/s%n",
          (produced - start) / 1e9, seconds, got / seconds);
      System.out.printf(
          "latency store->2xx ms: p50=%.0f p90=%.0f p99=%.0f p99.9=%.0f max=%d (n=%d)%n",
          s.getMedian(),
          s.getValue(0.90),
          s.get99thPercentile(),
          s.get999thPercentile(),
          s.getMax(),
          s.size());
      if (separate) {
        System.out.printf(
            "process CPU %.1f s (engine and inventory; receivers in their own process):"
                + " %.0f us per delivery; receiver process %.1f s: %.0f us per delivery%n",
            cpu / 1e9,
            cpu / 1e3 / Math.max(1, got),
            receiverCpu / 1e9,
            receiverCpu / 1e3 / Math.max(1, got));
      } else {
        System.out.printf(
            "process CPU %.1f s (engine, inventory and receivers together): %.0f us per delivery%n",
            cpu / 1e9, cpu / 1e3 / Math.max(1, got));
      }
      System.out.printf(
          "engine process threads (measured part): %s%n", ThreadCpu.describe(threadCpu));
      if (separate) {
        System.out.printf(
            "receiver process threads (measured part): %s%n",
            ThreadCpu.describe(receiverThreadCpu));
      }
      System.out.printf("load average before: %s; after: %s%n", loadBefore, loadAverage());
    } finally {
      receivers.close();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      source.close();
      for (AutoCloseable c : owned) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("closing: " + e);
        }
      }
      if (redisServer != null) {
        redisServer.destroy();
        redisServer.waitFor(10, TimeUnit.SECONDS);
      }
    }
    System.exit(0);
  }

  /**
   * Adds {@code count} resources at {@code perSecond} (numbered from {@code from}) and waits until
   * the receivers have all their notifications; returns the next number.
   */
  private static int warmRound(
      DemoInventorySource source,
      Receivers receivers,
      Histogram latency,
      int perSecond,
      int count,
      int groups,
      int match,
      int from)
      throws InterruptedException {
    long before = receivers.delivered();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      pace(start, i, perSecond);
      source.addResource(node("warmup-" + (from + i), groups, from + i));
    }
    while (receivers.delivered() - before < (long) count * match) {
      TimeUnit.MILLISECONDS.sleep(STATS_POLL_MILLIS);
    }
    return from + count;
  }

  /** Sleeps until the {@code i}-th change is due ({@code perSecond} 0: at once). */
  private static void pace(long start, int i, int perSecond) throws InterruptedException {
    if (perSecond > 0) {
      long wait = start + i * 1_000_000_000L / perSecond - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
  }

  /** The {@code i}-th node added (its group label selects {@code match} subscriptions). */
  private static DemoInventorySource.NodeSpec node(String name, int groups, int i) {
    return new DemoInventorySource.NodeSpec(
        Optional.of(name),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        groups == 1 ? Map.of() : Map.of("load-group", "g" + (i % groups)));
  }

  /** A uniform sample of up to 2^20 values that can be emptied (after the warm-up). */
  private static final class ResettableReservoir implements com.codahale.metrics.Reservoir {
    private volatile UniformReservoir current = new UniformReservoir(1 << 20);

    void reset() {
      current = new UniformReservoir(1 << 20);
    }

    @Override
    public int size() {
      return current.size();
    }

    @Override
    public void update(long value) {
      current.update(value);
    }

    @Override
    public Snapshot getSnapshot() {
      return current.getSnapshot();
    }
  }

  private static int freePort() throws java.io.IOException {
    return LoadReceivers.freePort();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** The receivers, in this process or in a process of their own. */
  interface Receivers extends AutoCloseable {
    List<String> bases();

    /** {@code delivered outOfOrder requests refused}. */
    long[] stats();

    default long delivered() {
      return stats()[0];
    }

    /** CPU time of the receivers' process if it is not this one, else 0. */
    long cpuNanos();

    /** The receivers' process's threads if it is not this one, else an empty sample. */
    default ThreadCpu.Sample threads() {
      return new ThreadCpu.Sample(Map.of(), Map.of(), 0);
    }

    @Override
    void close();
  }

  private static final class InProcess implements Receivers {
    private final LoadReceivers receivers;

    InProcess(int hosts, int failPercent) throws java.io.IOException {
      receivers = new LoadReceivers(hosts, failPercent);
    }

    @Override
    public List<String> bases() {
      return receivers.bases();
    }

    @Override
    public long[] stats() {
      return new long[] {
        receivers.delivered(), receivers.outOfOrder(), receivers.requests(), receivers.refused()
      };
    }

    @Override
    public long delivered() {
      return receivers.delivered();
    }

    @Override
    public long cpuNanos() {
      return 0;
    }

    @Override
    public void close() {
      receivers.close();
    }
  }

  /** {@link LoadReceivers#main} in a JVM of its own (same java, same class path). */
  static final class SeparateReceivers implements Receivers {
    private final Process process;
    private final List<String> bases;
    private final java.net.URI stats;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    SeparateReceivers(int hosts, int failPercent) throws java.io.IOException {
      String javaCommand = ProcessHandle.current().info().command().orElse("java");
      process =
          new ProcessBuilder(
                  javaCommand,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LoadReceivers.class.getName(),
                  Integer.toString(hosts),
                  Integer.toString(failPercent))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      java.io.BufferedReader out =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith("bases ")) {
        process.destroy();
        throw new IllegalStateException("the receiver process did not start: " + line);
      }
      bases = List.of(line.substring(6).split(" "));
      java.net.URI first = java.net.URI.create(bases.get(0));
      stats = java.net.URI.create("http://" + first.getHost() + ":" + first.getPort() + "/stats");
    }

    @Override
    public List<String> bases() {
      return bases;
    }

    @Override
    public long[] stats() {
      try {
        String[] parts =
            http.send(
                    java.net.http.HttpRequest.newBuilder(stats).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .body()
                .trim()
                .split(" ");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
          values[i] = Long.parseLong(parts[i]);
        }
        return values;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public ThreadCpu.Sample threads() {
      return ThreadCpu.of(process.pid());
    }

    @Override
    public long cpuNanos() {
      try {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
      } catch (java.io.IOException | RuntimeException e) {
        return 0;
      }
    }

    @Override
    public void close() {
      try {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (java.io.IOException e) {
        process.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroy();
      }
    }
  }
}
