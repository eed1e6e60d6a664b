package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.notify.redis.SentinelTopology;
import io.netweave.o2ims.server.it.GatewayProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chaos run: three real gateway jars on Redis with a master, a replica and three Sentinels
 * (durable writes on), the Kubernetes API emulator changing nodes all the time, callbacks that
 * fail, slow down or answer 410; a replica is killed with kill -9 every few seconds and restarted,
 * the Redis master is killed once, the emulator restarted once. At the end every subscription's
 * notifications, per node, form an unbroken chain (each prior state is the previous post state: no
 * change lost or reordered) ending in the node's final state; every acknowledged subscription
 * exists; no read answered 5xx. Redeliveries of the same notification after a kill -9 (same {@code
 * notificationId}, at-least-once) are counted as duplicates.
 *
 * <p>Hand-run only (the name does not end in IT, so Failsafe runs it only when named): {@code
 * bench/chaos.sh [SECONDS]} runs it for {@code -Dchaos.seconds} (default 40) and prints the
 * figures. Its latest runs found a lost delete and broken chains (docs/reliability.md), so it is
 * not part of the suite until that is fixed.
 */
class ChaosRun {
  private static final String INV = "/o2ims-infrastructureInventory/v1";
  private static final int NODE_NAMES = 12;
  static final String GEN = "chaos.netweave.io/gen";

  private final ObjectMapper mapper = O2Json.newMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Random random = new Random(14);
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final GatewayProcesses processes = new GatewayProcesses();
  private final KubeApiEmulator emulator = new KubeApiEmulator().start();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<Integer, Process> replicas = new ConcurrentHashMap<>();
  private final Map<Integer, String> urls = new ConcurrentHashMap<>();
  private final Map<String, Integer> generation = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final List<String> serverErrors = new CopyOnWriteArrayList<>();
  private final List<Path> dataDirs = new ArrayList<>();
  private SentinelTopology redis;

  @AfterEach
  void stop() throws InterruptedException {
    running.set(false);
    threads.shutdownNow();
    processes.close();
    receiver.close();
    emulator.close();
    if (redis != null) {
      redis.close();
    }
  }

  private void launch(int replica) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("NETWEAVE_BACKEND", "kubernetes");
    env.put("NETWEAVE_KUBERNETES_API_URL", emulator.url());
    env.put("NETWEAVE_REDIS_URL", redis.sentinelUri());
    env.put("NETWEAVE_NOTIFICATIONS_STORE", "redis");
    env.put("NETWEAVE_NOTIFICATIONS_REDIS_WAIT_REPLICAS", "1");
    env.put("NETWEAVE_NOTIFICATIONS_REDIS_WAIT_TIMEOUT", "500ms");
    env.put("NETWEAVE_NOTIFICATIONS_LEASE_TTL", "2s");
    env.put("NETWEAVE_NOTIFICATIONS_POLL_INTERVAL", "50ms");
    env.put("NETWEAVE_NOTIFICATIONS_RETRY_INITIAL_DELAY", "50ms");
    env.put("NETWEAVE_NOTIFICATIONS_RETRY_MAX_DELAY", "500ms");
    env.put("NETWEAVE_NOTIFICATIONS_MAX_ATTEMPTS", "100000");
    env.put("NETWEAVE_NOTIFICATIONS_DELIVERY_TIMEOUT", "2s");
    // Each replica's log, for a run that did not settle: target/chaos-logs/replica-N.log.
    Path log = Path.of("target", "chaos-logs", "replica-" + replica + ".log");
    Files.createDirectories(log.getParent());
    Process p =
        processes.launch(
            ProcessBuilder.Redirect.appendTo(log.toFile()),
            env,
            "--port",
            "0",
            "--data-dir",
            dataDirs.get(replica).toString());
    replicas.put(replica, p);
    String base = GatewayProcesses.awaitUrl(p);
    // As a load balancer does: a replica takes requests once /readyz says so.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> send(base, "GET", "/readyz", null).map(r -> r.statusCode() == 200).orElse(false));
    urls.put(replica, base);
  }

  private Optional<HttpResponse<String>> send(
      String base, String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    try {
      return Optional.of(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private String anyUrl() {
    List<String> live = new ArrayList<>(urls.values());
    return live.get(random.nextInt(live.size()));
  }

  /** Creates a subscription on some replica, retrying elsewhere; the id once answered 201. */
  private String subscribe(String path) {
    String body =
        "{\"callback\":\"" + receiver.url(path) + "\",\"filter\":\"(eq,objectType,Resource)\"}";
    for (int attempt = 0; attempt < 150; attempt++) {
      Optional<HttpResponse<String>> r = send(anyUrl(), "POST", INV + "/subscriptions", body);
      if (r.isPresent() && r.get().statusCode() == 201) {
        try {
          return mapper.readTree(r.get().body()).path("subscriptionId").asText();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      pause(200);
    }
    throw new IllegalStateException("no replica accepted a subscription");
  }

  private static void pause(long millis) {
    try {
      new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void change() {
    String name = "chaos-" + random.nextInt(NODE_NAMES);
    Integer gen = generation.get(name);
    if (gen == null) {
      ObjectNode node = NodeFixtures.node(name, "zone-" + random.nextInt(2), "4", "16Gi");
      ((ObjectNode) node.get("metadata").get("labels")).put(GEN, "0");
      emulator.create(EmulatedKind.NODE, node);
      generation.put(name, 0);
    } else if (random.nextInt(10) < 7) {
      relabel(name, gen + 1);
    } else {
      emulator.delete(EmulatedKind.NODE, name);
      generation.remove(name);
    }
    changes.incrementAndGet();
  }

  private void relabel(String name, int gen) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").putObject("labels").put(GEN, Integer.toString(gen));
    emulator.patch(EmulatedKind.NODE, name, patch, false);
    generation.put(name, gen);
  }

  private void read() {
    Optional<HttpResponse<String>> r = send(anyUrl(), "GET", INV + "/resourcePools", null);
    reads.incrementAndGet();
    if (r.isPresent() && r.get().statusCode() >= 500) {
      serverErrors.add(r.get().statusCode() + " " + r.get().body());
    }
  }

  private static int slowly(int n) {
    pause(150);
    return 204;
  }

  @Test
  void nothingIsLostWhateverDies() throws Exception {
    long seconds = Long.getLong("chaos.seconds", 40);
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    redis = new SentinelTopology();
    for (int i = 0; i < 3; i++) {
      dataDirs.add(Files.createTempDirectory("chaos-replica-" + i));
      launch(i);
    }
    receiver.answer("/flaky", n -> n % 3 == 2 ? 500 : 204);
    receiver.answer("/slow", ChaosRun::slowly);
    receiver.answer("/gone", n -> n >= 5 ? 410 : 204);
    Map<String, String> subscriptions = new LinkedHashMap<>();
    for (String path : List.of("/ok", "/flaky", "/slow", "/gone")) {
      subscriptions.put(path, subscribe(path));
    }

    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    threads.execute(
        () -> {
          while (running.get()) {
            change();
            pause(60);
          }
        });
    threads.execute(
        () -> {
          while (running.get()) {
            read();
            pause(20);
          }
        });
    AtomicInteger kills = new AtomicInteger();
    boolean redisKilled = false;
    boolean emulatorRestarted = false;
    int late = 0;
    while (System.nanoTime() < end) {
      pause(4000);
      int victim = random.nextInt(3);
      replicas.get(victim).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      urls.remove(victim);
      kills.incrementAndGet();
      long elapsed = seconds - TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime());
      if (!redisKilled && elapsed > seconds / 3) {
        redis.master.kill();
        redisKilled = true;
        int promoted = redis.replica.port();
        await("Sentinel promoting the replica")
            .atMost(Duration.ofSeconds(90))
            .ignoreExceptions()
            .until(() -> redis.masterPort() == promoted);
        redis.restartOldMasterAndAwaitRejoin();
      }
      if (!emulatorRestarted && elapsed > 2 * seconds / 3) {
        emulator.restart();
        emulatorRestarted = true;
      }
      launch(victim);
      subscriptions.put("/late-" + late, subscribe("/late-" + late));
      late++;
    }
    running.set(false);
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    for (String name : List.copyOf(generation.keySet())) {
      relabel(name, 1_000_000);
    }

    // Quiescence: every live subscription ends each node's chain in its final state.
    Map<String, Integer> finalGen = Map.copyOf(generation);
    boolean settled = true;
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  subscriptions.keySet().stream()
                      .filter(p -> !p.equals("/gone"))
                      .allMatch(
                          p -> NotificationChains.of(receiver.notifications(p)).endsIn(finalGen)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      settled = false;
    }
    List<String> unsettled =
        subscriptions.keySet().stream()
            .filter(p -> !p.equals("/gone"))
            .filter(p -> !NotificationChains.of(receiver.notifications(p)).endsIn(finalGen))
            .map(
                p ->
                    p
                        + " "
                        + NotificationChains.of(receiver.notifications(p)).lastStates()
                        + " expected "
                        + finalGen)
            .toList();

    long deliveries = 0;
    long duplicates = 0;
    long breaks = 0;
    List<String> breakDetails = new ArrayList<>();
    for (String path : subscriptions.keySet()) {
      NotificationChains chains = NotificationChains.of(receiver.notifications(path));
      deliveries += chains.delivered();
      duplicates += chains.duplicates();
      breaks += chains.breaks();
      chains.breakDetails().forEach(b -> breakDetails.add(path + " " + b));
    }
    List<String> missing = new ArrayList<>();
    String base = anyUrl();
    subscriptions.forEach(
        (path, id) -> {
          int status =
              send(base, "GET", INV + "/subscriptions/" + id, null)
                  .map(HttpResponse::statusCode)
                  .orElse(0);
          if (status != (path.equals("/gone") ? 404 : 200)) {
            missing.add(path + " " + id + " " + status);
          }
        });
    String figures =
        String.format(
            "chaos run: %d s, %d replica kills, Redis master killed once, emulator restarted once%n"
                + "  changes %d, subscriptions %d, deliveries %d, duplicates %d (redeliveries"
                + " after kill -9), losses %d (chain breaks %d, subscriptions not in the final"
                + " state %d), missing subscriptions %d, reads %d, 5xx %d%n",
            seconds,
            kills.get(),
            changes.get(),
            subscriptions.size(),
            deliveries,
            duplicates,
            breaks + unsettled.size(),
            breaks,
            unsettled.size(),
            missing.size(),
            reads.get(),
            serverErrors.size());
    System.out.print(figures);
    Files.writeString(
        Path.of("target", "chaos-run.txt"),
        figures + String.join("\n", unsettled) + "\n" + String.join("\n", breakDetails) + "\n");
    assertThat(breaks).as("chain breaks (lost or reordered changes)").isZero();
    assertThat(unsettled)
        .as("subscriptions whose notifications do not end in the final state")
        .isEmpty();
    assertThat(settled).isTrue();
    assertThat(missing).as("acknowledged subscriptions missing").isEmpty();
    assertThat(serverErrors).as("reads answered 5xx").isEmpty();
    assertThat(changes.get()).isPositive();
  }
}
