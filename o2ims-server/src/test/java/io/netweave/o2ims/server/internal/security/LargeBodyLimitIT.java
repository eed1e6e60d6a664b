package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code server.max_body_bytes} above Undertow's own 2 MiB entity limit holds for bodies without
 * a declared length too: an HTTP/1.1 chunked body (plain, raw socket) or an HTTP/2 body without
 * {@code content-length} (TLS, ALPN h2) between 2 MiB and the configured 4 MiB is read whole and
 * reaches the subscription handler's own validation (a 400 naming the unknown member); one of 5
 * MiB, chunked or HTTP/2, gets a readable 413 problem, and none stores anything.
 */
class LargeBodyLimitIT {
  private static final String SUBSCRIPTIONS = INV + "/subscriptions";
  private static final int LIMIT = 4 * 1024 * 1024;
  private static final int BETWEEN = 3 * 1024 * 1024; // above Undertow's 2 MiB, below LIMIT
  private static final int ABOVE = 5 * 1024 * 1024;

  @TempDir Path dir;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /**
   * A subscription create of about {@code size} bytes: a valid callback and an unknown member
   * {@code padding} the handler's validation refuses (400) once it has the whole body.
   */
  private static byte[] body(int size) {
    String head = "{\"callback\":\"https://smo.example.net/notifications\",\"padding\":\"";
    String tail = "\"}";
    return (head + "a".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aChunkedHttp11BodyAboveTwoMibAndBelowTheLimitReachesTheHandler() throws Exception {
    gateway = demoGateway();

    String reply = chunkedPost(body(BETWEEN));

    assertThat(reply)
        .startsWith("HTTP/1.1 400")
        .contains("application/problem+json")
        .contains("padding");
    assertThat(listedSubscriptions()).isEqualTo("[]");
  }

  @Test
  void aChunkedHttp11BodyAboveTheLimitIsAReadable413AndNothingIsStored() throws Exception {
    gateway = demoGateway();

    String reply = chunkedPost(body(ABOVE));

    assertThat(reply)
        .startsWith("HTTP/1.1 413")
        .contains("application/problem+json")
        .contains("\"title\":\"Payload Too Large\"")
        .contains("the limit of " + LIMIT + " bytes");
    assertThat(listedSubscriptions()).isEqualTo("[]");
  }

  /**
   * HTTP/2 (the JDK's client, TLS): a body without {@code content-length} between 2 MiB and the
   * limit reaches the handler; one above it gets the readable 413 problem, as a chunked one does,
   * and the same connection (the same client) serves the next request: the gateway counts such a
   * body itself and ends only its stream ({@code Http2BodyLimit}, {@code Http2BodyLimitIT}).
   * Nothing is stored.
   */
  @Test
  void anHttp2BodyWithoutLengthBelowTheLimitReachesTheHandlerAndOneAboveIsAReadable413()
      throws Exception {
    ProductionGateways gateways = new ProductionGateways(dir);
    gateway = gateways.start(Map.of("server.max_body_bytes", String.valueOf(LIMIT)));
    String token = gateways.token("alice", "role:o2ims-reader role:o2ims-subscriber");
    HttpClient http = gateways.client();
    String url = "https://localhost:" + gateway.port() + SUBSCRIPTIONS;

    HttpResponse<String> between = postWithoutLength(http, url, token, body(BETWEEN));

    assertThat(between.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(between.statusCode()).as(between.body()).isEqualTo(400);
    assertThat(between.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(between.body()).contains("padding");

    HttpResponse<String> above = postWithoutLength(http, url, token, body(ABOVE));

    assertThat(above.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(above.statusCode()).as(above.body()).isEqualTo(413);
    assertThat(above.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(above.body())
        .contains("\"title\":\"Payload Too Large\"")
        .contains("the limit of " + LIMIT + " bytes");
    HttpResponse<String> list = send(http, "GET", url, token, null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).isEqualTo("[]");
  }

  private Gateway demoGateway() {
    return InProcessGateways.start(
        dir.resolve("data"),
        Map.of("server.host", "127.0.0.1", "server.max_body_bytes", String.valueOf(LIMIT)));
  }

  /**
   * {@code body} as an HTTP/1.1 chunked POST of 64 KiB chunks on a new plain connection, written
   * while the response is read (the gateway answers a refused body before its end, and closes); the
   * whole response as text.
   */
  private String chunkedPost(byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  out.write(
                      ("POST "
                              + SUBSCRIPTIONS
                              + " HTTP/1.1\r\nHost: 127.0.0.1:"
                              + gateway.port()
                              + "\r\nContent-Type: application/json\r\n"
                              + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1));
                  for (int at = 0; at < body.length; at += 64 * 1024) {
                    int n = Math.min(64 * 1024, body.length - at);
                    out.write(
                        (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, at, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException closedAfterTheAnswer) {
                  // a refused body: the gateway answered and closed before its end
                }
              });
      String reply = RawHttp.readToEnd(socket);
      writing.join();
      return reply;
    }
  }

  private String listedSubscriptions() throws IOException {
    String reply =
        RawHttp.exchange(
            gateway.port(),
            ("GET "
                    + SUBSCRIPTIONS
                    + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + gateway.port()
                    + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(reply).startsWith("HTTP/1.1 200");
    return reply.substring(reply.indexOf("\r\n\r\n") + 4);
  }

  /** A POST of {@code body} as JSON whose length the client does not declare. */
  private static HttpResponse<String> postWithoutLength(
      HttpClient http, String url, String token, byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
