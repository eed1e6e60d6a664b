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
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.net.ServerSocket;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * --workers=N} (default: the engine's default).
 */
public final class NotificationLoadRun {
  private NotificationLoadRun() {}

  /** What the receivers saw for one subscription (its callback path). */
  private static final class Seen {
    final Set<String> ids = ConcurrentHashMap.newKeySet();
    long lastChange = -1;
    long outOfOrder;

    /** Called under the instance lock by one receiver at a time per subscription. */
    synchronized void accept(String id, long change) {
      if (ids.add(id)) {
        if (change >= 0 && change < lastChange) {
          outOfOrder++;
        }
        lastChange = Math.max(lastChange, change);
      }
    }
  }

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
    int changes = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 10_000;
    int subscriptions = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 100;
    int failPercent = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 1;
    int perSecond = positional.size() > 3 ? Integer.parseInt(positional.get(3)) : 0;
    int hosts = Integer.parseInt(options.getOrDefault("hosts", "4"));
    String storeKind = options.getOrDefault("store", "embedded");
    Path dir = Files.createTempDirectory("notify-load");
    ObjectMapper mapper = O2Json.newMapper();
    String loadBefore = loadAverage();

    AtomicLong requests = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    Map<String, Seen> seenByPath = new ConcurrentHashMap<>();
    List<String> bases = new ArrayList<>();
    Undertow.Builder receivers = Undertow.builder().setIoThreads(2).setWorkerThreads(4);
    for (int h = 0; h < hosts; h++) {
      String address = "127.0.0." + (1 + h);
      int port = freePort();
      receivers.addHttpListener(port, address);
      bases.add("http://" + address + ":" + port + "/cb/");
    }
    Undertow receiver =
        receivers
            .setHandler(
                ex ->
                    ex.getRequestReceiver()
                        .receiveFullString(
                            (e, body) ->
                                answer(e, body, failPercent, requests, refused, seenByPath)))
            .build();
    receiver.start();

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
    Histogram latency =
        registry.register(
            "notifications.delivery_latency_ms", new Histogram(new UniformReservoir(1 << 20)));
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
                    Optional.empty(),
                    Optional.of("(eq,objectType,Resource)"),
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
      long expected = (long) changes * subscriptions;
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      for (int i = 0; i < changes; i++) {
        if (perSecond > 0) {
          long due = start + i * 1_000_000_000L / perSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        source.addResource(
            new DemoInventorySource.NodeSpec(
                Optional.of("load-" + i),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of()));
      }
      long produced = System.nanoTime();
      while (delivered(seenByPath) < expected) {
        TimeUnit.MILLISECONDS.sleep(20);
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
          break;
        }
      }
      long end = System.nanoTime();
      long cpu = processCpuNanos() - cpuStart;
      engine.close();
      long got = delivered(seenByPath);
      long outOfOrder = seenByPath.values().stream().mapToLong(s -> s.outOfOrder).sum();
      Snapshot s = latency.getSnapshot();
      double seconds = (end - start) / 1e9;
      System.out.printf(
          "store=%s hosts=%d workers=%d changes=%d subscriptions=%d expected=%d"
              + " delivered(unique)=%d final success=%.4f%%%n",
          storeKind,
          hosts,
          settings.workers(),
          changes,
          subscriptions,
          expected,
          got,
          100.0 * got / expected);
      System.out.printf(
          "requests=%d refused(503)=%d first-attempt success=%.4f%% retried=%d dead-lettered=%d"
              + " out-of-order=%d%n",
          requests.get(),
          refused.get(),
          100.0 * (requests.get() - refused.get()) / requests.get(),
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
      System.out.printf(
          "process CPU %.1f s (engine, inventory and receivers together): %.0f us per delivery%n",
          cpu / 1e9, cpu / 1e3 / Math.max(1, got));
      System.out.printf("load average before: %s; after: %s%n", loadBefore, loadAverage());
    } finally {
      receiver.stop();
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

  private static void answer(
      HttpServerExchange ex,
      String body,
      int failPercent,
      AtomicLong requests,
      AtomicLong refused,
      Map<String, Seen> seenByPath) {
    requests.incrementAndGet();
    if (ThreadLocalRandom.current().nextInt(100) < failPercent) {
      refused.incrementAndGet();
      ex.setStatusCode(503);
    } else {
      int at = body.indexOf("\"notificationId\":\"") + 18;
      seenByPath
          .computeIfAbsent(ex.getRequestPath(), p -> new Seen())
          .accept(body.substring(at, at + 36), changeNumber(body));
      ex.setStatusCode(204);
    }
    ex.endExchange();
  }

  /** The number {@code i} of the node {@code load-i} a notification is about, or -1. */
  private static long changeNumber(String body) {
    int at = body.indexOf("load-");
    if (at < 0) {
      return -1;
    }
    int from = at + 5;
    int to = from;
    while (to < body.length() && Character.isDigit(body.charAt(to))) {
      to++;
    }
    return to > from ? Long.parseLong(body.substring(from, to)) : -1;
  }

  private static long delivered(Map<String, Seen> seenByPath) {
    return seenByPath.values().stream().mapToLong(s -> s.ids.size()).sum();
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
