package io.netweave.o2ims.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ContainerImage;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeTrimmerTest {
  private static V1Node node(OffsetDateTime heartbeat) {
    return new V1Node()
        .metadata(
            new V1ObjectMeta()
                .name("n1")
                .uid("u1")
                .resourceVersion("7")
                .labels(Map.of("zone", "a"))
                .annotations(Map.of("keep", "1", "drop", "2"))
                .managedFields(List.of(new V1ManagedFieldsEntry().manager("kubelet"))))
        .spec(
            new V1NodeSpec()
                .providerID("aws:///i-1")
                .unschedulable(true)
                .taints(List.of(new V1Taint().key("t").effect("NoSchedule"))))
        .status(
            new V1NodeStatus()
                .capacity(Map.of("cpu", new Quantity("4")))
                .images(List.of(new V1ContainerImage().names(List.of("pause"))))
                .conditions(
                    List.of(
                        new V1NodeCondition()
                            .type("Ready")
                            .status("True")
                            .reason("KubeletReady")
                            .lastHeartbeatTime(heartbeat)
                            .lastTransitionTime(OffsetDateTime.parse("2026-01-01T00:00:00Z")))));
  }

  @Test
  void trimmingKeepsWhatTheO2ViewServesAndDropsTheRest() {
    V1Node trimmed = (V1Node) new NodeTrimmer(Set.of("keep")).transform(node(OffsetDateTime.now()));
    assertThat(trimmed.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(trimmed.getMetadata().getAnnotations()).containsOnlyKeys("keep");
    assertThat(trimmed.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(trimmed.getSpec().getTaints()).isNullOrEmpty();
    assertThat(trimmed.getSpec().getUnschedulable()).isTrue();
    assertThat(trimmed.getStatus().getImages()).isNullOrEmpty();
    assertThat(trimmed.getStatus().getConditions().get(0).getLastHeartbeatTime()).isNull();
    // what alarms are raised from is kept: reason and transition time
    assertThat(trimmed.getStatus().getConditions().get(0).getReason()).isEqualTo("KubeletReady");
    assertThat(trimmed.getStatus().getConditions().get(0).getLastTransitionTime())
        .isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void nodesDifferingOnlyInHeartbeatsHaveEqualFacts() {
    NodeTrimmer trimmer = new NodeTrimmer(Set.of());
    NodeFacts before = NodeFacts.of((V1Node) trimmer.transform(node(OffsetDateTime.now())));
    NodeFacts after =
        NodeFacts.of((V1Node) trimmer.transform(node(OffsetDateTime.now().plusSeconds(10))));
    assertThat(after).isEqualTo(before);
    assertThat(after.conditions()).containsEntry("Ready", "True");
  }
}
