package io.netweave.o2ims.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.http.UndertowServer;
import io.netweave.o2ims.server.internal.security.SecurityConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart (deploy/helm/netweave) through the real Helm engine: lint in strict mode, render
 * the defaults and every {@code ci/} values set, parse each object with the official Kubernetes
 * models, and load the rendered configuration with the gateway's own loader.
 */
class HelmChartTest {
  static final String[] VALUE_SETS = {
    "ha-redis-values.yaml",
    "tls-jwt-values.yaml",
    "sentinel-values.yaml",
    "redis-cluster-values.yaml"
  };

  @TempDir Path tmp;

  /** The chart's defaults ("") and each {@link #VALUE_SETS} file. */
  static Stream<String> defaultsAndValueSets() {
    return Stream.concat(Stream.of(""), Stream.of(VALUE_SETS));
  }

  @Test
  void lintPassesInStrictMode() {
    LintResult result = new Helm(Repository.chart()).lint().strict().call();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @ParameterizedTest
  @MethodSource("defaultsAndValueSets")
  void everyRenderedObjectIsAcceptedByTheKubernetesModels(String values) {
    RenderedChart chart = RenderedChart.render(values.isEmpty() ? null : values);
    assertThat(chart.kinds())
        .contains(
            "ConfigMap",
            "Deployment",
            "Service",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "NetworkPolicy")
        .doesNotContain("Secret");
    for (RenderedChart.Rendered o : chart.objects()) {
      if (o.apiVersion().startsWith("monitoring.coreos.com/")) {
        continue; // no built-in model: checked against the rules file below
      }
      assertThat(o.model()).as(o.kind() + " " + o.name()).isNotNull();
      assertThat(o.name()).startsWith(RenderedChart.RELEASE);
    }
  }

  @Test
  void theModelsRejectAMisspelledField() {
    assertThatThrownBy(
            () ->
                RenderedChart.strict(
                    V1Deployment.class,
                    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"replicass\":2}}"))
        .hasMessageContaining("replicass");
  }

  @ParameterizedTest
  @MethodSource("defaultsAndValueSets")
  void theRenderedConfigurationIsAcceptedByTheGatewaysLoader(String values) throws IOException {
    RenderedChart chart = RenderedChart.render(values.isEmpty() ? null : values);
    Path file = Files.writeString(tmp.resolve("config.yaml"), chart.configYaml());
    ServerConfig config =
        new ConfigLoader(podEnvironment(chart.deployment())).load(Optional.of(file), Map.of());
    assertThat(config.backend()).isEqualTo(ServerConfig.Backend.KUBERNETES);
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/netweave"));
    assertThat(config.kubernetes().resyncPeriod()).isEqualTo(java.time.Duration.ofMinutes(10));
    if (values.isEmpty()) {
      // The defaults leave the token signing keys to the operator (NOTES.txt says so).
      assertThatThrownBy(() -> SecurityConfiguration.from(config))
          .hasMessageContaining("auth.jwks_url or auth.static_keys_file");
    } else {
      assertThat(SecurityConfiguration.from(config).profile().name().toLowerCase())
          .isEqualTo(values.contains("cluster") ? "demo" : "production");
    }
    String redisUrl = config.redis().url().orElse("");
    if (values.contains("sentinel") || values.contains("ha-redis")) {
      assertThat(config.notifications().store()).isEqualTo(ServerConfig.Store.REDIS);
      assertThat(redisUrl).contains(":s3cret@").doesNotContain("$(");
      // The URI with the injected password is one Lettuce (the gateway's Redis client) reads.
      io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(redisUrl);
      assertThat(new String(uri.getPassword())).isEqualTo("s3cret");
      if (values.contains("sentinel")) {
        assertThat(uri.getSentinels()).hasSize(3);
        assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
      }
    } else if (values.contains("cluster")) {
      assertThat(config.redis().cluster()).isTrue();
      assertThat(config.notifications().store()).isEqualTo(ServerConfig.Store.EMBEDDED);
    } else if (values.isEmpty() || values.contains("tls")) {
      assertThat(config.notifications().store()).isEqualTo(ServerConfig.Store.EMBEDDED);
      assertThat(config.tls().certFile()).contains(Path.of("/etc/netweave/tls/tls.crt"));
    }
  }

  /**
   * The NETWEAVE_* variables of the gateway container, with {@code $(VAR)} references expanded as
   * the kubelet does (secret values stand in as "s3cret").
   */
  private static Map<String, String> podEnvironment(V1Deployment deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (V1EnvVar v : Optional.ofNullable(gateway(deployment).getEnv()).orElse(List.of())) {
      String value = v.getValue() != null ? v.getValue() : "s3cret";
      for (Map.Entry<String, String> e : env.entrySet()) {
        value = value.replace("$(" + e.getKey() + ")", e.getValue());
      }
      env.put(v.getName(), value);
    }
    env.remove("REDIS_PASSWORD");
    env.remove("NETWEAVE_NOTIFICATIONS_CALLBACK_AUTH"); // a JSON mapping from a Secret
    return env;
  }

  static V1Container gateway(V1Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void theOCloudsServiceUriIsTheServicesAddressUnlessConfigured() throws IOException {
    // Built from the listener, serviceUri would name the pod's host name and port 8080: not an
    // address an SMO can reach, and another one on each replica (the shared cache then serves
    // whichever replica rendered the O-Cloud first).
    assertThat(serviceUri(RenderedChart.render((String) null)))
        .isEqualTo("https://netweave.o2.svc");
    assertThat(serviceUri(RenderedChart.render(List.of(), Map.of("service.port", 8443))))
        .isEqualTo("https://netweave.o2.svc:8443");
    assertThat(
            serviceUri(
                RenderedChart.render(
                    List.of(),
                    Map.of("profile", "demo", "tls.enabled", false, "service.port", 80))))
        .isEqualTo("http://netweave.o2.svc");
    assertThat(
            serviceUri(
                RenderedChart.render(
                    List.of(), Map.of("config.ocloud.service_uri", "https://o2ims.example.net"))))
        .isEqualTo("https://o2ims.example.net");
  }

  private String serviceUri(RenderedChart chart) throws IOException {
    Path file = Files.writeString(tmp.resolve("service-uri.yaml"), chart.configYaml());
    ServerConfig config =
        new ConfigLoader(podEnvironment(chart.deployment())).load(Optional.of(file), Map.of());
    return config.ocloud().serviceUri().orElse("(not set)");
  }

  @Test
  void replicasShareThePageMarkerKeyFromASecretOrAreRefused() throws IOException {
    // A Link rel="next" followed to another replica is refused unless both sign markers with one
    // key: without server.page_marker_secret each process draws its own.
    Map<String, Object> twoOnRedis =
        Map.of("store", "redis", "redis.url", "redis://r:6379/0", "replicaCount", 2);
    assertThatThrownBy(() -> RenderedChart.render(List.of(), twoOnRedis))
        .hasMessageContaining("pageMarkerSecret.name")
        .hasMessageContaining("server.page_marker_secret");
    Map<String, Object> autoscaled =
        Map.of("store", "redis", "redis.url", "redis://r:6379/0", "autoscaling.enabled", true);
    assertThatThrownBy(() -> RenderedChart.render(List.of(), autoscaled))
        .hasMessageContaining("pageMarkerSecret.name");
    // One replica on Redis needs none.
    RenderedChart.render(List.of(), Map.of("store", "redis", "redis.url", "redis://r:6379/0"));
    for (String values : List.of("ha-redis-values.yaml", "sentinel-values.yaml")) {
      RenderedChart chart = RenderedChart.render(values);
      V1EnvVar env =
          gateway(chart.deployment()).getEnv().stream()
              .filter(v -> v.getName().equals("NETWEAVE_SERVER_PAGE_MARKER_SECRET"))
              .findFirst()
              .orElseThrow();
      assertThat(env.getValue()).isNull();
      assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("netweave-page-marker");
      assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("page-marker-secret");
      Path file = Files.writeString(tmp.resolve("pm.yaml"), chart.configYaml());
      ServerConfig config =
          new ConfigLoader(podEnvironment(chart.deployment())).load(Optional.of(file), Map.of());
      assertThat(config.server().pageMarkerSecret()).isEqualTo("s3cret");
    }
    Map<String, Object> configured = new LinkedHashMap<>(twoOnRedis);
    configured.put("config.server.page_marker_secret", "k");
    RenderedChart.render(List.of(), configured);
  }

  @Test
  void moreThanOneReplicaOnTheEmbeddedStoreIsRefused() {
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of("replicaCount", 2)))
        .hasMessageContaining("store: embedded")
        .hasMessageContaining("needs store: redis");
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of("autoscaling.enabled", true)))
        .hasMessageContaining("store: embedded");
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of("store", "redis")))
        .hasMessageContaining("redis.url");
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    List.of(),
                    Map.of("store", "redis", "redis.url", "redis://r:6379", "redis.cluster", true)))
        .hasMessageContaining("standalone or Sentinel");
  }

  @ParameterizedTest
  @CsvSource({
    "light,250m,1000m,256Mi,1Gi",
    "medium,500m,2000m,512Mi,2Gi",
    "heavy,1000m,4000m,1Gi,4Gi",
    "veryHeavy,2000m,8000m,2Gi,8Gi"
  })
  void sizingPresetsAreThePerformanceGuidesLevels(
      String level, String cpuRequest, String cpuLimit, String memRequest, String memLimit) {
    var resources =
        gateway(RenderedChart.render(List.of(), Map.of("sizing", level)).deployment())
            .getResources();
    assertThat(resources.getRequests())
        .containsEntry("cpu", Quantity.fromString(cpuRequest))
        .containsEntry("memory", Quantity.fromString(memRequest));
    assertThat(resources.getLimits())
        .containsEntry("cpu", Quantity.fromString(cpuLimit))
        .containsEntry("memory", Quantity.fromString(memLimit));
  }

  @Test
  void thePodIsHardenedAndProbedAndShutsDownGracefully() {
    V1Deployment deployment = RenderedChart.render(null).deployment();
    V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    V1Container c = gateway(deployment);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(c.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/netweave"))
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("data"))
        .singleElement()
        .extracting(V1Volume::getPersistentVolumeClaim)
        .isNotNull();
    assertThat(c.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
    long preStop = 5;
    assertThat(pod.getTerminationGracePeriodSeconds())
        .isGreaterThan(preStop + UndertowServer.DRAIN_TIMEOUT.toSeconds());
    assertThat(pod.getTopologySpreadConstraints())
        .extracting(t -> t.getTopologyKey())
        .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
  }

  @Test
  void theGracePeriodMustOutlastTheConfiguredShutdownTimeout() {
    // The gateway may run for preStopSeconds + server.shutdown_timeout after SIGTERM; a grace
    // period below it has the kubelet kill it mid-drain. The chart checked against 20 s whatever
    // config.server.shutdown_timeout said.
    assertThatThrownBy(
            () -> RenderedChart.render(List.of(), Map.of("config.server.shutdown_timeout", "60s")))
        .hasMessageContaining(
            "terminationGracePeriodSeconds (30) must exceed preStopSeconds (5) +"
                + " config.server.shutdown_timeout (60 s")
        .hasMessageContaining("at least 66");
    assertThatThrownBy(
            () -> RenderedChart.render(List.of(), Map.of("config.server.shutdown_timeout", "1m")))
        .hasMessageContaining("(60 s");
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    List.of(), Map.of("config.server.shutdown_timeout", "20 seconds")))
        .hasMessageContaining("config.server.shutdown_timeout must be a duration")
        .hasMessageContaining("20 seconds");
    assertThatThrownBy(() -> RenderedChart.render(List.of(), Map.of("preStopSeconds", 10)))
        .hasMessageContaining("(20 s");
    V1PodSpec pod =
        RenderedChart.render(
                List.of(),
                Map.of(
                    "config.server.shutdown_timeout", "60s", "terminationGracePeriodSeconds", 66))
            .deployment()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(66L);
    RenderedChart.render(
        List.of(), Map.of("config.server.shutdown_timeout", "10s", "preStopSeconds", 15));
  }

  @Test
  void aDisruptionBudgetThatLetsNoPodGoIsRefused() {
    // One replica (the embedded store's only count) with minAvailable 1: no eviction is ever
    // allowed and kubectl drain waits forever.
    assertThatThrownBy(
            () -> RenderedChart.render(List.of(), Map.of("podDisruptionBudget.enabled", true)))
        .hasMessageContaining(
            "podDisruptionBudget.minAvailable (1) must be below the replica count (1");
    Map<String, Object> threeOnRedis =
        Map.of(
            "store", "redis",
            "redis.url", "redis://r:6379/0",
            "pageMarkerSecret.name", "pm",
            "replicaCount", 3,
            "podDisruptionBudget.enabled", true);
    Map<String, Object> allOfThem = new java.util.HashMap<>(threeOnRedis);
    allOfThem.put("podDisruptionBudget.minAvailable", 3);
    assertThatThrownBy(() -> RenderedChart.render(List.of(), allOfThem))
        .hasMessageContaining("(3) must be below the replica count (3");
    allOfThem.put("podDisruptionBudget.minAvailable", "100%");
    assertThatThrownBy(() -> RenderedChart.render(List.of(), allOfThem))
        .hasMessageContaining("(100%)");
    assertThat(RenderedChart.render(List.of(), threeOnRedis).kinds())
        .contains("PodDisruptionBudget");
    // the HPA's floor counts when autoscaling
    Map<String, Object> autoscaled = new java.util.HashMap<>(threeOnRedis);
    autoscaled.put("autoscaling.enabled", true);
    autoscaled.put("autoscaling.minReplicas", 2);
    autoscaled.put("podDisruptionBudget.minAvailable", 2);
    assertThatThrownBy(() -> RenderedChart.render(List.of(), autoscaled))
        .hasMessageContaining("(2) must be below the replica count (2");
  }

  @Test
  void haValuesScaleWithAnHpaAndAPdbAndStickySessions() {
    RenderedChart chart = RenderedChart.render("ha-redis-values.yaml");
    V2HorizontalPodAutoscaler hpa =
        chart.model("HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
        .isEqualTo(70);
    assertThat(chart.model("PodDisruptionBudget", V1PodDisruptionBudget.class).getSpec())
        .satisfies(s -> assertThat(s.getMinAvailable().getIntValue()).isEqualTo(2));
    V1Service service = chart.model("Service", V1Service.class);
    assertThat(service.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
    assertThat(service.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds())
        .isEqualTo(3600);
    assertThat(chart.deployment().getSpec().getReplicas()).isNull();
    assertThat(chart.deployment().getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(chart.kinds()).doesNotContain("PersistentVolumeClaim");
  }

  @Test
  void secretsAreReferencedNeverRendered() {
    RenderedChart chart = RenderedChart.render("tls-jwt-values.yaml");
    V1PodSpec pod = chart.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactlyInAnyOrder("netweave-server-tls", "netweave-jwks");
    assertThat(gateway(chart.deployment()).getEnv())
        .filteredOn(e -> e.getName().equals("NETWEAVE_NOTIFICATIONS_CALLBACK_AUTH"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("netweave-callback-auth"));
    assertThat(chart.configYaml())
        .contains("static_keys_file: /etc/netweave/auth/jwks.json")
        .contains("client_ca: /etc/netweave/tls/ca.crt");
  }

  @Test
  void rbacGrantsOnlyReadsWithoutWildcards() {
    V1ClusterRole role = RenderedChart.render(null).model("ClusterRole", V1ClusterRole.class);
    assertThat(role.getRules())
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs()).isSubsetOf("get", "list", "watch");
              assertThat(r.getResources()).doesNotContain("*");
              assertThat(r.getApiGroups()).doesNotContain("*");
            });
    // With a configured O-Cloud id the kube-system namespace is never read.
    V1ClusterRole fixed =
        RenderedChart.render("tls-jwt-values.yaml").model("ClusterRole", V1ClusterRole.class);
    assertThat(fixed.getRules()).flatExtracting(r -> r.getResources()).containsExactly("nodes");
  }

  @Test
  void monitoringObjectsRenderOnlyWhenTheClusterServesTheirApis() throws IOException {
    assertThat(RenderedChart.render(null).kinds())
        .doesNotContain("ServiceMonitor", "PrometheusRule");
    RenderedChart chart = RenderedChart.render("sentinel-values.yaml");
    assertThat(chart.kinds()).contains("ServiceMonitor", "PrometheusRule");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode rules =
        yaml.readTree(Repository.path("deploy/prometheus/netweave-rules.yaml").toFile());
    assertThat(chart.find("PrometheusRule").orElseThrow().tree().path("spec")).isEqualTo(rules);
    JsonNode monitor = chart.find("ServiceMonitor").orElseThrow().tree();
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
  }

  /**
   * /metrics is an admin path under the production profile: a ServiceMonitor without a token is
   * answered 401 at every scrape, and no alert can fire. The chart had no value to give one.
   */
  @Test
  void theServiceMonitorSendsTheMetricsTokenAndTrustsTheCaFromSecrets() {
    Path sentinel = Repository.chart().resolve("ci").resolve("sentinel-values.yaml");
    JsonNode bare =
        RenderedChart.render(List.of(sentinel), Map.of())
            .find("ServiceMonitor")
            .orElseThrow()
            .tree();
    assertThat(bare.at("/spec/endpoints/0/authorization").isMissingNode()).isTrue();
    assertThat(bare.at("/spec/endpoints/0/tlsConfig/ca").isMissingNode()).isTrue();

    Map<String, Object> sets = new LinkedHashMap<>();
    sets.put("metrics.serviceMonitor.bearerTokenSecret.name", "netweave-metrics-token");
    sets.put("metrics.serviceMonitor.caSecret.name", "netweave-ca");
    JsonNode endpoint =
        RenderedChart.render(List.of(sentinel), sets)
            .find("ServiceMonitor")
            .orElseThrow()
            .tree()
            .at("/spec/endpoints/0");
    assertThat(endpoint.at("/scheme").asText()).isEqualTo("https");
    assertThat(endpoint.at("/authorization/type").asText()).isEqualTo("Bearer");
    assertThat(endpoint.at("/authorization/credentials/name").asText())
        .isEqualTo("netweave-metrics-token");
    assertThat(endpoint.at("/authorization/credentials/key").asText()).isEqualTo("token");
    assertThat(endpoint.at("/tlsConfig/ca/secret/name").asText()).isEqualTo("netweave-ca");
    assertThat(endpoint.at("/tlsConfig/ca/secret/key").asText()).isEqualTo("ca.crt");
    assertThat(endpoint.at("/tlsConfig/serverName").asText())
        .isEqualTo(RenderedChart.RELEASE + "." + RenderedChart.NAMESPACE + ".svc");
  }

  @Test
  void theChartCarriesTheSameRulesAsDeployPrometheus() throws IOException {
    assertThat(Files.readString(Repository.chart().resolve("files/netweave-rules.yaml")))
        .isEqualTo(Files.readString(Repository.path("deploy/prometheus/netweave-rules.yaml")));
  }
}
