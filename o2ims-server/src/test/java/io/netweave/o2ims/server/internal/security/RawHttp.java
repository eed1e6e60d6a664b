package io.netweave.o2ims.server.internal.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * One raw HTTP exchange on a new loopback connection, for requests an HTTP client would refuse to
 * send: the request's bytes as given, then everything the server writes until it closes the
 * connection (send {@code Connection: close}, or expect a refusal that closes it), as ISO-8859-1
 * text.
 */
final class RawHttp {
  private RawHttp() {}

  static String exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      try {
        in.transferTo(response);
      } catch (SocketException reset) {
        // a refusal may reset the connection after answering
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
