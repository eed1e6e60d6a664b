package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send {@code Expect: 100-continue} and wait for the interim answer before their body
 * (RFC 9110, section 10.1.1; curl does for large bodies, and waits a second before it sends the
 * body anyway), against the real production gateway. The gateway sent nothing until the body came,
 * so each such write waited for the client's own give-up delay.
 */
class ExpectContinueIT {
  @TempDir static Path dir;
  private static ProductionGateways gateways;
  private static Gateway gateway;
  private static String subscriber;

  @BeforeAll
  static void start() {
    gateways = new ProductionGateways(dir);
    gateway = gateways.start(Map.of());
    subscriber = gateways.token("smo-1", "role:o2ims-reader role:o2ims-subscriber");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** The 100 comes before the body is sent, then the create's own answer. */
  @Test
  void aBodyWaitingForContinueIsAskedForAndCreated() throws Exception {
    byte[] body =
        "{\"callback\":\"https://smo.example.com/continue\"}".getBytes(StandardCharsets.UTF_8);
    try (SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port())) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(head("application/json", body.length));
      out.flush();
      assertThat(readHead(in)).startsWith("HTTP/1.1 100 ");
      out.write(body);
      out.flush();
      assertThat(readHead(in)).startsWith("HTTP/1.1 201 ");
    }
  }

  /**
   * A request refused without its body gets its final answer and no 100 (the client then never
   * sends the body).
   */
  @Test
  void aRequestRefusedWithoutItsBodyGetsNoContinue() throws Exception {
    try (SSLSocket socket = RawHttp.http11(gateways.pki.clientContext(null), gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(head("text/plain", 48));
      out.flush();
      assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 415 ");
    }
  }

  private static byte[] head(String contentType, int length) {
    return ("POST "
            + INV
            + "/subscriptions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + subscriber
            + "\r\nContent-Type: "
            + contentType
            + "\r\nExpect: 100-continue\r\nContent-Length: "
            + length
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A response's status line and headers, up to the blank line; what came if the stream ended. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
