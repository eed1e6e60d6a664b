package io.netweave.o2ims.k8s;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KubernetesSettingsTest {
  @Test
  void theFieldSelectorMayOnlyNameTheFieldsTheApiServerSupportsOnNodes() {
    for (String ok :
        new String[] {
          "", "spec.unschedulable=false", "metadata.name!=edge-1,spec.unschedulable==false"
        }) {
      assertThatCode(() -> KubernetesSettings.checkNodeFieldSelector(ok))
          .doesNotThrowAnyException();
    }
    for (String bad :
        new String[] {"status.phase=Running", "metadata.name", "spec.unschedulable=false,app=x"}) {
      assertThatThrownBy(() -> KubernetesSettings.checkNodeFieldSelector(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kubernetes.field_selector");
    }
  }
}
