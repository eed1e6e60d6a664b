package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.tls.ServerTls;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The Undertow listener with the {@code server.*} settings applied. Lifecycle: started by the
 * constructor; at shutdown {@link #stopAccepting} after the serving state drained (what SIGTERM
 * does), then {@link #close()}. {@link #close()} alone is graceful too: it refuses new connections
 * and lets the requests in flight finish, for at most {@link #DRAIN_TIMEOUT}. Thread-safe.
 *
 * <p>Design note (graceful stop): the listener owns its XNIO worker instead of letting Undertow
 * create one, so that closing the accepting socket ({@link Undertow#stop()}) leaves the connections
 * already accepted, and the requests on them, running on the worker. While the shared {@link
 * ServingState} drains, every response says {@code Connection: close}, so each keep-alive client
 * gets a complete last response and reconnects (elsewhere once this listener stopped accepting)
 * instead of finding its connection reset. {@link #stopAccepting} then waits for the open
 * connections to close, and {@link #close()} shuts the worker down, closing whatever is left.
 */
public final class UndertowServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UndertowServer.class);

  /** How long {@link #close()} waits for requests in flight. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

  private final Undertow undertow;
  private final XnioWorker worker;
  private final ConnectorStatistics connections;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int port;
  private boolean accepting = true;

  /** Starts a plain-HTTP listener; {@code port 0} picks a free port (see {@link #port()}). */
  public UndertowServer(ServerConfig.Server http, HttpHandler root) {
    this(http, root, Optional.empty(), new ServingState());
  }

  /**
   * Starts listening, with TLS (protocols, suites, client certificates, HTTP/2 over ALPN) when
   * {@code tls} is present; {@code port 0} picks a free port (see {@link #port()}).
   */
  public UndertowServer(ServerConfig.Server http, HttpHandler root, Optional<ServerTls> tls) {
    this(http, root, tls, new ServingState());
  }

  /**
   * As {@link #UndertowServer(ServerConfig.Server, HttpHandler, Optional)}; once {@code serving}
   * drains, every response closes its connection.
   */
  public UndertowServer(
      ServerConfig.Server http, HttpHandler root, Optional<ServerTls> tls, ServingState serving) {
    HttpHandler handler =
        exchange -> {
          inFlight.incrementAndGet();
          exchange.addExchangeCompleteListener(
              (done, next) -> {
                inFlight.decrementAndGet();
                next.proceed();
              });
          if (!http.keepAlive() || serving.draining()) {
            exchange.setPersistent(false);
          }
          root.handleRequest(exchange);
        };
    Undertow.Builder builder = Undertow.builder();
    if (tls.isPresent()) {
      tls.get().addListener(builder, http.host(), http.port());
    } else {
      builder.addHttpListener(http.port(), http.host());
    }
    this.worker = newWorker();
    try {
      this.undertow =
          builder
              .setWorker(worker)
              .setServerOption(UndertowOptions.ENABLE_STATISTICS, true)
              .setServerOption(UndertowOptions.MAX_HEADER_SIZE, http.maxHeaderBytes())
              .setServerOption(
                  UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, http.maxHeaderBytes())
              .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(http.idleTimeout()))
              .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(http.idleTimeout()))
              .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(http.readTimeout()))
              .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, http.keepAlive())
              .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
              .setServerOption(
                  UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS,
                  http.maxConcurrentStreams())
              .setSocketOption(Options.READ_TIMEOUT, millis(http.readTimeout()))
              .setSocketOption(Options.WRITE_TIMEOUT, millis(http.writeTimeout()))
              .setHandler(handler)
              .build();
      undertow.start();
    } catch (RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
    Undertow.ListenerInfo listener = undertow.getListenerInfo().get(0);
    this.connections = listener.getConnectorStatistics();
    this.port = ((InetSocketAddress) listener.getAddress()).getPort();
  }

  /** The worker Undertow would create for itself (its default thread counts and options). */
  private static XnioWorker newWorker() {
    int io = Math.max(Runtime.getRuntime().availableProcessors(), 2);
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader())
          .createWorker(
              OptionMap.builder()
                  .set(Options.WORKER_IO_THREADS, io)
                  .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                  .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                  .set(Options.WORKER_TASK_CORE_THREADS, io * 8)
                  .set(Options.WORKER_TASK_MAX_THREADS, io * 8)
                  .set(Options.TCP_NODELAY, true)
                  .set(Options.CORK, true)
                  .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP worker", e);
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** Connections open now (accepted and not yet closed). */
  public long openConnections() {
    return connections.getActiveConnections();
  }

  /**
   * Closes the listening socket (new connections are refused), then waits up to {@code wait} for
   * the open connections to close; requests in flight on them keep running. Call while the serving
   * state drains, so that each connection closes after its next response.
   *
   * @return true if every connection closed within {@code wait}
   */
  public boolean stopAccepting(Duration wait) {
    synchronized (this) {
      if (accepting) {
        undertow.stop();
        accepting = false;
      }
    }
    if (awaitZero(connections::getActiveConnections, wait)) {
      return true;
    }
    LOG.info(
        "{} connections still open after {}; closing them",
        connections.getActiveConnections(),
        wait);
    return false;
  }

  /**
   * Stops accepting (if still accepting), waits up to {@link #DRAIN_TIMEOUT} for the requests in
   * flight to finish, then closes every connection.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (accepting) {
        undertow.stop();
        accepting = false;
      }
    }
    awaitZero(inFlight::get, DRAIN_TIMEOUT);
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until {@code count} is zero or {@code wait} passed; true if it reached zero. */
  private static boolean awaitZero(LongSupplier count, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (count.getAsLong() > 0) {
        if (System.nanoTime() - deadline >= 0) {
          return false;
        }
        TimeUnit.MILLISECONDS.sleep(10);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
