package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.Main;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.tls.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what in the monitoring API under the production profile: readers GET alarms and the
 * service configuration, acknowledging, clearing and writing the configuration need admin, and
 * alarm subscriptions follow the subscriber rules (each subscriber sees only its own).
 */
class AlarmRolesIT {
  private static final RSAKey KEY = TestTokens.rsa("alarm-roles");
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();

  @Test
  void readersReadSubscribersOwnTheirAlarmSubscriptionsAndAdminsWrite() throws Exception {
    TestPki pki = TestPki.newCa("alarm CA");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    TestPki.writePem(pki.server("gateway"), cert, key);
    Path jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, TestTokens.jwks(KEY));
    Map<String, String> settings = new HashMap<>();
    settings.put("profile", "production");
    settings.put("server.host", "127.0.0.1");
    settings.put("server.tls.cert_file", cert.toString());
    settings.put("server.tls.key_file", key.toString());
    settings.put("auth.static_keys_file", jwks.toString());
    settings.put("auth.issuer", TestTokens.ISSUER);
    settings.put("auth.audience", TestTokens.AUDIENCE);
    settings.put("rate_limit.write_per_minute", "1000");
    try (Gateway gateway =
        Main.start(
            ServerConfig.defaults(0, dir.resolve("data")).with(settings), Clock.systemUTC())) {
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(pki.clientContext(null))
              .connectTimeout(Duration.ofSeconds(20))
              .build();
      String base = "https://localhost:" + gateway.port() + MON;
      String reader = token("reader-1", "role:o2ims-reader");
      String alice = token("alice", "role:o2ims-subscriber");
      String bob = token("bob", "role:o2ims-subscriber");
      String admin = token("noc", "role:o2ims-admin");
      String unknown = base + "/alarms/3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a11";
      String ack = "{\"alarmAcknowledged\":true}";

      assertThat(send(http, "GET", base + "/alarms", null, null).statusCode()).isEqualTo(401);
      assertThat(send(http, "GET", base + "/alarms", reader, null).statusCode()).isEqualTo(200);
      assertThat(send(http, "GET", base + "/probableCauses", reader, null).statusCode())
          .isEqualTo(200);
      assertThat(send(http, "GET", base + "/alarmServiceConfiguration", reader, null).statusCode())
          .isEqualTo(200);
      assertThat(send(http, "PATCH", unknown, reader, ack).statusCode()).isEqualTo(403);
      assertThat(send(http, "PATCH", unknown, alice, ack).statusCode()).isEqualTo(403);
      assertThat(send(http, "PATCH", unknown, admin, ack).statusCode()).isEqualTo(404);
      String config = "{\"retentionPeriod\":5,\"extensions\":{}}";
      assertThat(
              send(http, "PUT", base + "/alarmServiceConfiguration", reader, config).statusCode())
          .isEqualTo(403);
      assertThat(send(http, "PUT", base + "/alarmServiceConfiguration", admin, config).statusCode())
          .isEqualTo(200);

      String subs = base + "/alarmSubscriptions";
      String body = "{\"callback\":\"https://smo.example.com/alarms\"}";
      assertThat(send(http, "POST", subs, reader, body).statusCode()).isEqualTo(403);
      HttpResponse<String> created = send(http, "POST", subs, alice, body);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String one = subs + "/" + mapper.readTree(created.body()).get("alarmSubscriptionId").asText();
      assertThat(send(http, "GET", one, bob, null).statusCode()).isEqualTo(404);
      assertThat(send(http, "DELETE", one, bob, null).statusCode()).isEqualTo(404);
      assertThat(send(http, "GET", subs, bob, null).body()).isEqualTo("[]");
      assertThat(send(http, "GET", subs, admin, null).body()).contains("alarmSubscriptionId");
      assertThat(send(http, "GET", one, alice, null).statusCode()).isEqualTo(200);
      assertThat(send(http, "DELETE", one, alice, null).statusCode()).isEqualTo(200);
    }
  }

  private static String token(String subject, String scope) {
    return TestTokens.sign(KEY, TestTokens.claims(Instant.now(), subject, scope).build());
  }

  private static HttpResponse<String> send(
      HttpClient http, String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
