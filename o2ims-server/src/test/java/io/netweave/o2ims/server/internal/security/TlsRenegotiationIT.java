package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.server.internal.tls.TestPki;
import io.netweave.o2ims.server.it.GatewayProcesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar under {@code --profile production}, in its own JVM (JSSE reads its renegotiation
 * switch once per process): a TLS 1.2 client that asks for a second handshake on an open connection
 * is refused, so one connection cannot make the server do handshake after handshake.
 */
class TlsRenegotiationIT {
  @TempDir Path dir;
  private final GatewayProcesses processes = new GatewayProcesses();

  @AfterEach
  void stop() throws InterruptedException {
    processes.close();
  }

  @Test
  void aClientInitiatedTls12RenegotiationIsRefused() throws Exception {
    TestPki pki = TestPki.newCa("renegotiation CA");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    TestPki.writePem(pki.server("localhost"), cert, key);
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, TestTokens.jwks(TestTokens.rsa("renegotiation-1")));
    Process jar =
        processes.launch(
            Map.of(
                "NETWEAVE_SERVER_HOST",
                "127.0.0.1",
                "NETWEAVE_AUTH_STATIC_KEYS_FILE",
                jwks.toString(),
                "NETWEAVE_AUTH_ISSUER",
                TestTokens.ISSUER,
                "NETWEAVE_AUTH_AUDIENCE",
                TestTokens.AUDIENCE),
            "--profile",
            "production",
            "--tls-cert",
            cert.toString(),
            "--tls-key",
            key.toString(),
            "--port",
            "0",
            "--data-dir",
            dir.resolve("data").toString());
    URI base = URI.create(GatewayProcesses.awaitUrl(jar));
    assertThat(base.getScheme()).isEqualTo("https");

    SSLContext tls = pki.clientContext(null);
    try (SSLSocket socket =
        (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", base.getPort())) {
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.setSoTimeout(30_000);
      socket.startHandshake();
      assertThat(healthz(socket)).startsWith("HTTP/1.1 200");

      socket.startHandshake(); // on an established TLS 1.2 connection: a renegotiation
      assertThatThrownBy(() -> healthz(socket))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("handshake_failure");
    }
    // the refusal ends that connection only
    try (SSLSocket socket =
        (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", base.getPort())) {
      socket.setSoTimeout(30_000);
      assertThat(healthz(socket)).startsWith("HTTP/1.1 200");
    }
  }

  /** GET /healthz on the connection; the status line and headers of the answer. */
  private static String healthz(SSLSocket socket) throws IOException {
    socket
        .getOutputStream()
        .write(
            "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    in.readNBytes(length);
    return text;
  }
}
