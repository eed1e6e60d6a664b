package io.netweave.o2ims.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.ApiRequest;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's ClusterRole against what the gateway really calls: the gateway runs with the chart's
 * rendered configuration on the Kubernetes API emulator (which records every request in RBAC terms)
 * through start-up, a node change and an API server restart; every resource request must be allowed
 * by a rule (non-resource discovery and {@code /version} are open to every authenticated client by
 * the default {@code system:discovery} and {@code system:public-info-viewer} roles), and every verb
 * of every rule must have been used: least privilege both ways.
 */
class RbacCoverageIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> OPEN_NON_RESOURCE_PREFIXES =
      List.of("/version", "/api", "/apis", "/openapi", "/healthz", "/livez", "/readyz");

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"", "tls-jwt-values.yaml"})
  void theClusterRoleCoversExactlyTheCallsTheAdapterMakes(String values) throws Exception {
    // The production profile's TLS and tokens are not what this test is about: demo profile.
    RenderedChart chart =
        RenderedChart.render(
            values.isEmpty()
                ? List.of()
                : List.of(Repository.chart().resolve("ci").resolve(values)),
            Map.of("profile", "demo", "tls.enabled", false, "auth.staticKeysSecret.name", ""));
    List<V1PolicyRule> rules = chart.model("ClusterRole", V1ClusterRole.class).getRules();
    Path file = Files.writeString(tmp.resolve("config.yaml"), chart.configYaml());

    try (KubeApiEmulator emulator = new KubeApiEmulator().start()) {
      emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
      emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("default"));
      emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
      // The pod's own connection (in-cluster service account) is replaced by the emulator's URL.
      ServerConfig config =
          new ConfigLoader(Map.of())
              .load(
                  Optional.of(file),
                  Map.of(
                      "server.host",
                      "127.0.0.1",
                      "server.port",
                      "0",
                      "storage.data_dir",
                      tmp.resolve("data").toString(),
                      "kubernetes.api_url",
                      emulator.url()));
      try (Gateway gateway = InProcessGateways.start(config)) {
        String readyz = GatewayHttp.base(gateway) + "/readyz";
        await().atMost(Duration.ofSeconds(60)).until(() -> status(readyz) == 200);
        emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-2", "zone-b", "4", "16Gi"));
        emulator.restart();
        long before = emulator.requestCount("watch");
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> emulator.requestCount("watch") > before && status(readyz) == 200);
      }
      List<ApiRequest> requests = emulator.requests();
      assertThat(requests).isNotEmpty();

      List<String> denied = new ArrayList<>();
      for (ApiRequest r : requests) {
        boolean allowed =
            r.isNonResource()
                ? OPEN_NON_RESOURCE_PREFIXES.stream().anyMatch(r.nonResourcePath()::startsWith)
                : rules.stream().anyMatch(rule -> allows(rule, r));
        if (!allowed) {
          denied.add(r.toString());
        }
      }
      assertThat(denied).as("requests the ClusterRole does not allow").isEmpty();

      Set<String> unused = new TreeSet<>();
      for (V1PolicyRule rule : rules) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            V1PolicyRule single =
                new V1PolicyRule()
                    .apiGroups(rule.getApiGroups())
                    .resources(List.of(resource))
                    .verbs(List.of(verb))
                    .resourceNames(rule.getResourceNames());
            if (requests.stream().noneMatch(r -> !r.isNonResource() && allows(single, r))) {
              unused.add(verb + " " + resource);
            }
          }
        }
      }
      assertThat(unused).as("permissions the gateway never used").isEmpty();
      if (!values.isEmpty()) {
        assertThat(requests).noneMatch(r -> r.resource().equals("namespaces"));
      }
    }
  }

  /** RBAC's matching for one resource request (no wildcards: the chart has none). */
  static boolean allows(V1PolicyRule rule, ApiRequest r) {
    String resource =
        r.subresource().isEmpty() ? r.resource() : r.resource() + "/" + r.subresource();
    List<String> names = rule.getResourceNames() == null ? List.of() : rule.getResourceNames();
    return rule.getApiGroups().contains(r.group())
        && rule.getResources().contains(resource)
        && rule.getVerbs().contains(r.verb())
        && (names.isEmpty() || r.authorizedName().map(names::contains).orElse(false));
  }

  private static int status(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
