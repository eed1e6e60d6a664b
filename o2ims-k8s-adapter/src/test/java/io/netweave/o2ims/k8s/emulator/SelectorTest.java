package io.netweave.o2ims.k8s.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SelectorTest {
  private static ObjectNode object(String name, String zone) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode meta = o.putObject("metadata").put("name", name);
    if (zone != null) {
      meta.putObject("labels").put("zone", zone);
    }
    return o;
  }

  @Test
  void labelOperatorsBehaveAsKubernetesDefinesThem() {
    ObjectNode a = object("x", "a");
    ObjectNode none = object("y", null);
    assertThat(Selector.parse("zone==a", "").matches(a)).isTrue();
    assertThat(Selector.parse("zone!=a", "").matches(none)).isTrue();
    assertThat(Selector.parse("zone in (a,b)", "").matches(a)).isTrue();
    assertThat(Selector.parse("zone notin (a)", "").matches(none)).isTrue();
    assertThat(Selector.parse("zone", "").matches(none)).isFalse();
    assertThat(Selector.parse("!zone", "").matches(none)).isTrue();
  }

  @Test
  void fieldSelectorsReadDottedPathsAndTreatAbsentUnschedulableAsFalse() {
    ObjectNode a = object("x", "a");
    assertThat(Selector.parse("", "metadata.name=x,spec.unschedulable=false").matches(a)).isTrue();
    assertThat(Selector.parse("", "metadata.name!=x").matches(a)).isFalse();
  }

  @Test
  void malformedSelectorsAreRejected() {
    assertThatThrownBy(() -> Selector.parse("zone in a", "")).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Selector.parse("", "metadata.name")).isInstanceOf(ApiError.class);
  }
}
