package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.tls.OpenConnections;
import io.netweave.o2ims.server.internal.tls.ServerTls;
import io.netweave.o2ims.server.internal.tls.TlsListener;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.xnio.Option;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * The Undertow listener with the {@code server.*} settings applied. Lifecycle: started by the
 * constructor, stopped by {@link #close()}, which is graceful: new requests are answered 503 while
 * the ones in flight finish, for at most {@link #DRAIN_TIMEOUT}, then the listener closes (the Helm
 * chart's termination grace period covers its preStop pause plus this). Thread-safe.
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

  private final Undertow undertow;
  private final io.undertow.server.handlers.GracefulShutdownHandler drain;
  private final Optional<TlsListener> tlsListener;
  private final int port;

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
    HttpHandler persistence =
        http.keepAlive()
            ? root
            : exchange -> {
              exchange.setPersistent(false);
              root.handleRequest(exchange);
            };
    this.drain = new io.undertow.server.handlers.GracefulShutdownHandler(persistence);
    HttpHandler handler = drain;
    OptionMap serverOptions = serverOptions(http);
    OptionMap socketOptions =
        OptionMap.builder()
            .set(Options.READ_TIMEOUT, millis(http.readTimeout()))
            .set(Options.WRITE_TIMEOUT, millis(http.writeTimeout()))
            .getMap();
    Undertow.Builder builder = Undertow.builder();
    if (tls.isEmpty()) {
      builder.addHttpListener(http.port(), http.host());
    }
    apply(builder, serverOptions);
    builder
        .setSocketOption(Options.READ_TIMEOUT, millis(http.readTimeout()))
        .setSocketOption(Options.WRITE_TIMEOUT, millis(http.writeTimeout()))
        .setHandler(handler);
    this.undertow = builder.build();
    undertow.start();
    if (tls.isPresent()) {
      try {
        TlsListener listener =
            new TlsListener(
                undertow.getWorker(),
                tls.get(),
                http.host(),
                http.port(),
                handler,
                OptionMap.builder()
                    .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                    .addAll(serverOptions)
                    .getMap(),
                socketOptions,
                tls.get().handshakeTimeout(),
                connections);
        this.tlsListener = Optional.of(listener);
        this.port = listener.port();
      } catch (RuntimeException e) {
        undertow.stop();
        throw e;
      }
    } else {
      this.tlsListener = Optional.empty();
      this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }
  }

  private static OptionMap serverOptions(ServerConfig.Server http) {
    int maxFrame = Math.max(16 * 1024, Math.min(http.maxHeaderBytes(), 16 * 1024 * 1024 - 1));
    return OptionMap.builder()
        .set(UndertowOptions.MAX_HEADER_SIZE, http.maxHeaderBytes())
        .set(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, http.maxHeaderBytes())
        .set(UndertowOptions.HTTP2_SETTINGS_MAX_FRAME_SIZE, maxFrame)
        .set(UndertowOptions.IDLE_TIMEOUT, millis(http.idleTimeout()))
        .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(http.idleTimeout()))
        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(http.readTimeout()))
        .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, http.keepAlive())
        .set(UndertowOptions.ENABLE_HTTP2, true)
        .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, http.maxConcurrentStreams())
        .set(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, http.http2MaxResetsPerWindow())
        .set(UndertowOptions.RST_FRAMES_TIME_WINDOW, millis(http.http2ResetWindow()))
        .set(UndertowOptions.MAX_PARAMETERS, Math.max(10_000, http.maxQueryParameters() * 10))
        .getMap();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void apply(Undertow.Builder builder, OptionMap options) {
    for (Option option : options) {
      builder.setServerOption(option, options.get(option));
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  @Override
  public void close() {
    drain.shutdown();
    try {
      drain.awaitShutdown(DRAIN_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tlsListener.ifPresent(TlsListener::close);
    undertow.stop();
  }
}
