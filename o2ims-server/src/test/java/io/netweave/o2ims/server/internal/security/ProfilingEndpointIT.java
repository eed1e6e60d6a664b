package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.tls.TestPki;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR admin endpoint on the real gateway in the production profile: only the admin role may use
 * it; a recording is started, refused a second time, stopped, downloaded, and the file is a JFR
 * recording the JDK's own reader parses, with execution samples of the profile settings.
 */
class ProfilingEndpointIT {
  private static final RSAKey KEY = TestTokens.rsa("jfr-1");
  private static final String JFR = "/admin/v1/profiling/jfr";

  @TempDir Path dir;

  @Test
  void onlyAnAdminStartsStopsAndDownloadsARecording() throws Exception {
    TestPki pki = TestPki.newCa("jfr CA");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    TestPki.writePem(pki.server("gateway"), cert, key);
    Path jwks = Files.writeString(dir.resolve("jwks.json"), TestTokens.jwks(KEY));
    Map<String, String> settings =
        Map.of(
            "profile",
            "production",
            "server.host",
            "127.0.0.1",
            "server.tls.cert_file",
            cert.toString(),
            "server.tls.key_file",
            key.toString(),
            "auth.static_keys_file",
            jwks.toString(),
            "auth.issuer",
            TestTokens.ISSUER,
            "auth.audience",
            TestTokens.AUDIENCE);
    try (Gateway gateway = InProcessGateways.start(dir.resolve("data"), settings)) {
      HttpClient http = HttpClient.newBuilder().sslContext(pki.clientContext(null)).build();
      String base = "https://localhost:" + gateway.port() + JFR;
      String admin = token("ops", "role:o2ims-admin");
      String reader = token("reader", "role:o2ims-reader");

      assertThat(send(http, "POST", base, null).statusCode()).isEqualTo(401);
      assertThat(send(http, "POST", base, reader).statusCode()).isEqualTo(403);
      assertThat(send(http, "GET", base + "/recording", reader).statusCode()).isEqualTo(403);

      assertThat(send(http, "GET", base + "/recording", admin).statusCode()).isEqualTo(404);
      HttpResponse<byte[]> started =
          send(http, "POST", base + "?settings=profile&max_age=5m", admin);
      assertThat(started.statusCode()).isEqualTo(201);
      assertThat(json(started).path("state").asText()).isEqualTo("recording");
      assertThat(send(http, "POST", base, admin).statusCode()).isEqualTo(409);
      assertThat(send(http, "POST", base + "/stop", reader).statusCode()).isEqualTo(403);
      for (int i = 0; i < 20; i++) {
        send(http, "GET", "https://localhost:" + gateway.port() + "/healthz", null);
      }
      HttpResponse<byte[]> stopped = send(http, "POST", base + "/stop", admin);
      assertThat(stopped.statusCode()).isEqualTo(200);
      assertThat(json(stopped).path("state").asText()).isEqualTo("stopped");
      assertThat(json(stopped).path("bytes").asLong()).isPositive();
      assertThat(send(http, "POST", base + "/stop", admin).statusCode()).isEqualTo(409);

      HttpResponse<byte[]> download = send(http, "GET", base + "/recording", admin);
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.headers().firstValue("Content-Type"))
          .hasValue("application/octet-stream");
      Path file = Files.write(dir.resolve("downloaded.jfr"), download.body());
      assertThat(RecordingFile.readAllEvents(file))
          .extracting((RecordedEvent e) -> e.getEventType().getName())
          .isNotEmpty()
          .allMatch(name -> name.startsWith("jdk."));

      assertThat(send(http, "POST", base + "?settings=fast", admin).statusCode()).isEqualTo(400);
      assertThat(send(http, "POST", base + "?max_age=forever", admin).statusCode()).isEqualTo(400);
    }
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return new ObjectMapper().readTree(r.body());
  }

  private static String token(String subject, String scope) {
    return TestTokens.sign(KEY, TestTokens.claims(Instant.now(), subject, scope).build());
  }

  private static HttpResponse<byte[]> send(HttpClient http, String method, String url, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
