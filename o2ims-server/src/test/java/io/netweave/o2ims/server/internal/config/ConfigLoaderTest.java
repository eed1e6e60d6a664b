package io.netweave.o2ims.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  ServerConfig load(String yaml, Map<String, String> env, Map<String, String> flags)
      throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(env).load(Optional.of(file), flags);
  }

  @Test
  void defaultsAreThePerformanceGuides() {
    ServerConfig c = new ConfigLoader(Map.of()).load(Optional.empty(), Map.of());
    assertThat(c.backend()).isEqualTo(ServerConfig.Backend.AUTO);
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.server().idleTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.server().maxHeaderBytes()).isEqualTo(1048576);
    assertThat(c.server().maxConcurrentStreams()).isEqualTo(250);
    assertThat(c.server().pageSize()).isEqualTo(1000);
    assertThat(c.server().maxBodyBytes()).isEqualTo(1048576);
    assertThat(c.cache().resourcePoolsTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.cache().subscriptionsTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.redis().poolSize()).isEqualTo(100);
    assertThat(c.redis().maxConnAge()).isEqualTo(Duration.ZERO);
    assertThat(c.redis().poolKeysSet()).isEmpty();
    assertThat(c.kubernetes().qps()).isEqualTo(50.0);
    assertThat(c.kubernetes().resyncPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.kubernetes().clusters()).hasSize(1);
    assertThat(c.kubernetes().primary().connection()).isEmpty();
    assertThat(c.subscriptions().duplicateStatus()).isEqualTo(409);
    assertThat(c.subscriptions().allowHttpCallbacks()).isTrue();
  }

  @Test
  void theOCloudIsNamedByItsBackendUnlessOcloudNameIsSet() throws IOException {
    ServerConfig.OCloud unset =
        new ConfigLoader(Map.of()).load(Optional.empty(), Map.of()).ocloud();
    assertThat(unset.name()).isEmpty();
    assertThat(unset.demoName()).isEqualTo("netweave-demo");
    assertThat(unset.kubernetesName()).isEqualTo("netweave");

    ServerConfig.OCloud blank = load("ocloud:\n  name: \"  \"\n", Map.of(), Map.of()).ocloud();
    assertThat(blank.kubernetesName()).isEqualTo("netweave");

    ServerConfig.OCloud named = load("ocloud:\n  name: edge-paris\n", Map.of(), Map.of()).ocloud();
    assertThat(named.demoName()).isEqualTo("edge-paris");
    assertThat(named.kubernetesName()).isEqualTo("edge-paris");
  }

  @Test
  void sizesAndRatesOutOfRangeAreRefusedNamingTheKeyAndTheValue() {
    // Accepted by the loader before: cache.max_size_mb failed later as "cache: cache max size must
    // be positive: -1048576" (bytes, no key), kubernetes.qps and burst as one message for both
    // keys, and kubernetes.cache_size_mb was taken whatever its sign.
    Map<String, String> bad =
        Map.of(
            "NETWEAVE_CACHE_MAX_SIZE_MB", "cache.max_size_mb: expected 1..1048576, got -1",
            "NETWEAVE_KUBERNETES_QPS", "kubernetes.qps: expected a number above 0, got -1.0",
            "NETWEAVE_KUBERNETES_BURST", "kubernetes.burst: expected 1..2147483647, got -1",
            "NETWEAVE_KUBERNETES_CACHE_SIZE_MB",
                "kubernetes.cache_size_mb: expected 1..1048576, got -1");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      assertThatThrownBy(
              () -> new ConfigLoader(Map.of(e.getKey(), "-1")).load(Optional.empty(), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessage("bad value for configuration key " + e.getValue());
    }
    assertThatThrownBy(
            () ->
                new ConfigLoader(Map.of("NETWEAVE_SERVER_MAX_BODY_BYTES", "-1"))
                    .load(Optional.empty(), Map.of()))
        .hasMessage(
            "bad value for configuration key server.max_body_bytes: must be positive, got -1");
    assertThatThrownBy(
            () ->
                new ConfigLoader(Map.of("NETWEAVE_KUBERNETES_QPS", "0"))
                    .load(Optional.empty(), Map.of()))
        .hasMessageContaining("kubernetes.qps: expected a number above 0, got 0.0");
  }

  /**
   * The Kubernetes section's durations: {@code resync_period} 0s turns the informers' periodic
   * resync off and is accepted, as is 1 s, the informer's minimum; below that it is refused (the
   * informer raised it to 1 s for the handler while its check ran at the period given). {@code
   * staleness_check} and {@code clusters_dir_rescan} must be positive: 0s was taken, the first as a
   * check every millisecond, the second as a rescan of the directory in a busy loop (a third of a
   * core with an empty directory).
   */
  @Test
  void kubernetesDurationsOutOfRangeAreRefusedNamingTheKey() {
    assertThat(
            new ConfigLoader(Map.of("NETWEAVE_KUBERNETES_RESYNC_PERIOD", "0s"))
                .load(Optional.empty(), Map.of())
                .kubernetes()
                .resyncPeriod())
        .isZero();
    assertThat(
            new ConfigLoader(Map.of("NETWEAVE_KUBERNETES_RESYNC_PERIOD", "1s"))
                .load(Optional.empty(), Map.of())
                .kubernetes()
                .resyncPeriod())
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(
            () ->
                new ConfigLoader(Map.of("NETWEAVE_KUBERNETES_RESYNC_PERIOD", "500ms"))
                    .load(Optional.empty(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "bad value for configuration key kubernetes.resync_period: 0s (no periodic resync) or"
                + " at least 1s, got 500ms");
    for (String key : List.of("STALENESS_CHECK", "CLUSTERS_DIR_RESCAN")) {
      assertThatThrownBy(
              () ->
                  new ConfigLoader(Map.of("NETWEAVE_KUBERNETES_" + key, "0s"))
                      .load(Optional.empty(), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "bad value for configuration key kubernetes."
                  + key.toLowerCase(java.util.Locale.ROOT)
                  + ": must be positive");
    }
  }

  @Test
  void fileThenEnvironmentThenFlagsWin() throws IOException {
    ServerConfig c =
        load(
            "server:\n  port: 9000\n  page_size: 5\nredis:\n  pool_size: 20\ncache:\n  warm_resources: [resources]\n",
            Map.of(
                "NETWEAVE_REDIS_POOL_SIZE",
                "30",
                "NETWEAVE_SERVER_PAGE_SIZE",
                "6",
                "HOME",
                "/root"),
            Map.of("server.port", "9100"));
    assertThat(c.server().port()).isEqualTo(9100);
    assertThat(c.server().pageSize()).isEqualTo(6);
    assertThat(c.server().filterColumns())
        .containsExactly(
            "extensions/nodeName",
            "extensions/ready",
            "extensions/labels/topology.kubernetes.io~1zone");
    assertThat(c.redis().poolSize()).isEqualTo(30);
    assertThat(c.redis().poolKeysSet()).containsExactly("redis.pool_size");
    assertThat(c.cache().warmResources()).isEqualTo(List.of("resources"));
  }

  @Test
  void theDemoProfileStaysOnLoopbackAndProductionRefusesPlainAndPrivateCallbacks() {
    ServerConfig demo = new ConfigLoader(Map.of()).load(Optional.empty(), Map.of());
    assertThat(demo.subscriptions().allowHttpCallbacks()).isTrue();
    assertThat(demo.server().host()).isEqualTo("127.0.0.1");
    assertThat(demo.notifications().callbackAllowList()).isNotEmpty();

    ServerConfig production =
        new ConfigLoader(Map.of()).load(Optional.empty(), Map.of("profile", "production"));
    assertThat(production.subscriptions().allowHttpCallbacks()).isFalse();
    assertThat(production.server().host()).isEqualTo("0.0.0.0");
    assertThat(production.notifications().callbackAllowList()).isEmpty();

    ServerConfig explicit =
        new ConfigLoader(Map.of("NETWEAVE_SUBSCRIPTIONS_ALLOW_HTTP_CALLBACKS", "true"))
            .load(Optional.empty(), Map.of("profile", "production"));
    assertThat(explicit.subscriptions().allowHttpCallbacks()).isTrue();
  }

  @Test
  void durationsAreReadAsTheGuideWritesThem() {
    assertThat(KeyType.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(KeyType.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(KeyType.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(KeyType.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(KeyType.duration("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void aListOfClustersFollowsTheSingleClusterKeysWhichStayFirst() throws IOException {
    ServerConfig c =
        load(
            """
            kubernetes:
              api_url: https://central:6443
              cluster_name: central
              clusters:
                - name: edge-1
                  kubeconfig: /etc/netweave/edge-1.yaml
                  context: edge-1-admin
                  pool_label: example.com/rack
                  site:
                    name: Lyon
                    global_location_id: lyon-1
                    coordinate: {type: Point, coordinates: [4.83, 45.76]}
                    civic_address: [{ca_type: 1, ca_value: FR}]
                - name: edge-2
                  api_url: https://edge-2:6443
                  o2dms_url: https://dms.edge-2
                  qps: 5.5
                  burst: 12
              clusters_dir: /var/run/netweave/clusters
            """,
            Map.of(),
            Map.of());
    List<ServerConfig.Cluster> clusters = c.kubernetes().clusters();
    assertThat(clusters)
        .extracting(k -> k.name().orElse(""))
        .containsExactly("central", "edge-1", "edge-2");
    assertThat(clusters.get(1).connection())
        .contains(
            new ServerConfig.KubeconfigContext(
                Path.of("/etc/netweave/edge-1.yaml"), "edge-1-admin"));
    assertThat(clusters.get(1).poolLabel()).contains("example.com/rack");
    assertThat(clusters.get(1).site().globalLocationId()).contains("lyon-1");
    assertThat(clusters.get(1).site().civicAddress().orElseThrow().get(0))
        .containsEntry("caType", 1)
        .containsEntry("caValue", "FR");
    assertThat(clusters.get(2).o2dmsUrl()).contains("https://dms.edge-2");
    assertThat(clusters.get(2).qps()).contains(5.5);
    assertThat(clusters.get(2).burst()).contains(12);
    assertThat(clusters.get(1).qps()).isEmpty();
    assertThat(clusters.get(1).burst()).isEmpty();
    assertThat(c.kubernetes().directoryOnly()).isFalse();
    assertThat(c.kubernetes().clustersDir()).contains(Path.of("/var/run/netweave/clusters"));
    assertThat(c.kubernetes().multiCluster()).isTrue();

    ServerConfig fromEnv =
        load(
            "",
            Map.of(
                "NETWEAVE_KUBERNETES_CLUSTERS",
                "[{\"name\":\"a\",\"api_url\":\"https://a:6443\"},"
                    + "{\"name\":\"b\",\"api_url\":\"https://b:6443\"}]"),
            Map.of());
    assertThat(fromEnv.kubernetes().clusters())
        .extracting(k -> k.name().orElse(""))
        .containsExactly("a", "b");
  }

  @Test
  void aBadClusterEntryStopsTheStartNamingTheKey() {
    assertThatThrownBy(() -> load("kubernetes:\n  clusters:\n    - name: a\n", Map.of(), Map.of()))
        .hasMessageContaining("kubernetes.clusters[0]")
        .hasMessageContaining("kubeconfig or api_url");
    assertThatThrownBy(
            () ->
                load(
                    "kubernetes:\n  clusters:\n    - {name: a, api_url: 'https://a', colour: red}\n",
                    Map.of(),
                    Map.of()))
        .hasMessageContaining("kubernetes.clusters[0].colour");
    assertThatThrownBy(
            () ->
                load(
                    "kubernetes:\n  clusters:\n    - {name: a, api_url: 'https://a'}\n"
                        + "    - {name: a, api_url: 'https://b'}\n",
                    Map.of(),
                    Map.of()))
        .hasMessageContaining("kubernetes.clusters[1].name");
    assertThatThrownBy(
            () ->
                load(
                    "kubernetes:\n  clusters:\n    - {name: a, api_url: 'https://a', qps: 0}\n",
                    Map.of(),
                    Map.of()))
        .hasMessageContaining("kubernetes.clusters[0].qps");
    assertThatThrownBy(
            () ->
                load(
                    "kubernetes:\n  clusters:\n    - {name: a, api_url: 'https://a', burst: 2.5}\n",
                    Map.of(),
                    Map.of()))
        .hasMessageContaining("kubernetes.clusters[0].burst");
  }

  @Test
  void aSiteCoordinateThatIsNotNumbersStopsTheStartNamingTheKey() {
    // Served as a location's GeoJSON Point, whose coordinates the reference types as numbers
    // (kni-v2 LocationInfo.coordinate): a quoted "45.76" would be served as a string.
    for (String coordinates : List.of("[4.83, '45.76']", "[4.83, null]", "[[4.83], 45.76]")) {
      assertThatThrownBy(
              () ->
                  load(
                      "kubernetes:\n  clusters:\n    - {name: a, api_url: 'https://a', site: "
                          + "{coordinate: {type: Point, coordinates: "
                          + coordinates
                          + "}}}\n",
                      Map.of(),
                      Map.of()))
          .as(coordinates)
          .hasMessageContaining("kubernetes.clusters[0].site.coordinate")
          .hasMessageContaining("numbers");
    }
  }

  /**
   * A site's globalLocationId is the last path segment of its v2 location: with a '/' the location
   * could not be read (the plain path has a segment too many, and the listener leaves %2F encoded,
   * so /locations/eu%2Fwest-1 looked for "eu%2Fwest-1"), nor its notifications' objectRef followed.
   * Refused at start, naming the key; other characters are served (percent-encoded).
   */
  @Test
  void aSiteGlobalLocationIdWithASlashStopsTheStartNamingTheKey() throws IOException {
    assertThatThrownBy(
            () ->
                load(
                    "kubernetes:\n  clusters:\n    - {name: a, api_url: 'https://a', site: "
                        + "{global_location_id: eu/west-1}}\n",
                    Map.of(),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "bad value for configuration key kubernetes.clusters[0].site.global_location_id:"
                + " '/' is not allowed")
        .hasMessageEndingWith("got eu/west-1");
    assertThatThrownBy(
            () ->
                new ConfigLoader(
                        Map.of(
                            "NETWEAVE_KUBERNETES_CLUSTERS",
                            "[{\"name\":\"a\",\"api_url\":\"https://a\"},"
                                + "{\"name\":\"b\",\"api_url\":\"https://b\","
                                + "\"site\":{\"global_location_id\":\"/lyon\"}}]"))
                    .load(Optional.empty(), Map.of()))
        .hasMessageContaining("kubernetes.clusters[1].site.global_location_id");
    assertThat(
            load(
                    "kubernetes:\n  clusters:\n    - {name: a, api_url: 'https://a', site: "
                        + "{global_location_id: 'Lyon Part-Dieu #1'}}\n",
                    Map.of(),
                    Map.of())
                .kubernetes()
                .clusters()
                .get(0)
                .site()
                .globalLocationId())
        .contains("Lyon Part-Dieu #1");
  }

  @Test
  void aClustersDirectoryAloneIsDirectoryOnlyWithTheOwnClusterNamedByClusterName()
      throws IOException {
    ServerConfig c =
        load(
            "kubernetes:\n  clusters_dir: /var/run/netweave/clusters\n  cluster_name: central\n",
            Map.of(),
            Map.of());
    assertThat(c.kubernetes().directoryOnly()).isTrue();
    assertThat(c.kubernetes().multiCluster()).isTrue();
    assertThat(c.kubernetes().primary().name()).contains("central");
    assertThat(
            load(
                    "kubernetes:\n  clusters_dir: /d\n  api_url: https://central:6443\n",
                    Map.of(),
                    Map.of())
                .kubernetes()
                .directoryOnly())
        .isFalse();
  }

  @Test
  void theShutdownTimeoutMustLeaveRoomForTheDrainDelay() {
    ServerConfig c = new ConfigLoader(Map.of()).load(Optional.empty(), Map.of());
    assertThat(c.server().shutdownDrainDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.server().shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThatThrownBy(
            () ->
                load(
                    "server:\n  shutdown_drain_delay: 30s\n  shutdown_timeout: 20s\n",
                    Map.of(),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.shutdown_timeout")
        .hasMessageContaining("server.shutdown_drain_delay");
  }

  @Test
  void anUnknownKeyStopsTheStartNamingIt() {
    assertThatThrownBy(() -> load("server:\n  prot: 1\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.prot");
    assertThatThrownBy(() -> load("", Map.of("NETWEAVE_SERVER_PROT", "1"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NETWEAVE_SERVER_PROT");
  }

  @Test
  void preferServerCipherSuitesFalseIsRefusedSinceTheServerOrderAlwaysApplies() throws IOException {
    ServerConfig c =
        load("server:\n  tls:\n    prefer_server_cipher_suites: true\n", Map.of(), Map.of());
    assertThat(c.tls().preferServerCipherSuites()).isTrue();
    assertThatThrownBy(
            () ->
                load(
                    "server:\n  tls:\n    prefer_server_cipher_suites: false\n",
                    Map.of(),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.tls.prefer_server_cipher_suites")
        .hasMessageContaining("server.tls.cipher_suites");
  }

  @Test
  void aKeyWrittenTwiceStopsTheStartInsteadOfLosingTheFirstBlock() throws IOException {
    // Two of the guide's snippets pasted one after the other: both start with `server:`.
    assertThatThrownBy(
            () ->
                load(
                    "server:\n  read_timeout: 45s\nserver:\n  tls:\n    session_tickets: true\n",
                    Map.of(),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("configuration key server appears twice")
        .hasMessageContaining("line 3");
    assertThatThrownBy(
            () -> load("cache:\n  resources_ttl: 2m\n  resources_ttl: 3m\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("configuration key cache.resources_ttl appears twice");
  }

  @Test
  void aConfigFileThatCannotBeReadSaysWhy() throws IOException {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(missing), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read configuration file " + missing + ": no such file");
    Path directory = Files.createDirectory(dir.resolve("config.d"));
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(directory), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cannot read configuration file " + directory + ": ")
        .hasMessageNotContaining(": " + directory);
  }

  @Test
  void aBadValueStopsTheStartNamingTheKey() {
    assertThatThrownBy(() -> load("server:\n  read_timeout: 30\n", Map.of(), Map.of()))
        .hasMessageContaining("server.read_timeout");
    assertThatThrownBy(() -> load("server:\n  keep_alive: maybe\n", Map.of(), Map.of()))
        .hasMessageContaining("server.keep_alive");
    assertThatThrownBy(() -> load("", Map.of("NETWEAVE_REDIS_POOL_SIZE", "lots"), Map.of()))
        .hasMessageContaining("redis.pool_size");
    assertThatThrownBy(() -> load("backend: cloud\n", Map.of(), Map.of()))
        .hasMessageContaining("backend");
    assertThatThrownBy(() -> load("subscriptions:\n  duplicate_status: 418\n", Map.of(), Map.of()))
        .hasMessageContaining("subscriptions.duplicate_status");
    assertThatThrownBy(() -> load("cache:\n  warm_resources: [everything]\n", Map.of(), Map.of()))
        .hasMessageContaining("cache.warm_resources");
    assertThatThrownBy(
            () -> load("server:\n  filter_columns: [\"extensions/a,b\"]\n", Map.of(), Map.of()))
        .hasMessageContaining("server.filter_columns");
    assertThatThrownBy(() -> load("server:\n  filter_columns: [nosuchfield]\n", Map.of(), Map.of()))
        .hasMessageContaining("server.filter_columns");
    assertThatThrownBy(
            () ->
                load(
                    "server:\n  filter_columns: [name, description, extensions/a, extensions/b,"
                        + " extensions/c]\n",
                    Map.of(),
                    Map.of()))
        .hasMessageContaining("at most 4");
    assertThatThrownBy(() -> load("server: [1, 2]\n", Map.of(), Map.of()))
        .hasMessageContaining("server");
  }
}
