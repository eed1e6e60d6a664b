package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callback URLs a subscriber sends to the real production gateway (TLS, tokens, the default
 * callback policy) to make it call addresses that are not the SMO's: refused at create with a 400
 * problem naming the callback, before anything is stored.
 */
class CallbackTargetsIT {
  @TempDir Path dir;
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void addressesOutsideThePublicInternetAreRefusedAtCreate() {
    ProductionGateways gateways = new ProductionGateways(dir);
    gateway = gateways.start(Map.of());
    HttpClient http = gateways.client();
    String subscriber = gateways.token("smo-1", "role:o2ims-reader role:o2ims-subscriber");
    String url = "https://localhost:" + gateway.port() + INV + "/subscriptions";
    List<String> refused =
        List.of(
            "https://[fe80::1%25nosuchif]/n", // link-local with a zone this host lacks
            "https://[::ffff:0:7f00:1]/n", // IPv4-translated (SIIT) 127.0.0.1
            "https://[::ffff:0:a9fe:a9fe]/n", // IPv4-translated 169.254.169.254
            "https://240.0.0.1/n", // class E, private pod space in some clouds
            "https://192.0.0.8/n", // IETF protocol assignments
            "https://[fec0::1]/n"); // IPv6 site-local
    for (String callback : refused) {
      HttpResponse<String> response =
          send(http, "POST", url, subscriber, "{\"callback\":\"" + callback + "\"}");
      assertThat(response.statusCode()).as(callback).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(response.body()).as(callback).contains("callback host");
    }
    HttpResponse<String> listed = send(http, "GET", url, subscriber, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).isEqualTo("[]");
    // a public address literal is still accepted
    assertThat(
            send(http, "POST", url, subscriber, "{\"callback\":\"https://203.0.113.10/n\"}")
                .statusCode())
        .isEqualTo(201);
  }
}
