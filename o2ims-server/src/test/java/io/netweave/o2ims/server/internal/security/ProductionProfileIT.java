package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real gateway (Main.start) in both profiles. */
class ProductionProfileIT {
  private static final String INV = "/o2ims-infrastructureInventory/v1";

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();

  @Test
  void productionWithoutItsSettingsRefusesToStartNamingWhatIsMissing() {
    ServerConfig config =
        InProcessGateways.config(dir.resolve("data"), Map.of("profile", "production"));

    assertThatThrownBy(() -> InProcessGateways.start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("production profile cannot start without")
        .hasMessageContaining("--tls-cert FILE --tls-key FILE")
        .hasMessageContaining("auth.jwks_url or auth.static_keys_file")
        .hasMessageContaining("auth.issuer")
        .hasMessageContaining("auth.audience");
  }

  @Test
  void certificateWithoutKeyIsRefused() {
    ServerConfig config =
        InProcessGateways.config(
            dir.resolve("data"), Map.of("server.tls.cert_file", dir.resolve("x.crt").toString()));
    assertThatThrownBy(() -> InProcessGateways.start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--tls-key");
  }

  @Test
  void productionServesHttpsWithTokensRolesOwnershipAndRateLimits() throws Exception {
    ProductionGateways production = new ProductionGateways(dir);
    try (Gateway gateway = production.start(Map.of("rate_limit.write_per_minute", "3"))) {
      assertThat(gateway.url()).startsWith("https://");
      HttpClient http = production.client();
      String base = "https://localhost:" + gateway.port();
      String reader = production.token("reader-1", "role:o2ims-reader");
      String alice = production.token("alice", "role:o2ims-reader role:o2ims-subscriber");
      String bob = production.token("bob", "role:o2ims-reader role:o2ims-subscriber");

      HttpResponse<String> anonymous = send(http, "GET", base + INV + "/resourcePools", null, null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(anonymous.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");

      HttpResponse<String> read = send(http, "GET", base + INV + "/resourcePools", reader, null);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(read.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(read.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(send(http, "GET", base + "/healthz", null, null).statusCode()).isEqualTo(200);
      assertThat(send(http, "GET", base + "/metrics", reader, null).statusCode()).isEqualTo(403);

      HttpResponse<String> created =
          send(
              http,
              "POST",
              base + INV + "/subscriptions",
              alice,
              "{\"callback\":\"https://smo.example.com/notify\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      String id = mapper.readTree(created.body()).get("subscriptionId").asText();
      String one = base + INV + "/subscriptions/" + id;
      assertThat(send(http, "GET", one, bob, null).statusCode()).isEqualTo(404);
      assertThat(send(http, "DELETE", one, bob, null).statusCode()).isEqualTo(404);
      assertThat(send(http, "GET", base + INV + "/subscriptions", bob, null).body())
          .isEqualTo("[]");
      assertThat(send(http, "GET", one, alice, null).statusCode()).isEqualTo(200);
      assertThat(send(http, "DELETE", one, alice, null).statusCode()).isEqualTo(200);

      // alice has spent 2 of her 3 writes a minute; bob 1.
      assertThat(
              send(
                      http,
                      "POST",
                      base + INV + "/subscriptions",
                      alice,
                      "{\"callback\":\"https://smo.example.com/2\"}")
                  .statusCode())
          .isEqualTo(201);
      HttpResponse<String> limited =
          send(
              http,
              "POST",
              base + INV + "/subscriptions",
              alice,
              "{\"callback\":\"https://smo.example.com/3\"}");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(
              send(
                      http,
                      "POST",
                      base + INV + "/subscriptions",
                      bob,
                      "{\"callback\":\"https://smo.example.com/b\"}")
                  .statusCode())
          .isEqualTo(201);
    }
  }

  @Test
  void demoProfileServesPlainHttpWithoutAuthentication() throws Exception {
    ServerConfig config =
        InProcessGateways.config(dir.resolve("data"), Map.of("server.host", "127.0.0.1"));
    try (Gateway gateway = InProcessGateways.start(config)) {
      assertThat(gateway.url()).startsWith("http://");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
      HttpResponse<String> read =
          send(http, "GET", GatewayHttp.base(gateway) + INV + "/resourcePools", null, null);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
  }
}
