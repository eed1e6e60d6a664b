package io.netweave.o2ims.server.internal.notify;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos driver: three real gateway jars on Redis with a master, a replica and three Sentinels
 * (durable writes on: {@code WAIT} for one replica), the Kubernetes API emulator changing nodes all
 * the time (create, relabel, delete), callbacks that fail every third request, answer slowly or
 * answer 410, and reads all the time. The faults are the caller's: {@link #killAndRestart} (kill -9
 * of a replica, then a new one on its data directory), {@link #failOverRedis} (SIGKILL of the Redis
 * master; Sentinel promotes the replica and makes the old master, restarted empty, its replica),
 * {@link #restartEmulator}. {@link #finish} relabels every node once more, waits for quiet and
 * checks, per subscription and per resource, that each notification's prior state is the previous
 * one's post state (nothing lost or reordered; changes made while no replica produced arrive as one
 * catch-up change), that the last state is the node's final state (or a delete), that every
 * subscription answered 201 exists (the 410 one is gone) and that no read answered 5xx. A
 * redelivery of a notification with the same {@code notificationId} (at-least-once, after a kill -9
 * or a Redis failover) is counted as a duplicate, not a loss.
 *
 * <p>Every request the driver sends ends in one {@link ChaosRequests.Exchange}: answered, refused
 * by a replica the plan killed (expected, counted), or failed for another reason (listed; the run
 * fails).
 *
 * <p>Used by {@link ChaosIT} (a fixed, short plan, in the suite) and {@link ChaosRun} (hand-run,
 * bounded in time: {@code bench/chaos.sh}). Not thread-safe: one test thread drives it.
 */
final class Chaos implements AutoCloseable {
  private static final String INV = "/o2ims-infrastructureInventory/v1";
  private static final int NODE_NAMES = 12;
  static final String GEN = "chaos.netweave.io/gen";

  private final ObjectMapper mapper = O2Json.newMapper();
  private final ChaosRequests requests = new ChaosRequests();
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

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    threads.shutdownNow();
    processes.close();
    receiver.close();
    emulator.close();
    if (redis != null) {
      redis.close();
    }
  }

  /** How long a replica may take to start on a loaded machine (JVM start, sync, election). */
  private static final Duration START = Duration.ofSeconds(240);

  private void launch(int replica) throws Exception {
    start(replica);
    awaitReady(replica);
  }

  private void start(int replica) throws Exception {
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
            env,
            ProcessBuilder.Redirect.appendTo(log.toFile()),
            "--port",
            "0",
            "--data-dir",
            dataDirs.get(replica).toString());
    replicas.put(replica, p);
  }

  private void awaitReady(int replica) throws Exception {
    String base = GatewayProcesses.awaitUrl(replicas.get(replica), START);
    // As a load balancer does: a replica takes requests once /readyz says so.
    await()
        .atMost(START)
        .until(
            () ->
                requests
                    .send(base, "GET", "/readyz", null)
                    .response()
                    .map(r -> r.statusCode() == 200)
                    .orElse(false));
    urls.put(replica, base);
  }

  private String anyUrl() {
    List<String> live = new ArrayList<>(urls.values());
    return live.get(random.nextInt(live.size()));
  }

  /** Creates a subscription on some replica, retrying elsewhere; the id once answered 201. */
  private String subscribe(String path) throws InterruptedException {
    String body =
        "{\"callback\":\"" + receiver.url(path) + "\",\"filter\":\"(eq,objectType,Resource)\"}";
    for (int attempt = 0; attempt < 150; attempt++) {
      Optional<HttpResponse<String>> r =
          requests.send(anyUrl(), "POST", INV + "/subscriptions", body).response();
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

  private void read() throws InterruptedException {
    Optional<HttpResponse<String>> r =
        requests.send(anyUrl(), "GET", INV + "/resourcePools", null).response();
    reads.incrementAndGet();
    if (r.isPresent() && r.get().statusCode() >= 500) {
      serverErrors.add(r.get().statusCode() + " " + r.get().body());
    }
  }

  private int slowly(int n) {
    pause(slowAnswer.toMillis());
    return 204;
  }

  private final Map<String, String> subscriptions = new LinkedHashMap<>();
  private int kills;
  private int late;
  private long rejoinSeconds = -1;

  private final Duration changeEvery;
  private final Duration slowAnswer;

  /**
   * Starts Redis, the emulator, three replicas, the receivers and four subscriptions.
   *
   * @param changeEvery the pause between two node changes
   * @param slowAnswer how long the slow callback takes to answer (each subscription's deliveries
   *     are sequential, so it must stay below {@code changeEvery} for its queue to drain)
   */
  Chaos(Duration changeEvery, Duration slowAnswer) throws Exception {
    this.changeEvery = changeEvery;
    this.slowAnswer = slowAnswer;
    try {
      emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
      redis = new SentinelTopology();
      for (int i = 0; i < 3; i++) {
        dataDirs.add(Files.createTempDirectory("chaos-replica-" + i));
        start(i);
      }
      for (int i = 0; i < 3; i++) {
        awaitReady(i);
      }
      receiver.answer("/flaky", n -> n % 3 == 2 ? 500 : 204);
      receiver.answer("/slow", this::slowly);
      receiver.answer("/gone", n -> n >= 5 ? 410 : 204);
      for (String path : List.of("/ok", "/flaky", "/slow", "/gone")) {
        subscriptions.put(path, subscribe(path));
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** Starts changing nodes and reading pools (every 20 ms) until {@link #finish}. */
  void startTraffic() {
    threads.execute(
        () -> {
          while (running.get()) {
            change();
            pause(changeEvery.toMillis());
          }
        });
    threads.execute(
        () -> {
          try {
            while (running.get()) {
              read();
              pause(20);
            }
          } catch (InterruptedException e) {
            // close() stops the traffic with an interrupt: the thread ends here.
            Thread.currentThread().interrupt();
          }
        });
  }

  /** Kills a replica with kill -9, starts it again, then creates a subscription somewhere. */
  void killAndRestart(int replica) throws Exception {
    // Announced before the kill: requests in flight to it may fail as soon as it dies.
    requests.killing(urls.remove(replica));
    replicas.get(replica).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    kills++;
    launch(replica);
    subscriptions.put("/late-" + late, subscribe("/late-" + late));
    late++;
  }

  /** Kills the Redis master; waits for Sentinel to promote the replica and rejoin the old one. */
  void failOverRedis() {
    redis.master.kill();
    int promoted = redis.replica.port();
    await("Sentinel promoting the replica")
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(() -> redis.masterPort() == promoted);
    long start = System.nanoTime();
    redis.restartOldMasterAndAwaitRejoin();
    rejoinSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  /** Stops and starts the API server emulator (its objects survive; watches break). */
  void restartEmulator() {
    emulator.restart();
  }

  /**
   * Stops the traffic, relabels every node once more, waits (up to {@code settle}) until every
   * subscription's notifications end in the final state, and measures; writes the report to {@code
   * target/chaos-run.txt}.
   */
  ChaosFigures finish(String plan, Duration settle) throws Exception {
    running.set(false);
    threads.shutdown();
    if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the traffic threads did not stop");
    }
    for (String name : List.copyOf(generation.keySet())) {
      relabel(name, 1_000_000);
    }
    Map<String, Integer> finalGen = Map.copyOf(generation);
    try {
      await()
          .atMost(settle)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  subscriptions.keySet().stream()
                      .filter(p -> !p.equals("/gone"))
                      .allMatch(
                          p -> NotificationChains.of(receiver.notifications(p)).endsIn(finalGen)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // Measured below: what did not settle is reported, not hidden.
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
    for (Map.Entry<String, String> subscription : subscriptions.entrySet()) {
      String path = subscription.getKey();
      String id = subscription.getValue();
      int status =
          requests
              .send(base, "GET", INV + "/subscriptions/" + id, null)
              .response()
              .map(HttpResponse::statusCode)
              .orElse(0);
      if (status != (path.equals("/gone") ? 404 : 200)) {
        missing.add(path + " " + id + " " + status);
      }
    }
    ChaosFigures figures =
        new ChaosFigures(
            plan,
            kills,
            changes.get(),
            subscriptions.size(),
            deliveries,
            duplicates,
            breaks,
            unsettled,
            breakDetails,
            missing,
            reads.get(),
            List.copyOf(serverErrors),
            requests.toKilledReplicas(),
            requests.failures(),
            rejoinSeconds);
    System.out.print(figures.report());
    Files.writeString(Path.of("target", "chaos-run.txt"), figures.report());
    return figures;
  }
}
