package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netweave.o2ims.model.O2Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A Kubernetes API server emulator on a real HTTP server (plain http on the loopback interface). It
 * serves discovery, list (resourceVersion, label and field selectors, limit/continue), watch
 * (chunked JSON lines with bookmarks, timeoutSeconds and 410 Expired for a compacted
 * resourceVersion), get, create, update, merge and strategic-merge patch and delete, with 409 on a
 * stale resourceVersion, for Nodes (with {@code /status}), Namespaces and coordination.k8s.io
 * Leases.
 *
 * <p>Thread-safe. Lifecycle: {@link #start()} binds a free port (or the same port again after a
 * {@link #stop()}: the stored objects survive, as etcd would behind a restarted API server), {@link
 * #close()} stops for good. Test hooks: {@link #restart()}, {@link #compact()}, {@link
 * #holdWatches()}, {@link #expireWatches()}, {@link #cutWatches()}, {@link #fail} (429, 5xx, 401,
 * 403 with Retry-After), {@link #expireContinueTokens}, {@link #latency(Duration)}, {@link
 * #requestCount(String)}, {@link #requests()} (every request in RBAC terms). Like a real API server
 * it can serve TLS ({@link #tls(SSLContext)}) and require a bearer token ({@link
 * #requireToken(String)}), as a pod reaches it. The object helpers ({@link #create}, {@link
 * #patch}, {@link #delete}) work whether or not the HTTP server runs.
 */
public final class KubeApiEmulator implements AutoCloseable {
  private final ObjectMapper mapper = O2Json.newMapper();
  private final ObjectStore store;
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final List<ApiRequest> requestLog = new CopyOnWriteArrayList<>();
  private final Faults faults = new Faults();
  private volatile String requiredToken = "";
  private Optional<SSLContext> tls = Optional.empty();
  private volatile Duration latency = Duration.ZERO;
  private volatile Duration bookmarkInterval = Duration.ofSeconds(5);
  private HttpServer server;
  private ExecutorService executor;
  private int port;

  /** An emulator whose history keeps the last 100,000 changes. */
  public KubeApiEmulator() {
    this(100_000);
  }

  /** An emulator whose watch history keeps the last {@code maxHistory} changes. */
  public KubeApiEmulator(int maxHistory) {
    this.store = new ObjectStore(Clock.systemUTC(), mapper, maxHistory);
  }

  /**
   * Starts serving, on a free port the first time and on the same port after {@link #stop()}.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized KubeApiEmulator start() {
    if (server != null) {
      return this;
    }
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      if (tls.isPresent()) {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
        server = https;
      } else {
        server = HttpServer.create(address, 64);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getAddress().getPort();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "kube-emulator-" + port);
              t.setDaemon(true);
              return t;
            });
    Consumer<String> counter =
        verb -> requests.computeIfAbsent(verb, v -> new AtomicLong()).incrementAndGet();
    server.createContext(
        "/",
        new ApiHandler(
            store,
            mapper,
            () -> latency,
            () -> bookmarkInterval,
            counter,
            requestLog::add,
            () -> requiredToken,
            faults));
    server.setExecutor(executor);
    server.start();
    return this;
  }

  /** Stops serving: open watches and connections break; stored objects are kept. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    store.closeWatchers();
    server.stop(0);
    executor.shutdownNow();
    server = null;
  }

  /** Stops and starts again on the same port. */
  public synchronized void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Serves HTTPS with this context from the next {@link #start()} on (call before starting).
   *
   * @throws IllegalStateException if already serving
   */
  public synchronized KubeApiEmulator tls(SSLContext context) {
    if (server != null) {
      throw new IllegalStateException("set TLS before start()");
    }
    this.tls = Optional.of(context);
    return this;
  }

  /** Answers 401 to every request without {@code Authorization: Bearer <token>}. */
  public KubeApiEmulator requireToken(String token) {
    this.requiredToken = token;
    return this;
  }

  /** Every request served so far, in order, as RBAC sees it. */
  public List<ApiRequest> requests() {
    return List.copyOf(requestLog);
  }

  /** {@code http://127.0.0.1:<port>}, or {@code https://} when serving TLS. */
  public synchronized String url() {
    return (tls.isPresent() ? "https://" : "http://")
        + InetAddress.getLoopbackAddress().getHostAddress()
        + ":"
        + port;
  }

  /** Writes a kubeconfig file for this server (plain http, no credentials) and returns it. */
  public Path writeKubeconfig(Path file) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: emulator
          cluster:
            server: %s
        users:
        - name: tester
          user: {}
        contexts:
        - name: emulator
          context:
            cluster: emulator
            user: tester
            namespace: default
        current-context: emulator
        """
            .formatted(url());
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Forgets the change history: watches from any earlier resourceVersion get 410 Expired. */
  public void compact() {
    store.compact();
  }

  /**
   * The next {@code times} requests of {@code verb} ({@code list}, {@code watch}, {@code get}...)
   * are answered {@code code} with a {@code Status} body instead of being served, with {@code
   * Retry-After} (and {@code details.retryAfterSeconds}) when {@code retryAfter} is not zero, as a
   * kube-apiserver answers 429 (priority and fairness), 500, 503, 401 and 403.
   */
  public void fail(String verb, int code, int times, Duration retryAfter) {
    faults.add(verb, new Faults.Fault(code, retryAfter), times);
  }

  /** How many requests of {@code verb} queued by {@link #fail} are still to fail. */
  public int failuresPending(String verb) {
    return faults.pending(verb);
  }

  /**
   * The next {@code times} list requests carrying a {@code continue} token find the history
   * compacted past it and get 410 Expired, as when etcd compacts between two pages of a list.
   */
  public void expireContinueTokens(int times) {
    faults.expireContinues(times);
  }

  /**
   * Open watches stay open but receive no more changes (bookmarks still come) until {@link
   * #expireWatches()}: an API server whose watch cache fell behind.
   */
  public void holdWatches() {
    store.holdWatches();
  }

  /**
   * Forgets the change history and ends every open watch with an ERROR event (410 Expired, "too old
   * resource version"); the changes made while watches were held reach clients only by a relist.
   */
  public void expireWatches() {
    store.expireWatches();
  }

  /**
   * Every open watch writes half of its next event (no newline) and then ends its response cleanly,
   * as a proxy or load balancer cutting a stream mid-event does.
   */
  public void cutWatches() {
    store.cutWatches();
  }

  /** Delays every request by {@code delay} before it is served. */
  public void latency(Duration delay) {
    this.latency = delay;
  }

  /** How often watches that allow bookmarks receive one (default 5 s). */
  public void bookmarkInterval(Duration interval) {
    this.bookmarkInterval = interval;
  }

  /**
   * Requests served for a verb: {@code list}, {@code watch}, {@code get}, {@code create}, {@code
   * update}, {@code patch}, {@code delete} or {@code discovery}.
   */
  public long requestCount(String verb) {
    AtomicLong count = requests.get(verb);
    return count == null ? 0 : count.get();
  }

  /** The current global resourceVersion. */
  public long resourceVersion() {
    return store.resourceVersion();
  }

  /**
   * Creates an object ({@code namespace} ignored for cluster-scoped kinds); returns it as stored.
   *
   * @throws IllegalStateException if the API server would refuse it (e.g. it exists)
   */
  public ObjectNode create(EmulatedKind kind, String namespace, ObjectNode object) {
    return call(() -> store.create(kind, kind.namespaced() ? namespace : null, object));
  }

  /** Creates a cluster-scoped object. */
  public ObjectNode create(EmulatedKind kind, ObjectNode object) {
    return create(kind, null, object);
  }

  /** Applies a JSON merge patch to a cluster-scoped object, or to its status. */
  public ObjectNode patch(EmulatedKind kind, String name, ObjectNode mergePatch, boolean status) {
    return call(() -> store.patch(kind, null, name, mergePatch, status));
  }

  /** Deletes a cluster-scoped object. */
  public ObjectNode delete(EmulatedKind kind, String name) {
    return call(() -> store.delete(kind, null, name));
  }

  /** The stored object, or an exception if there is none. */
  public ObjectNode get(EmulatedKind kind, String namespace, String name) {
    return call(() -> store.get(kind, kind.namespaced() ? namespace : null, name));
  }

  /** A JSON tree to build objects from. */
  public ObjectNode newObject() {
    return mapper.createObjectNode();
  }

  private static ObjectNode call(java.util.function.Supplier<ObjectNode> operation) {
    try {
      return operation.get();
    } catch (ApiError e) {
      throw new IllegalStateException(e.code() + " " + e.getMessage(), e);
    }
  }
}
