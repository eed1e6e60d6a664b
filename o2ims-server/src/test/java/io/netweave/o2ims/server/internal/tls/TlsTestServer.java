package io.netweave.o2ims.server.internal.tls;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** An Undertow server on 127.0.0.1 and a free port, with the listener of a {@link ServerTls}. */
public final class TlsTestServer implements AutoCloseable {
  private final Undertow server;

  public TlsTestServer(ServerTls tls, HttpHandler handler) {
    this.server = tls.addListener(Undertow.builder(), "127.0.0.1", 0).setHandler(handler).build();
    server.start();
  }

  public int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /**
   * Connects with {@code context}, limited to {@code suites} when non-empty, sends {@code GET path}
   * over HTTP/1.1 and returns the status line; an IOException when TLS fails.
   */
  public String get(SSLContext context, String path, String... suites) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port())) {
      socket.setSoTimeout(20_000);
      if (suites.length > 0) {
        socket.setEnabledCipherSuites(suites);
      }
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      if (status == null) {
        throw new EOFException("connection closed before a response");
      }
      return status;
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
