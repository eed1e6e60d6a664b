package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.tls.OpenConnections;
import io.netweave.o2ims.server.internal.tls.ServerTls;
import io.netweave.o2ims.server.internal.tls.TlsListener;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The Undertow listener with the {@code server.*} settings applied. Lifecycle: started by the
 * constructor; at shutdown {@link #stopAccepting} after the serving state drained (what SIGTERM
 * does), then {@link #close()}. {@link #close()} alone is graceful too: it refuses new connections
 * and lets the requests in flight finish, for at most {@link #DRAIN_TIMEOUT} (the Helm chart's
 * termination grace period covers its preStop pause plus {@code server.shutdown_timeout}).
 * Thread-safe.
 *
 * <p>Design note (graceful stop): the listener owns its XNIO worker instead of letting Undertow
 * create one, so that closing the accepting sockets leaves the connections already accepted, and
 * the requests on them, running on the worker. While the shared {@link ServingState} drains, every
 * response says {@code Connection: close}, so each keep-alive client gets a complete last response
 * and reconnects (elsewhere once this listener stopped accepting) instead of finding its connection
 * reset; no request is ever refused with an error status. {@link #stopAccepting} then waits for the
 * open connections to close, and {@link #close()} shuts the worker down, closing whatever is left.
 *
 * <p>Connection-level defences: a TLS connection must finish its handshake within the handshake
 * timeout ({@link TlsListener}); an HTTP/2 connection that resets more streams than allowed per
 * window is closed with GOAWAY (the CVE-2023-44487 "rapid reset" defence); the HTTP/2 header list
 * limit advertised and enforced is {@code server.max_header_bytes} (Undertow otherwise caps it at
 * 20,000 bytes through a JVM-wide property, read once), and the maximum frame size is raised to the
 * same value so that clients send a header block in one HEADERS frame rather than splitting it into
 * CONTINUATION frames, which Undertow may act on before the block is complete.
 */
public final class UndertowServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UndertowServer.class);

  /** How long {@link #close()} waits for requests in flight. */
  public static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(20);

  /**
   * Undertow's JVM-wide cap on the HTTP/2 header list; -1 leaves the listener options in charge.
   */
  static final String HTTP2_HEADER_LIMIT_PROPERTY = "io.undertow.http2-max-header-size";

  static {
    if (System.getProperty(HTTP2_HEADER_LIMIT_PROPERTY) == null) {
      System.setProperty(HTTP2_HEADER_LIMIT_PROPERTY, "-1");
    }
  }

  private static final String KEEP_ALIVE = Headers.KEEP_ALIVE.toString();

  private final XnioWorker worker;
  private final Optional<TlsListener> tlsListener;
  private final Optional<PlainListener> plainListener;
  private final OpenConnections connections;
  // Counted by every request, read only by close(): per I/O thread, so they share no counter.
  private final InFlightRequests inFlight;
  private final int port;
  private boolean accepting = true;

  /** Starts a plain-HTTP listener; {@code port 0} picks a free port (see {@link #port()}). */
  public UndertowServer(ServerConfig.Server http, HttpHandler root) {
    this(http, root, Optional.empty());
  }

  /**
   * Starts listening, with TLS (protocols, suites, client certificates, HTTP/2 over ALPN) when
   * {@code tls} is present; {@code port 0} picks a free port (see {@link #port()}).
   */
  public UndertowServer(ServerConfig.Server http, HttpHandler root, Optional<ServerTls> tls) {
    this(http, root, tls, new OpenConnections());
  }

  /**
   * Starts listening as above, registering every TLS connection in {@code connections} (so that the
   * admission layer can close abusive ones).
   */
  public UndertowServer(
      ServerConfig.Server http,
      HttpHandler root,
      Optional<ServerTls> tls,
      OpenConnections connections) {
    this(http, root, tls, connections, new ServingState());
  }

  /**
   * Starts listening as above; once {@code serving} drains, every response closes its connection.
   */
  public UndertowServer(
      ServerConfig.Server http,
      HttpHandler root,
      Optional<ServerTls> tls,
      OpenConnections connections,
      ServingState serving) {
    this.connections = connections;
    openFileLimit()
        .flatMap(limit -> connectionLimitWarning(http.maxConnections(), limit))
        .ifPresent(LOG::warn);
    this.worker = newWorker();
    InFlightRequests inFlight = new InFlightRequests(worker.getIoThreadCount());
    this.inFlight = inFlight;
    // The gateway's root, the access log, is completed from this server's own listener (one
    // listener fewer per request, see AccessLogHandler.handleTimed); any other root as it is.
    AccessLogHandler logged = root instanceof AccessLogHandler a ? a : null;
    io.undertow.server.ExchangeCompletionListener completed =
        (done, next) -> {
          try {
            if (logged != null) {
              logged.completed(done); // before the count drops: a drained stop has every line
            }
          } finally {
            inFlight.completed(done);
            TimeoutConduit.exchangeCompleted(done.getConnection()); // idle until the next request
            next.proceed();
          }
        };
    HttpHandler handler =
        exchange -> {
          inFlight.started(exchange);
          TimeoutConduit.exchangeStarted(exchange.getConnection());
          exchange.addExchangeCompleteListener(completed); // one listener object for all requests
          if (!http.keepAlive() || serving.draining()) {
            exchange.setPersistent(false);
          } else if (exchange.isHttp10() && exchange.isPersistent()) {
            // An HTTP/1.0 client keeps its connection only if told so (HTTP/1.1 ones need no
            // header: ALWAYS_SET_KEEP_ALIVE is off, see serverOptions).
            exchange.getResponseHeaders().put(Headers.CONNECTION, KEEP_ALIVE);
          }
          if (logged != null) {
            logged.handleTimed(exchange);
          } else {
            root.handleRequest(exchange);
          }
        };
    OptionMap serverOptions = serverOptions(http);
    try {
      if (tls.isPresent()) {
        TlsListener listener =
            new TlsListener(
                worker,
                tls.get(),
                http.host(),
                http.port(),
                handler,
                OptionMap.builder()
                    .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                    .addAll(serverOptions)
                    .getMap(),
                listeningOptions(worker, http.maxConnections()),
                tls.get().handshakeTimeout(),
                connections,
                timeouts(http));
        this.tlsListener = Optional.of(listener);
        this.plainListener = Optional.empty();
        this.port = listener.port();
      } else {
        PlainListener listener =
            new PlainListener(worker, http, handler, serverOptions, connections, timeouts(http));
        this.tlsListener = Optional.empty();
        this.plainListener = Optional.of(listener);
        this.port = listener.port();
      }
    } catch (RuntimeException e) {
      worker.shutdownNow();
      throw e;
    }
  }

  /**
   * The plain-HTTP listener (HTTP/1.1, and HTTP/2 through the {@code h2c} upgrade as Undertow's
   * builder sets it up), opened on the worker the way {@code Undertow.Builder.addHttpListener}
   * does, with two differences: every accepted connection is registered in {@link OpenConnections}
   * (as the TLS listener does), so Undertow's connector statistics, which wrap every connection's
   * channels and count every request, are not needed to know how many connections are open; and the
   * slow-client protection is {@link TimeoutConduit} (the read, idle and write timeouts, with one
   * lazily re-armed timer per connection) plus Undertow's request-parse and no-request timeouts
   * (see {@link #timeouts}).
   */
  private static final class PlainListener {
    private final AcceptingChannel<StreamConnection> server;
    private final DefaultByteBufferPool buffers;

    PlainListener(
        XnioWorker worker,
        ServerConfig.Server http,
        HttpHandler handler,
        OptionMap serverOptions,
        OpenConnections connections,
        Consumer<StreamConnection> timeouts) {
      // Undertow's default buffers for a heap of 128 MB or more: direct, 16 KiB less 20 bytes.
      this.buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
      HttpOpenListener open =
          new HttpOpenListener(
              buffers,
              OptionMap.builder()
                  .set(UndertowOptions.BUFFER_PIPELINED_DATA, true) // as Undertow.start sets it
                  .addAll(serverOptions)
                  .getMap());
      open.setRootHandler(new Http2UpgradeHandler(handler));
      ChannelListener<AcceptingChannel<StreamConnection>> accept =
          channel -> {
            StreamConnection connection;
            try {
              connection = channel.accept();
            } catch (IOException e) {
              return;
            }
            if (connection == null || !connections.admit(connection)) {
              return;
            }
            timeouts.accept(connection);
            open.handleEvent(connection);
          };
      try {
        this.server =
            worker.createStreamConnectionServer(
                new InetSocketAddress(InetAddress.getByName(http.host()), http.port()),
                accept,
                listeningOptions(worker, http.maxConnections()));
      } catch (IOException e) {
        buffers.close();
        throw new UncheckedIOException("cannot listen on " + http.host() + ":" + http.port(), e);
      }
      server.resumeAccepts();
    }

    int port() {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Closes the accepting socket only; accepted connections keep their buffers. */
    void stopAccepting() {
      IoUtils.safeClose(server);
    }

    void close() {
      IoUtils.safeClose(server);
      buffers.close();
    }
  }

  /**
   * The slow-client protection of both listeners, installed on every connection before Undertow
   * sees it: {@link TimeoutConduit} with the read and write limits, each the shorter of {@code
   * server.read_timeout}/{@code write_timeout} and {@code server.idle_timeout} (what Undertow's
   * conduits computed from the same settings), and the idle limit, {@code server.idle_timeout},
   * which replaces the read limit while no request is in progress (before the first request,
   * between requests, an HTTP/2 connection without an open stream), so that an idle keep-alive
   * connection lives for the idle timeout, not the read timeout. On a TLS connection it wraps the
   * channels of the {@code SslConnection}, i.e. it sits above Undertow's SSL conduit, where
   * Undertow's own timeout conduits sat: a read or write counts as progress only when it moves
   * application bytes (a client that trickles one TLS record, or sends records without data, makes
   * none).
   *
   * <p>Design note: Undertow's own read-, write- and idle-timeout conduits (and XNIO's socket-level
   * {@code READ_TIMEOUT}/{@code WRITE_TIMEOUT} checks) are not installed on either listener: they
   * give the same guarantees (the idle one closes a connection that makes no read or write progress
   * for the idle timeout while it waits to read or to write, which the capped read and write limits
   * already do) but cancel and re-arm timers on the I/O thread's timer queue on every request and
   * look their limits up on every read and write. Undertow's no-request timeout ({@code
   * NO_REQUEST_TIMEOUT}, set to the idle timeout) still runs beside it (HTTP/1.1: from accept;
   * HTTP/2: once a stream has closed, and it sends GOAWAY, then closes 2 s later); its
   * request-parse timeout ({@code REQUEST_PARSE_TIMEOUT}, the read timeout) bounds a request's
   * headers from their first byte.
   */
  private static Consumer<StreamConnection> timeouts(ServerConfig.Server http) {
    Duration idle = http.idleTimeout();
    long readMillis = Math.max(1, min(http.readTimeout(), idle).toMillis());
    long idleMillis = Math.max(readMillis, idle.toMillis());
    long writeMillis = Math.max(1, min(http.writeTimeout(), idle).toMillis());
    return connection -> TimeoutConduit.install(connection, readMillis, idleMillis, writeMillis);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * The warning for a {@code server.max_connections} that leaves the process fewer than a tenth of
   * its open-file limit (at least 100) for everything else (callbacks, Redis, the Kubernetes API,
   * data files, the JVM's own): the limit would then not keep clients from taking them all.
   */
  static Optional<String> connectionLimitWarning(int maxConnections, long openFileLimit) {
    long reserve = Math.max(100, openFileLimit / 10);
    if (maxConnections <= openFileLimit - reserve) {
      return Optional.empty();
    }
    return Optional.of(
        "server.max_connections is "
            + maxConnections
            + " but the process may open only "
            + openFileLimit
            + " files (ulimit -n): clients can take the descriptors the gateway needs for"
            + " callbacks, Redis and the Kubernetes API; set server.max_connections to at most "
            + Math.max(1, openFileLimit - reserve)
            + " or raise the limit (docs/security.md, \"Connections\")");
  }

  private static Optional<Long> openFileLimit() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? Optional.of(unix.getMaxFileDescriptorCount())
        : Optional.empty();
  }

  /**
   * The worker threads that run dispatched work (Undertow's default: eight per I/O thread); none
   * waits for a request body, which is received on the I/O thread ({@link BodyReceiver}).
   */
  static final int WORKER_THREADS = ioThreads() * 8;

  private static int ioThreads() {
    return Math.max(Runtime.getRuntime().availableProcessors(), 2);
  }

  /** The worker Undertow would create for itself (its default thread counts and options). */
  private static XnioWorker newWorker() {
    int io = ioThreads();
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader())
          .createWorker(
              OptionMap.builder()
                  .set(Options.WORKER_IO_THREADS, io)
                  .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                  .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                  .set(Options.WORKER_TASK_CORE_THREADS, WORKER_THREADS)
                  .set(Options.WORKER_TASK_MAX_THREADS, WORKER_THREADS)
                  .set(Options.TCP_NODELAY, true)
                  .set(Options.CORK, true)
                  .getMap());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP worker", e);
    }
  }

  /**
   * The listening socket's options, the same for the plain and the TLS listener (those Undertow's
   * builder sets): one acceptor per I/O thread, no Nagle delay, a backlog of 1,000; and at most
   * {@code maxConnections} open connections ({@code server.max_connections}): at that many XNIO
   * stops accepting, and new connections wait in the backlog until the count falls to nine tenths
   * of it, so that clients cannot take every file descriptor of the process (callbacks, Redis, the
   * Kubernetes API and the data files need theirs).
   */
  private static OptionMap listeningOptions(XnioWorker worker, int maxConnections) {
    return OptionMap.builder()
        .set(Options.CONNECTION_HIGH_WATER, maxConnections)
        .set(Options.CONNECTION_LOW_WATER, Math.max(1, maxConnections - maxConnections / 10))
        .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
        .set(Options.TCP_NODELAY, true)
        .set(Options.REUSE_ADDRESSES, true)
        .set(Options.BALANCING_TOKENS, 1)
        .set(Options.BALANCING_CONNECTIONS, 2)
        .set(Options.BACKLOG, 1000)
        .getMap();
  }

  private static OptionMap serverOptions(ServerConfig.Server http) {
    int maxFrame = Math.max(16 * 1024, Math.min(http.maxHeaderBytes(), 16 * 1024 * 1024 - 1));
    return OptionMap.builder()
        .set(UndertowOptions.MAX_HEADER_SIZE, http.maxHeaderBytes())
        .set(UndertowOptions.MAX_ENTITY_SIZE, decoderEntityLimit(http.maxBodyBytes()))
        .set(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, http.maxHeaderBytes())
        .set(UndertowOptions.HTTP2_SETTINGS_MAX_FRAME_SIZE, maxFrame)
        .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(http.idleTimeout()))
        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(http.readTimeout()))
        // HTTP/1.1 connections are persistent unless a side says "Connection: close" (RFC 9112,
        // 9.3): the header is sent to HTTP/1.0 clients that asked for keep-alive and "close" on a
        // closing response, not "keep-alive" on every HTTP/1.1 response.
        .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
        .set(UndertowOptions.ENABLE_HTTP2, true)
        .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, http.maxConcurrentStreams())
        .set(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, http.http2MaxResetsPerWindow())
        .set(UndertowOptions.RST_FRAMES_TIME_WINDOW, millis(http.http2ResetWindow()))
        .set(UndertowOptions.MAX_PARAMETERS, Math.max(10_000, http.maxQueryParameters() * 10))
        // The path and query are decoded by the handler chain (PercentDecodingHandler), the same
        // way, so that a malformed escape is a problem+json 400: with this on, Undertow's HTTP/2
        // code failed the whole connection on one (HTTP/1.1's parser refuses it either way).
        .set(UndertowOptions.DECODE_URL, false)
        .getMap();
  }

  /**
   * The listener's entity limit for a body limit of {@code maxBodyBytes} ({@code
   * server.max_body_bytes}). Undertow's HTTP/1.1 chunked decoder takes it when the request is
   * parsed, before any handler, and counts the framing bytes and each chunk's declared size against
   * it ({@link ChunkedBodyCheck}); the exchange's own limit, set later by the request limits (the
   * body limit plus one byte), does not reach that decoder (it does reach HTTP/2 streams and
   * fixed-length bodies). So that the decoder never refuses a body the configured limit admits:
   * twice the body limit (the framing may add as much again, as Undertow's 2 MiB default allows
   * over the 1 MiB default body limit), never below that default.
   */
  static long decoderEntityLimit(long maxBodyBytes) {
    long twice = maxBodyBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : maxBodyBytes * 2;
    return Math.max(UndertowOptions.DEFAULT_MAX_ENTITY_SIZE, twice);
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
    return connections.open();
  }

  /**
   * Closes the listening socket (new connections are refused), then waits up to {@code wait} for
   * the open connections to close; requests in flight on them keep running. Call while the serving
   * state drains, so that each connection closes after its next response.
   *
   * @return true if every connection closed within {@code wait}
   */
  public boolean stopAccepting(Duration wait) {
    closeListeners();
    if (awaitZero(this::openConnections, wait)) {
      return true;
    }
    LOG.info("{} connections still open after {}; closing them", openConnections(), wait);
    return false;
  }

  /**
   * Stops accepting (if still accepting), waits up to {@link #DRAIN_TIMEOUT} for the requests in
   * flight to finish, then closes every connection.
   */
  @Override
  public void close() {
    closeListeners();
    awaitZero(inFlight::count, DRAIN_TIMEOUT);
    tlsListener.ifPresent(TlsListener::close);
    plainListener.ifPresent(PlainListener::close);
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

  private synchronized void closeListeners() {
    if (accepting) {
      tlsListener.ifPresent(TlsListener::stopAccepting);
      plainListener.ifPresent(PlainListener::stopAccepting);
      accepting = false;
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
