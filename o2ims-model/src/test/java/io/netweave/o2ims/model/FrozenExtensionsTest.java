package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FrozenExtensionsTest {
  private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");

  @Test
  void frozenObjectsKeepOrderValuesAndEqualityAndRefuseChanges() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("zeta", "1");
    source.put("alpha", Map.of("k", "v"));
    source.put("ready", true);
    Map<String, Object> frozen = InventoryObject.freezeJson(source);
    assertThat(frozen.keySet()).containsExactly("zeta", "alpha", "ready");
    assertThat(frozen).isEqualTo(source).hasSameHashCodeAs(source);
    assertThat(frozen.get("alpha")).isEqualTo(Map.of("k", "v"));
    assertThat(frozen.get("missing")).isNull();
    assertThatThrownBy(() -> frozen.put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> frozen.entrySet().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
    source.put("zeta", "changed");
    assertThat(frozen.get("zeta")).isEqualTo("1");
  }

  @Test
  void aFrozenValueIsSharedByRecordsInsteadOfCopied() {
    Map<String, Object> labels = InventoryObject.freezeJson(Map.of("zone", "a"));
    assertThat(InventoryObject.freezeJson(labels)).isSameAs(labels);
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("labels", labels);
    Resource r = new Resource(A, A, A, "", "", List.of(), List.of(), List.of(), ext);
    assertThat(r.extensions().get("labels")).isSameAs(labels);
    Resource copy = r.toBuilder().description("other").build();
    assertThat(copy.extensions()).isSameAs(r.extensions());
  }

  @Test
  void snapshotIdOrderIsTheOrderOfTheIdsStrings() {
    Random random = new Random(13);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    ids.add(new UUID(-1, -1));
    ids.add(new UUID(0, 0));
    ids.add(new UUID(Long.MIN_VALUE, Long.MAX_VALUE));
    List<UUID> byString = new ArrayList<>(ids);
    byString.sort(Comparator.comparing(UUID::toString));
    List<UUID> byOrder = new ArrayList<>(ids);
    byOrder.sort(InventorySnapshot.ID_ORDER);
    assertThat(byOrder).isEqualTo(byString);
  }
}
