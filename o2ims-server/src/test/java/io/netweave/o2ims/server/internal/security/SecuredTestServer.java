package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.server.internal.tls.ServerTls;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.net.InetSocketAddress;
import java.net.URI;

/** Undertow on 127.0.0.1 and a free port, serving {@link TestRoutes} inside the security layers. */
final class SecuredTestServer implements AutoCloseable {
  final TestRoutes routes = new TestRoutes();
  private final Undertow server;
  private final String scheme;

  SecuredTestServer(SecurityLayers layers) {
    this(layers, null);
  }

  SecuredTestServer(SecurityLayers layers, ServerTls tls) {
    Undertow.Builder builder =
        Undertow.builder()
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
            .setServerOption(UndertowOptions.MAX_PARAMETERS, 1000)
            .setServerOption(UndertowOptions.MAX_HEADERS, 200)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 30_000)
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
            .setIoThreads(2)
            .setWorkerThreads(8);
    if (tls == null) {
      builder.addHttpListener(0, "127.0.0.1");
      scheme = "http";
    } else {
      tls.addListener(builder, "127.0.0.1", 0);
      scheme = "https";
    }
    server = builder.setHandler(layers.around(routes.handler())).build();
    server.start();
  }

  int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  URI uri(String path) {
    return URI.create(scheme + "://localhost:" + port() + path);
  }

  @Override
  public void close() {
    server.stop();
  }
}
