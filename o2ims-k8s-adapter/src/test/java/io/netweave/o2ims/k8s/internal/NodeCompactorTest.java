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

class NodeCompactorTest {
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
  void compactingKeepsWhatTheO2ViewServesAndDropsTheRest() {
    V1Node compact =
        new NodeCompactor(Set.of("keep"), new ValueInterner()).compact(node(OffsetDateTime.now()));
    assertThat(compact).isInstanceOf(NodeCompactor.CompactNode.class);
    NodeFacts facts = ((NodeCompactor.CompactNode) compact).facts();
    assertThat(compact.getMetadata().getName()).isEqualTo("n1");
    assertThat(compact.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(compact.getSpec()).isNull();
    assertThat(compact.getStatus()).isNull();
    assertThat(facts.annotations()).containsOnlyKeys("keep");
    assertThat(facts.unschedulable()).isTrue();
    assertThat(facts.providerId()).isEqualTo("aws:///i-1");
    assertThat(facts.capacity()).containsExactly(Map.entry("cpu", "4"));
    // what alarms are raised from is kept: reason and transition time
    assertThat(facts.conditionDetails())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.reason()).isEqualTo("KubeletReady");
              assertThat(c.lastTransitionTime())
                  .contains(OffsetDateTime.parse("2026-01-01T00:00:00Z").toInstant());
            });
  }

  @Test
  void compactingTwiceChangesNothing() {
    NodeCompactor compactor = new NodeCompactor(Set.of(), new ValueInterner());
    V1Node once = compactor.compact(node(OffsetDateTime.now()));
    assertThat(compactor.compact(once)).isSameAs(once);
  }

  @Test
  void nodesDifferingOnlyInHeartbeatsHaveEqualFacts() {
    NodeCompactor compactor = new NodeCompactor(Set.of(), new ValueInterner());
    NodeFacts before = compactor.facts(compactor.compact(node(OffsetDateTime.now())));
    NodeFacts after =
        compactor.facts(compactor.compact(node(OffsetDateTime.now().plusSeconds(10))));
    assertThat(after).isEqualTo(before);
    assertThat(after.conditions()).containsEntry("Ready", "True");
  }

  @Test
  void nodesShareTheirEqualValuesAndStrings() {
    NodeCompactor compactor = new NodeCompactor(Set.of(), new ValueInterner());
    NodeFacts a = compactor.facts(node(OffsetDateTime.now()));
    NodeFacts b = compactor.facts(node(OffsetDateTime.now()));
    assertThat(b.capacity()).isSameAs(a.capacity());
    assertThat(b.conditions()).isSameAs(a.conditions());
    assertThat(b.labels().keySet().iterator().next())
        .isSameAs(a.labels().keySet().iterator().next());
    assertThat(b.name()).isSameAs(a.name());
  }
}
