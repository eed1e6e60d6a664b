package io.netweave.o2ims.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pcollections.PSortedMap;

/** The snapshot's persistent maps: kept when given, derived by plus/minus, always in id order. */
class InventorySnapshotMapsTest {
  static final UUID OCLOUD = UUID.fromString("262c8f17-52b5-4614-9e56-812ae21fa8a7");
  static final OCloudInfo CLOUD = new OCloudInfo(OCLOUD, OCLOUD, "c", "", "http://x", Map.of());

  static Resource resource(UUID id, String description) {
    return Resource.builder()
        .resourceId(id)
        .resourceTypeId(OCLOUD)
        .resourcePoolId(OCLOUD)
        .description(description)
        .globalAssetId("")
        .build();
  }

  static InventorySnapshot snapshot(Map<UUID, Resource> resources, long revision) {
    return new InventorySnapshot(CLOUD, Map.of(), Map.of(), resources, Map.of(), revision);
  }

  @Test
  void aSnapshotKeepsAPersistentMapInIdOrderAndSortsAnyOther() {
    Map<UUID, Resource> unordered = new HashMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      unordered.put(id, resource(id, "r" + i));
    }
    InventorySnapshot first = snapshot(unordered, 1);
    List<UUID> expected = new ArrayList<>(unordered.keySet());
    expected.sort((a, b) -> a.toString().compareTo(b.toString()));
    assertThat(first.resources().keySet()).containsExactlyElementsOf(expected);
    assertThat(first.resources()).isEqualTo(unordered).isInstanceOf(PSortedMap.class);

    InventorySnapshot second = snapshot(first.resources(), 2);
    assertThat(second.resources()).isSameAs(first.resources());
    assertThat(InventorySnapshot.idMap(first.resources())).isSameAs(first.resources());

    TreeMap<UUID, Resource> sorted = new TreeMap<>(InventorySnapshot.ID_ORDER);
    sorted.putAll(unordered);
    assertThat(snapshot(sorted, 3).resources().keySet()).containsExactlyElementsOf(expected);
    assertThat(snapshot(new LinkedHashMap<>(), 4).resources()).isEmpty();
  }

  @Test
  void snapshotMapsCannotBeChanged() {
    UUID id = UUID.randomUUID();
    InventorySnapshot s = snapshot(Map.of(id, resource(id, "a")), 1);
    assertThatThrownBy(() -> s.resources().put(id, resource(id, "b")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.resources().remove(id))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.resources().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.resourceTypes().put(id, null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void changesDerivedWithPlusAndMinusEqualAFreshBuildAndLeaveTheOlderSnapshotAsItWas() {
    Random random = new Random(13);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    Map<UUID, Resource> truth = new HashMap<>();
    InventorySnapshot s = snapshot(Map.of(), 0);
    for (int step = 1; step <= 3000; step++) {
      InventorySnapshot before = s;
      Map<UUID, Resource> beforeTruth = new HashMap<>(truth);
      UUID id = ids.get(random.nextInt(ids.size()));
      PSortedMap<UUID, Resource> next = InventorySnapshot.idMap(s.resources());
      if (random.nextInt(3) == 0) {
        next = next.minus(id);
        truth.remove(id);
      } else {
        Resource r = resource(id, "step " + step);
        next = next.plus(id, r);
        truth.put(id, r);
      }
      s = snapshot(next, step);
      assertThat(s.resources()).isSameAs(next);
      if (step % 100 == 0) {
        assertThat(s.resources()).isEqualTo(truth);
        List<UUID> keys = new ArrayList<>(s.resources().keySet());
        assertThat(keys)
            .containsExactlyElementsOf(snapshot(new HashMap<>(truth), step).resources().keySet())
            .isSortedAccordingTo(InventorySnapshot.ID_ORDER);
        assertThat(before.resources()).as("the older snapshot").isEqualTo(beforeTruth);
      }
    }
  }
}
