package io.netweave.o2ims.bench.notify;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.UniformReservoir;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * A sustained notification run, by hand (not part of the build's tests): the embedded store, the
 * demo inventory, {@code subscriptions} subscriptions selecting every resource change, {@code
 * changes} resources added one by one (as fast as possible, or {@code perSecond} a second), a local
 * JDK HTTP receiver that answers 503 to {@code failPercent} % of requests (so retries happen) and
 * 204 otherwise. Prints the delivery success rate (first attempt and final), throughput and the
 * latency percentiles from storing a notification to its 2xx.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -cp
 * jmh-benchmarks/target/benchmarks.jar io.netweave.o2ims.bench.notify.NotificationLoadRun 10000 100
 * 1}
 */
public final class NotificationLoadRun {
  private NotificationLoadRun() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int subscriptions = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int failPercent = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int perSecond = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Path dir = Files.createTempDirectory("notify-load");
    ObjectMapper mapper = O2Json.newMapper();

    AtomicLong requests = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    Map<String, Set<String>> idsByPath = new ConcurrentHashMap<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    receiver.setExecutor(Executors.newFixedThreadPool(32));
    receiver.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.incrementAndGet();
          int status = 204;
          if (ThreadLocalRandom.current().nextInt(100) < failPercent) {
            status = 503;
            refused.incrementAndGet();
          } else {
            int at = body.indexOf("\"notificationId\":\"") + 18;
            idsByPath
                .computeIfAbsent(ex.getRequestURI().getPath(), p -> ConcurrentHashMap.newKeySet())
                .add(body.substring(at, at + 36));
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb/";

    NotificationSettings settings =
        NotificationSettings.builder()
            .retry(new RetryPolicy(10, Duration.ofMillis(50), Duration.ofSeconds(2), 0.2))
            .pollInterval(Duration.ofMillis(50))
            .allowHttp(true)
            .callbackAllowList(List.of("127.0.0.1"))
            .build();
    MetricRegistry registry = new MetricRegistry();
    Histogram latency =
        registry.register(
            "notifications.delivery_latency_ms", new Histogram(new UniformReservoir(1 << 20)));
    DemoInventory demo =
        new DemoInventory(UUID.randomUUID(), UUID.randomUUID(), "load", "http://localhost/", 10, 4);
    DemoInventorySource source = new DemoInventorySource(demo, 10);
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(settings.deliveryTimeout()).build();
    CallbackPolicy policy =
        new CallbackPolicy(true, settings.callbackAllowList(), HostResolver.system());
    try (MvSubscriptionStore store = new MvSubscriptionStore(dir, mapper);
        MvStoreOutbox outbox = new MvStoreOutbox(dir)) {
      for (int i = 0; i < subscriptions; i++) {
        store.create(
            new StoredSubscription(
                new Subscription(
                    UUID.randomUUID(),
                    Optional.empty(),
                    Optional.of("(eq,objectType,Resource)"),
                    base + i),
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
              new LocalLeases(Clock.systemUTC()),
              new CallbackClient(http, policy, Map.of(), mapper, Clock.systemUTC()),
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
      while (delivered(idsByPath) < expected) {
        TimeUnit.MILLISECONDS.sleep(50);
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
          break;
        }
      }
      long end = System.nanoTime();
      engine.close();
      long got = delivered(idsByPath);
      Snapshot s = latency.getSnapshot();
      double seconds = (end - start) / 1e9;
      System.out.printf(
          "changes=%d subscriptions=%d expected=%d delivered(unique)=%d final success=%.4f%%%n",
          changes, subscriptions, expected, got, 100.0 * got / expected);
      System.out.printf(
          "requests=%d refused(503)=%d first-attempt success=%.4f%% retried=%d dead-lettered=%d%n",
          requests.get(),
          refused.get(),
          100.0 * (requests.get() - refused.get()) / requests.get(),
          registry.counter("notifications.retried").getCount(),
          registry.counter("notifications.dead_lettered").getCount());
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
    } finally {
      receiver.stop(0);
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      source.close();
    }
    System.exit(0);
  }

  private static long delivered(Map<String, Set<String>> idsByPath) {
    return idsByPath.values().stream().mapToLong(Set::size).sum();
  }
}
