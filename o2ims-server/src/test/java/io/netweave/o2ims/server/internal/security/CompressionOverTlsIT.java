package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Response compression under the production profile: HTTP/2 negotiated by ALPN over TLS, with a
 * bearer token, sends the same gzip headers and bytes as the plain listener (CompressionIT).
 */
class CompressionOverTlsIT {
  @TempDir Path dir;

  @Test
  void http2OverTlsSendsACachedPageGzipCompressed() throws Exception {
    ProductionGateways gateways = new ProductionGateways(dir);
    try (Gateway gateway =
        gateways.start(Map.of("demo.resource_pools", "1", "demo.resources", "300"))) {
      HttpClient h2 = gateways.client();
      String base = "https://localhost:" + gateway.port();
      String token = gateways.token("reader-1", "role:o2ims-reader");
      String pool =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(get(h2, base + ProductionGateways.INV + "/resourcePools", token, null))
              .get(0)
              .path("resourcePoolId")
              .asText();
      String url = base + ProductionGateways.INV + "/resourcePools/" + pool + "/resources";

      HttpResponse<byte[]> gzip = send(h2, url, token, "gzip");
      byte[] identity = get(h2, url, token, null);

      assertThat(gzip.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(gzip.statusCode()).isEqualTo(200);
      assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(gzip.headers().firstValue("Vary")).hasValue("Accept-Encoding");
      assertThat(gzip.body().length).isLessThan(identity.length / 4);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
        assertThat(in.readAllBytes()).isEqualTo(identity);
      }
    }
  }

  private static byte[] get(HttpClient http, String url, String token, String acceptEncoding)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> reply = send(http, url, token, acceptEncoding);
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Content-Encoding")).isEmpty();
    return reply.body();
  }

  private static HttpResponse<byte[]> send(
      HttpClient http, String url, String token, String acceptEncoding)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token);
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
