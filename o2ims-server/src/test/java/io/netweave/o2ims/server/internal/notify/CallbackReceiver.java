package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationSignature;
import io.netweave.o2ims.model.O2Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP callback receiver (JDK HttpServer on a free loopback port). Each path is one
 * subscription's callback; the answer to the n-th request on a path comes from a per-path function
 * (default 204). Records every request, in arrival order. Thread-safe. Closed by its owner, or,
 * registered with {@code @RegisterExtension}, after each test (extensions registered after it, such
 * as {@link io.netweave.o2ims.server.it.GatewayProcesses}, are closed before it).
 */
public final class CallbackReceiver implements AutoCloseable, AfterEachCallback {
  /** One received request. */
  public record Received(
      String path, String method, Map<String, List<String>> headers, String body, int status) {
    public boolean delivered() {
      return method.equals("POST") && status >= 200 && status < 300;
    }

    /** The first value of a request header, its name compared ignoring case; "" when absent. */
    public String header(String name) {
      return firstValue(headers, name);
    }
  }

  private final HttpServer server;
  private final ObjectMapper mapper = O2Json.newMapper();
  private final List<Received> received = new ArrayList<>();
  private final Map<String, ToIntFunction<Incoming>> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> extraHeaders = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();

  public CallbackReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * The first value of header {@code name} (compared ignoring case) in {@code headers}; "" when
   * absent.
   */
  private static String firstValue(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().get(0))
        .findFirst()
        .orElse("");
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * One request as read, before it is answered: {@code n} is its 0-based rank on its path.
   *
   * @param body the body bytes exactly as received
   */
  public record Incoming(int n, Map<String, List<String>> headers, byte[] body) {
    /** The first value of a request header, its name compared ignoring case; "" when absent. */
    public String header(String name) {
      return firstValue(headers, name);
    }
  }

  /**
   * Whether a request carries a valid {@code X-O2ims-Signature} made with {@code secret} (a gateway
   * given that secret in {@code notifications.callback_auth} sent it): tells the requests of one
   * gateway or engine from another's, whenever the receiver reads them.
   */
  public static Predicate<Incoming> signedWith(String secret) {
    NotificationSignature signature = NotificationSignature.withSecret(secret);
    return r ->
        signature
            .verify(
                r.header(NotificationSignature.HEADER),
                r.body(),
                Instant.now(),
                NotificationSignature.DEFAULT_MAX_SKEW)
            .valid();
  }

  /** Answers the n-th (0-based) request on {@code path} with {@code status.applyAsInt(n)}. */
  public void answer(String path, IntUnaryOperator status) {
    answers.put(path, r -> status.applyAsInt(r.n()));
  }

  /**
   * Answers each request on {@code path} with {@code status.applyAsInt(request)}, called on the
   * receiver's thread once the request is read (it may block there to hold the request in flight):
   * the answer can depend on what was sent and by whom, not only on when the receiver got to it.
   */
  public void answerRequests(String path, ToIntFunction<Incoming> status) {
    answers.put(path, status);
  }

  /**
   * For an {@link #answerRequests} function: holds the request in flight on the receiver's thread
   * until {@code released} opens or {@code max} has passed, then gives the status to answer, {@code
   * ifReleased} when it opened and {@code otherwise} when not (or when the thread was interrupted,
   * whose flag is kept).
   */
  public static int heldUntil(
      CountDownLatch released, Duration max, int ifReleased, int otherwise) {
    try {
      return released.await(max.toMillis(), TimeUnit.MILLISECONDS) ? ifReleased : otherwise;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return otherwise;
    }
  }

  /** Answers requests on {@code path} with this JSON body. */
  void body(String path, String json) {
    bodies.put(path, json);
  }

  void header(String path, String name, String value) {
    extraHeaders.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(name, value);
  }

  public synchronized List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The notifications accepted (answered 2xx) on {@code path}, in arrival order. */
  List<InventoryChangeNotification> notifications(String path) {
    return received(path).stream().filter(Received::delivered).map(r -> parse(r.body())).toList();
  }

  InventoryChangeNotification parse(String body) {
    try {
      return mapper.readValue(body, InventoryChangeNotification.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String body = new String(bytes, StandardCharsets.UTF_8);
    int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).getAndIncrement();
    Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
    int status = answers.getOrDefault(path, r -> 204).applyAsInt(new Incoming(n, headers, bytes));
    synchronized (this) {
      received.add(new Received(path, exchange.getRequestMethod(), headers, body, status));
    }
    extraHeaders.getOrDefault(path, Map.of()).forEach(exchange.getResponseHeaders()::add);
    String reply = bodies.get(path);
    if (reply == null) {
      exchange.sendResponseHeaders(status, -1);
    } else {
      byte[] out = reply.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, out.length);
      exchange.getResponseBody().write(out);
    }
    exchange.close();
  }

  /** Every received request, in order. */
  public synchronized List<Received> all() {
    return new ArrayList<>(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }
}
