package io.netweave.o2ims.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netweave.o2ims.model.AlarmEventNotification;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ProblemDetails;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A small embeddable HTTP endpoint for subscription callbacks, for applications that run no HTTP
 * server of their own (built on the JDK's {@code com.sun.net.httpserver}, no extra dependency).
 * Requests to the path go through a {@link NotificationReceiver}; each accepted notification is
 * handed to the handler on one of the listener's threads before the server gets its 204, so a
 * handler that throws makes the answer a 500 and the O2-IMS server delivers the notification again.
 * Bodies over 1 MiB are refused with 413. Plain HTTP: put it behind TLS termination, or rely on
 * signatures, when the network is not trusted.
 *
 * <p>Thread-safe. Lifecycle: {@link #start} binds the port and starts the threads; {@link #close()}
 * stops both. {@code start} throws {@link UncheckedIOException} if the port cannot be bound.
 *
 * <pre>{@code
 * NotificationReceiver receiver = NotificationReceiver.builder().secret(sharedSecret).build();
 * try (NotificationListener listener = NotificationListener.start(
 *     receiver, new InetSocketAddress(8085), "/o2ims/notifications", n -> queue.add(n))) {
 *   client.subscriptions().create(listener.callbackUri());
 * }
 * }</pre>
 */
public final class NotificationListener implements AutoCloseable {
  private static final int MAX_BODY = 1 << 20;
  private static final System.Logger LOG = System.getLogger("io.netweave.o2ims.client");

  private final HttpServer server;
  private final ExecutorService executor;
  private final String path;
  private final NotificationReceiver receiver;
  private final Consumer<InventoryChangeNotification> handler;
  private final Consumer<AlarmEventNotification> alarmHandler;
  private final ObjectMapper mapper = O2Json.newMapper();

  private NotificationListener(
      HttpServer server,
      ExecutorService executor,
      String path,
      NotificationReceiver receiver,
      Consumer<InventoryChangeNotification> handler,
      Consumer<AlarmEventNotification> alarmHandler) {
    this.alarmHandler = alarmHandler;
    this.server = server;
    this.executor = executor;
    this.path = path;
    this.receiver = receiver;
    this.handler = handler;
  }

  /**
   * Binds and starts a listener with two handler threads.
   *
   * @param address where to listen; port 0 picks a free port
   * @param path the callback path, e.g. {@code /o2ims/notifications}
   * @param handler receives each accepted notification; must be thread-safe
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static NotificationListener start(
      NotificationReceiver receiver,
      InetSocketAddress address,
      String path,
      Consumer<InventoryChangeNotification> handler) {
    return start(receiver, address, path, handler, alarm -> {});
  }

  /**
   * Binds and starts a listener for inventory and alarm notifications (one callback may serve both
   * kinds of subscriptions).
   *
   * @param alarmHandler receives each accepted alarm event notification; must be thread-safe
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static NotificationListener start(
      NotificationReceiver receiver,
      InetSocketAddress address,
      String path,
      Consumer<InventoryChangeNotification> handler,
      Consumer<AlarmEventNotification> alarmHandler) {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(alarmHandler, "alarmHandler");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("the path must start with '/': " + path);
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 50);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2);
    NotificationListener listener =
        new NotificationListener(server, executor, path, receiver, handler, alarmHandler);
    server.createContext(path, listener::handle);
    server.setExecutor(executor);
    server.start();
    return listener;
  }

  /** The URL to register as a subscription's callback (loopback host if bound to any address). */
  public URI callbackUri() {
    InetSocketAddress bound = server.getAddress();
    InetAddress host = bound.getAddress();
    String name =
        host.isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress().getHostAddress()
            : host.getHostAddress();
    if (name.contains(":")) {
      name = "[" + name + "]";
    }
    return URI.create("http://" + name + ":" + bound.getPort() + path);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        answer(exchange, 404, ProblemDetails.of(404, "Not Found", "no callback here", null));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        answer(exchange, 413, ProblemDetails.of(413, "Content Too Large", "over 1 MiB", null));
        return;
      }
      NotificationReceiver.Result result =
          receiver.receive(exchange.getRequestMethod(), exchange.getRequestHeaders(), body);
      if (result.notification().isPresent() || result.alarm().isPresent()) {
        try {
          result.notification().ifPresent(handler);
          result.alarm().ifPresent(alarmHandler);
        } catch (RuntimeException e) {
          answer(
              exchange,
              500,
              ProblemDetails.of(
                  500, "Internal Server Error", "the handler failed; deliver again", null));
          LOG.log(System.Logger.Level.WARNING, "notification handler failed; answered 500", e);
          return;
        }
      }
      answer(exchange, result.status(), result.problem().orElse(null));
    }
  }

  private void answer(HttpExchange exchange, int status, ProblemDetails problem)
      throws IOException {
    if (problem == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ProblemDetails is always writable", e);
    }
    exchange.getResponseHeaders().set("Content-Type", ProblemDetails.MEDIA_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops listening (waiting at most a second for exchanges in progress) and the threads. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
  }
}
