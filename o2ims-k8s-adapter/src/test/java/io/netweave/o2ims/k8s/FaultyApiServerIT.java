package io.netweave.o2ims.k8s;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.netweave.o2ims.k8s.internal.ApiHealth;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.spi.Readiness;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An API server that fails or is slow (WireMock): readiness explains, and the source recovers. */
class FaultyApiServerIT {
  private static final ObjectMapper JSON = O2Json.newMapper();
  private final WireMockServer api = new WireMockServer(options().dynamicPort());
  private KubernetesInventorySource source;

  @BeforeEach
  void start() throws Exception {
    api.start();
    ObjectNode version = JSON.createObjectNode();
    for (String f :
        new String[] {
          "buildDate", "compiler", "gitCommit", "gitTreeState", "goVersion", "platform"
        }) {
      version.put(f, "x");
    }
    version.put("gitVersion", "v1.30.2").put("major", "1").put("minor", "30");
    api.stubFor(
        get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/version/?"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(version))));
    // Watches end at once after a pause; the reflector simply watches again.
    api.stubFor(
        get(urlPathEqualTo("/api/v1/nodes"))
            .withQueryParam("watch", equalTo("true"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withFixedDelay(500)
                    .withBody("")));
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
    api.stop();
  }

  private String nodeList() throws Exception {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "NodeList").put("apiVersion", "v1");
    list.putObject("metadata").put("resourceVersion", "42");
    ObjectNode node = NodeFixtures.node("edge-1", "zone-a", "4", "16Gi");
    ((ObjectNode) node.path("metadata"))
        .put("uid", "5a3c6c1e-0000-4000-8000-000000000001")
        .put("resourceVersion", "41");
    list.putArray("items").add(node);
    return JSON.writeValueAsString(list);
  }

  private void startSource() {
    KubernetesSettings settings =
        KubernetesSettings.builder()
            .connection(
                KubernetesConnection.explicit(
                    URI.create(api.baseUrl()), "secret-token", Optional.empty()))
            .oCloudId(UUID.fromString("7c0b8a4e-5d7a-4d43-9b8e-5e2b2a1c9f00"))
            .build();
    source =
        new KubernetesInventorySource(
            KubernetesConnections.apiClient(settings), settings, Clock.systemUTC());
    source.start();
  }

  @Test
  void listFailuresKeepReadinessFalseWithAClearDetailUntilTheServerRecovers() throws Exception {
    api.stubFor(
        get(urlPathEqualTo("/api/v1/nodes"))
            .withQueryParam("watch", absent())
            .inScenario("list")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500}")));
    api.stubFor(
        get(urlPathEqualTo("/api/v1/nodes"))
            .withQueryParam("watch", absent())
            .inScenario("list")
            .whenScenarioStateIs("recovered")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(nodeList())));
    Logger logger = (Logger) LoggerFactory.getLogger(ApiHealth.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      startSource();

      // The informer retries the list every second: several failures, one WARN for the outage.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.findAll(getRequestedFor(urlPathEqualTo("/api/v1/nodes"))).size() >= 3);
      Readiness failing = source.readiness();
      assertThat(failing.ready()).isFalse();
      assertThat(failing.detail())
          .contains("HTTP 500")
          .contains("nodes informer not synced")
          .contains("unreachable since");

      api.setScenarioState("list", "recovered");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(source.readiness().ready()).as(source.readiness().detail()).isTrue());
      // contact counts as back once a watch starts (this stub answers watches after 500 ms), not
      // at the list: lists that succeed while watches fail are still one outage
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  log.list.stream()
                      .anyMatch(e -> e.getFormattedMessage().contains("answers again after")));
    } finally {
      logger.detachAppender(log);
    }
    assertThat(
            log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()))
        .satisfiesExactly(
            warn ->
                assertThat(warn)
                    .startsWith(
                        "WARN Kubernetes API server of cluster kubernetes: nodes list/watch")
                    .contains("HTTP 500"),
            info ->
                assertThat(info)
                    .startsWith("INFO Kubernetes API server of cluster kubernetes answers again")
                    .containsPattern("\\(([3-9]|[1-9][0-9]+) failed calls reported\\)"));
    assertThat(source.readiness().stale()).isFalse();
    assertThat(source.snapshot().resources()).hasSize(1);
    assertThat(source.snapshot().deploymentManagers().values().iterator().next().capabilities())
        .containsEntry("kubernetesVersion", "v1.30.2");
    api.verify(
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/api/v1/nodes"))
            .withHeader("Authorization", equalTo("Bearer secret-token")));
  }

  @Test
  void aSlowListKeepsReadinessFalseUntilItAnswers() throws Exception {
    api.stubFor(
        get(urlPathEqualTo("/api/v1/nodes"))
            .withQueryParam("watch", absent())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withFixedDelay(2000)
                    .withBody(nodeList())));
    startSource();
    Readiness waiting = source.readiness();
    assertThat(waiting.ready()).isFalse();
    assertThat(waiting.detail()).contains("nodes informer not synced");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(source.readiness().ready()).as(source.readiness().detail()).isTrue());
    assertThat(source.snapshot().resources()).hasSize(1);
  }
}
