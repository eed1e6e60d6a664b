package io.netweave.o2ims.server.internal.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.k8s.KubernetesConnection;
import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {
  @TempDir Path dir;

  @Test
  void aClusterEntrysQpsAndBurstOverrideTheSharedOnesForThatClusterOnly() {
    ServerConfig config =
        ServerConfig.defaults(0, dir)
            .with(
                Map.of(
                    "kubernetes.api_url", "https://central:6443",
                    "kubernetes.cluster_name", "central",
                    "kubernetes.qps", "50",
                    "kubernetes.burst", "100",
                    "kubernetes.clusters",
                        "[{\"name\":\"edge-1\",\"api_url\":\"https://edge-1:6443\","
                            + "\"qps\":5,\"burst\":7},"
                            + "{\"name\":\"edge-2\",\"api_url\":\"https://edge-2:6443\"}]"));
    List<ServerConfig.Cluster> clusters = config.kubernetes().clusters();
    KubernetesSettings.Builder shared =
        KubernetesSettings.builder()
            .qps(config.kubernetes().qps())
            .burst(config.kubernetes().burst());
    KubernetesConnection any =
        KubernetesConnection.explicit(URI.create("https://any:6443"), "", Optional.empty());

    KubernetesSettings central = Backends.memberSettings(clusters.get(0), 0, any, shared);
    KubernetesSettings edge1 = Backends.memberSettings(clusters.get(1), 1, any, shared);
    KubernetesSettings edge2 = Backends.memberSettings(clusters.get(2), 2, any, shared);

    assertThat(central.clusterName()).isEqualTo("central");
    assertThat(central.qps()).isEqualTo(50.0);
    assertThat(central.burst()).isEqualTo(100);
    assertThat(edge1.clusterName()).isEqualTo("edge-1");
    assertThat(edge1.qps()).isEqualTo(5.0);
    assertThat(edge1.burst()).isEqualTo(7);
    assertThat(edge2.qps()).isEqualTo(50.0);
    assertThat(edge2.burst()).isEqualTo(100);
  }
}
