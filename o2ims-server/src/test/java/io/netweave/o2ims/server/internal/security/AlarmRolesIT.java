package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what in the monitoring API under the production profile: readers GET alarms and the
 * service configuration, acknowledging, clearing and writing the configuration need admin, and
 * alarm subscriptions follow the subscriber rules (each subscriber sees only its own).
 */
class AlarmRolesIT {
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";

  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();

  @Test
  void readersReadSubscribersOwnTheirAlarmSubscriptionsAndAdminsWrite() throws Exception {
    ProductionGateways production = new ProductionGateways(dir);
    try (Gateway gateway = production.start(Map.of("rate_limit.write_per_minute", "1000"))) {
      HttpClient http = production.client();
      String base = "https://localhost:" + gateway.port() + MON;
      String reader = production.token("reader-1", "role:o2ims-reader");
      String alice = production.token("alice", "role:o2ims-reader role:o2ims-subscriber");
      String bob = production.token("bob", "role:o2ims-subscriber");
      String admin = production.token("noc", "role:o2ims-admin");
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
}
