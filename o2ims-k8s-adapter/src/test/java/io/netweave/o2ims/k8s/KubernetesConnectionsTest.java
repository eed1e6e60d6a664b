package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesConnectionsTest {
  @TempDir Path home;

  @Test
  void kubeconfigFromTheEnvironmentIsDetectedFirst() throws Exception {
    Path file = Files.writeString(home.resolve("cfg"), "apiVersion: v1\n");
    var d =
        KubernetesConnections.detect(
            Map.of("KUBECONFIG", file.toString()), home, home.resolve("sa"));
    assertThat(d.found()).isTrue();
    assertThat(d.explanation()).contains("KUBECONFIG");
    assertThat(d.connection()).isEqualTo(KubernetesConnection.kubeconfig(file));
  }

  @Test
  void inClusterSettingsAreDetectedFromServiceHostAndToken() throws Exception {
    Path sa = Files.createDirectories(home.resolve("sa"));
    Files.writeString(sa.resolve("token"), "t");
    var d = KubernetesConnections.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), home, sa);
    assertThat(d.found()).isTrue();
    assertThat(d.connection()).isEqualTo(KubernetesConnection.inCluster());
  }

  @Test
  void missingConfigurationIsExplained() {
    var d = KubernetesConnections.detect(Map.of(), home, home.resolve("sa"));
    assertThat(d.found()).isFalse();
    assertThat(d.explanation())
        .contains("KUBECONFIG unset")
        .contains("KUBERNETES_SERVICE_HOST unset");
  }

  @Test
  void settingsRefuseANonPositiveRate() {
    assertThatThrownBy(() -> KubernetesSettings.builder().qps(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kubernetes.qps");
    KubernetesSettings defaults = KubernetesSettings.builder().build();
    assertThat(defaults.qps()).isEqualTo(50);
    assertThat(defaults.burst()).isEqualTo(100);
    assertThat(defaults.resyncPeriod()).hasMinutes(10);
    assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
  }

  @Test
  void aKubeconfigThatIsNotThereIsNamedWithTheReason() {
    Path missing = home.resolve("no-such-kubeconfig");
    KubernetesSettings settings =
        KubernetesSettings.builder().connection(KubernetesConnection.kubeconfig(missing)).build();
    assertThatThrownBy(() -> KubernetesConnections.apiClient(settings))
        .isInstanceOf(KubernetesAdapterException.class)
        .hasMessage(
            "cannot configure the Kubernetes client from kubeconfig "
                + missing
                + ": no such file "
                + missing);
    assertThat(
            new KubernetesConnection.Kubeconfig(
                    java.util.Optional.of(missing), java.util.Optional.of("edge-1"))
                .toString())
        .isEqualTo("kubeconfig " + missing + " (context edge-1)");
  }

  @Test
  void explicitConnectionsNeverPrintTheirToken() {
    assertThat(
            KubernetesConnection.explicit(
                    java.net.URI.create("https://k"), "s3cret", java.util.Optional.empty())
                .toString())
        .doesNotContain("s3cret");
  }
}
