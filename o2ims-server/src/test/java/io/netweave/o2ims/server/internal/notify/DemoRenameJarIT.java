package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.GatewayProcesses;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, started twice on one data directory with the demo O-Cloud renamed in between
 * ({@code NETWEAVE_OCLOUD_NAME}): every id stays, and subscribers of both views hear one modify of
 * the O-Cloud, its name, and nothing else. Two processes, so the second run's maps may iterate in
 * another order than the first's (their order changes from one JVM to the next): that is no change
 * either.
 */
class DemoRenameJarIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String INV = "/o2ims-infrastructureInventory";

  private final ObjectMapper mapper = O2Json.newMapper();
  private final GatewayHttp http = new GatewayHttp();
  @RegisterExtension final CallbackReceiver receiver = new CallbackReceiver();
  @RegisterExtension final GatewayProcesses processes = new GatewayProcesses(); // closed first
  @TempDir Path dataDir;

  private String launch(String name) throws Exception {
    return GatewayProcesses.awaitUrl(
        processes.launch(
            Map.of(
                "NETWEAVE_OCLOUD_NAME", name,
                // built from the listener it would change with the free port
                "NETWEAVE_OCLOUD_SERVICE_URI", "https://o2ims.example.net",
                "NETWEAVE_SERVER_SHUTDOWN_DRAIN_DELAY", "100ms",
                "NETWEAVE_NOTIFICATIONS_POLL_INTERVAL", "20ms"),
            "--backend",
            "demo",
            "--port",
            "0",
            "--data-dir",
            dataDir.toString()));
  }

  private JsonNode get(String base, String path) throws Exception {
    HttpResponse<String> r = http.send(base, "GET", path, null);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return mapper.readTree(r.body());
  }

  private void subscribe(String base, String view, String path) {
    HttpResponse<String> r =
        http.send(
            base,
            "POST",
            INV + "/" + view + "/subscriptions",
            "{\"callback\":\"" + receiver.url(path) + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private List<JsonNode> delivered(String path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (CallbackReceiver.Received r : receiver.received(path)) {
      if (r.delivered()) {
        out.add(mapper.readTree(r.body()));
      }
    }
    return out;
  }

  private List<String> refs(String path) throws Exception {
    return delivered(path).stream().map(n -> n.path("objectRef").asText()).toList();
  }

  @Test
  void aRenamedDemoOCloudIsOneModifyOfItsNameAcrossProcesses() throws Exception {
    String first = launch("alpha");
    JsonNode cloud = get(first, INV + "/v1");
    JsonNode pools = get(first, INV + "/v1/resourcePools");
    JsonNode types = get(first, INV + "/v1/resourceTypes");
    subscribe(first, "v1", "/v1");
    subscribe(first, "v2", "/v2");
    Process old = processes.started().get(0);
    old.destroy();
    assertThat(old.waitFor(30, TimeUnit.SECONDS)).isTrue();

    String second = launch("beta");
    JsonNode renamed = get(second, INV + "/v1");
    assertThat(renamed.path("name").asText()).isEqualTo("beta");
    assertThat(renamed.path("oCloudId")).isEqualTo(cloud.path("oCloudId"));
    assertThat(renamed.path("globalCloudId")).isEqualTo(cloud.path("globalCloudId"));
    assertThat(get(second, INV + "/v1/resourcePools")).isEqualTo(pools);
    assertThat(get(second, INV + "/v1/resourceTypes")).isEqualTo(types);

    // The restart's catch-up is one batch; a node changed after its O-Cloud modify arrived is
    // notified after anything else that batch held (one subscription's notifications keep order).
    for (String view : List.of("v1", "v2")) {
      await().atMost(WAIT).until(() -> refs("/" + view).contains(INV + "/" + view));
    }
    String pool = pools.path(0).path("resourcePoolId").asText();
    String node =
        get(second, INV + "/v1/resourcePools/" + pool + "/resources")
            .path(0)
            .path("resourceId")
            .asText();
    HttpResponse<String> patched =
        http.send(
            second, "PATCH", "/admin/v1/demo/resources/" + node, "{\"labels\":{\"team\":\"ran\"}}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    for (String view : List.of("v1", "v2")) {
      String path = "/" + view;
      await().atMost(WAIT).until(() -> refs(path).stream().anyMatch(r -> r.endsWith(node)));
      List<JsonNode> got = delivered(path);
      assertThat(refs(path)).as(view).hasSize(2);
      JsonNode modify = got.get(0);
      assertThat(modify.path("objectRef").asText()).isEqualTo(INV + "/" + view);
      assertThat(modify.path("notificationEventType").asInt()).isEqualTo(1);
      assertThat(modify.path("priorObjectState").path("name").asText()).isEqualTo("alpha");
      assertThat(modify.path("postObjectState").path("name").asText()).isEqualTo("beta");
      assertThat(got.get(1).path("notificationEventType").asInt()).isEqualTo(1);
    }
  }
}
