package io.netweave.o2ims.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import io.netweave.o2ims.server.it.Prerequisites;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of deploy/grafana/netweave-dashboard.json, and every recording rule of
 * deploy/prometheus, evaluated by a real Prometheus scraping a running gateway (Kubernetes backend
 * on the API emulator, one subscription whose callback receives a notification): each must return
 * data, so no panel or rule names a metric the gateway does not export. Without the prometheus
 * binary the test is skipped with a message (failed under CI).
 */
class GrafanaDashboardIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Rules that only have data once some request failed or was rate limited. */
  private static final List<String> RULES_NEEDING_ERRORS =
      List.of("netweave:http_5xx:ratio_rate5m", "netweave:http_429:rate5m");

  @TempDir Path tmp;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void everyPanelQueryAndRecordingRuleReturnsDataFromARunningGateway() throws Exception {
    Path prometheus =
        Prerequisites.tool(
            "prometheus",
            "the queries of deploy/grafana/netweave-dashboard.json and the recording rules against"
                + " a running gateway");
    KubeApiEmulator emulator = new KubeApiEmulator().start();
    open.add(emulator);
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
    Gateway gateway =
        InProcessGateways.start(
            tmp.resolve("data"),
            Map.of("backend", "kubernetes", "kubernetes.api_url", emulator.url()));
    open.add(gateway);
    String base = GatewayHttp.base(gateway);
    await().atMost(Duration.ofSeconds(60)).until(() -> get(base + "/readyz").statusCode() == 200);

    CallbackReceiver receiver = new CallbackReceiver();
    open.add(receiver);
    String callback = receiver.url("/notify");
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/o2ims-infrastructureInventory/v1/subscriptions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"callback\":\"" + callback + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    PrometheusServer server =
        new PrometheusServer(prometheus, tmp, "127.0.0.1:" + gateway.port(), "netweave");
    open.add(server);
    server.awaitTargetUp();

    // Traffic for the request and cache panels, a node change for the notification panels.
    for (int i = 0; i < 5; i++) {
      get(base + "/o2ims-infrastructureInventory/v1/resourcePools");
    }
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-2", "zone-b", "8", "32Gi"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received("/notify").isEmpty());

    Map<String, String> queries = new LinkedHashMap<>();
    JsonNode dashboard =
        JSON.readTree(Repository.path("deploy/grafana/netweave-dashboard.json").toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(
            panel.path("title").asText() + " / " + target.path("legendFormat").asText(),
            target.path("expr").asText().replace("$__rate_interval", "1m").replace("$job", ".*"));
      }
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(Repository.path("deploy/prometheus/netweave-rules.yaml").toFile());
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String record = rule.path("record").asText("");
        if (!record.isEmpty() && !RULES_NEEDING_ERRORS.contains(record)) {
          queries.put("rule " + record, rule.path("expr").asText());
        }
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              get(base + "/o2ims-infrastructureInventory/v1/resourcePools");
              List<String> empty = new ArrayList<>();
              for (Map.Entry<String, String> q : queries.entrySet()) {
                if (server.query(q.getValue()).isEmpty()) {
                  empty.add(q.getKey() + ": " + q.getValue());
                }
              }
              assertThat(empty).as("queries without data").isEmpty();
            });
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
