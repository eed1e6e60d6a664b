package io.netweave.o2ims.server.internal.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Raw HTTP/1.1 on loopback sockets, for requests an HTTP client would refuse to send or for clients
 * that misbehave on purpose (stop mid-body, reset mid-response): one exchange on a new plain
 * connection ({@link #exchange}), a TLS connection that speaks HTTP/1.1 ({@link #http11}), and
 * everything the server writes until it closes ({@link #readToEnd}). Every socket reads with a 30 s
 * timeout. Static methods only; each socket belongs to its caller, who closes it.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * The request's bytes as given, in one write on a new plain connection, then everything the
   * server writes until it closes the connection (send {@code Connection: close}, or expect a
   * refusal that closes it), as ISO-8859-1 text.
   */
  static String exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return readToEnd(socket);
    }
  }

  /** A TLS connection to {@code port} whose handshake chose HTTP/1.1 (ALPN). */
  static SSLSocket http11(SSLContext context, int port) throws IOException {
    return handshake(
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port), "http/1.1");
  }

  /**
   * A TLS connection over {@code tcp}, already connected (e.g. with a small receive buffer), whose
   * handshake for host {@code localhost} chose HTTP/1.1 (ALPN); closing it closes {@code tcp}.
   */
  static SSLSocket http11(SSLContext context, Socket tcp) throws IOException {
    return handshake(
        (SSLSocket) context.getSocketFactory().createSocket(tcp, "localhost", tcp.getPort(), true),
        "http/1.1");
  }

  private static SSLSocket handshake(SSLSocket socket, String protocol) throws IOException {
    try {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {protocol});
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(30_000);
      socket.startHandshake();
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Everything the server writes on {@code socket} until it closes the connection, as ISO-8859-1
   * text; what came before a reset is kept.
   */
  static String readToEnd(Socket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      socket.getInputStream().transferTo(received);
    } catch (SocketException reset) {
      // a refusal may reset the connection after answering
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }
}
