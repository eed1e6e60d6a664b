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

  /** Starts listening; {@code port 0} picks a free port (see {@link #port()}). */
  public UndertowServer(ServerConfig.Http http, HttpHandler root) {
    HttpHandler handler =
        http.keepAlive()
            ? root
            : exchange -> {
              exchange.setPersistent(false);
              root.handleRequest(exchange);
            };
    this.undertow =
        Undertow.builder()
            .addHttpListener(http.port(), http.host())
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, http.maxHeaderBytes())
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
