package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import org.xnio.Options;

/**
 * The Undertow listener with the {@code server.*} settings applied. Lifecycle: started by the
 * constructor, stopped by {@link #close()}. Thread-safe.
 */
public final class UndertowServer implements AutoCloseable {
  private final Undertow undertow;
  private final int port;

  /** Starts a plain-HTTP listener; {@code port 0} picks a free port (see {@link #port()}). */
  public UndertowServer(ServerConfig.Server http, HttpHandler root) {
    this(http, root, java.util.Optional.empty());
  }

  /**
   * Starts listening, with TLS (protocols, suites, client certificates, HTTP/2 over ALPN) when
   * {@code tls} is present; {@code port 0} picks a free port (see {@link #port()}).
   */
  public UndertowServer(
      ServerConfig.Server http,
      HttpHandler root,
      java.util.Optional<io.netweave.o2ims.server.internal.tls.ServerTls> tls) {
    HttpHandler handler =
        http.keepAlive()
            ? root
            : exchange -> {
              exchange.setPersistent(false);
              root.handleRequest(exchange);
            };
    Undertow.Builder builder = Undertow.builder();
    if (tls.isPresent()) {
      tls.get().addListener(builder, http.host(), http.port());
    } else {
      builder.addHttpListener(http.port(), http.host());
    }
    this.undertow =
        builder
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, http.maxHeaderBytes())
            .setServerOption(
                UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, http.maxHeaderBytes())
            .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(http.idleTimeout()))
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(http.idleTimeout()))
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(http.readTimeout()))
            .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, http.keepAlive())
            .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
            .setServerOption(
                UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, http.maxConcurrentStreams())
            .setSocketOption(Options.READ_TIMEOUT, millis(http.readTimeout()))
            .setSocketOption(Options.WRITE_TIMEOUT, millis(http.writeTimeout()))
            .setHandler(handler)
            .build();
    undertow.start();
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
