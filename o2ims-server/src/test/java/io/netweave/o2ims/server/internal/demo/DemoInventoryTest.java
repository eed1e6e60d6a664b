package io.netweave.o2ims.server.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.spi.InventoryChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DemoInventoryTest {
  static final UUID OCLOUD = UUID.fromString("262c8f17-52b5-4614-9e56-812ae21fa8a7");

  static DemoInventorySource source() {
    return new DemoInventorySource(new DemoInventory(OCLOUD, OCLOUD, "demo", "http://x", 3, 4), 50);
  }

  @Test
  void nameBasedIdsAreRfcVersion5Uuids() {
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(io.netweave.o2ims.model.NameBasedUuid.v5(dns, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    assertThat(io.netweave.o2ims.model.NameBasedUuid.v5(OCLOUD, "node/a").version()).isEqualTo(5);
  }

  @Test
  void theGeneratedInventoryIsDeterministicAndSizedAsConfigured() {
    var a = source().snapshot();
    var b = source().snapshot();
    assertThat(a.resources().keySet()).isEqualTo(b.resources().keySet());
    assertThat(a.resourcePools()).hasSize(3);
    assertThat(a.resourceTypes()).hasSize(4);
    assertThat(a.resources()).hasSize(50);
    assertThat(a.deploymentManagers()).hasSize(1);
    assertThat(source().readiness().ready()).isTrue();
  }

  @Test
  void adminChangesPublishCreateModifyAndDeleteEvents() {
    DemoInventorySource source = source();
    List<InventoryChange> seen = new ArrayList<>();
    source.addListener((snapshot, changes) -> seen.addAll(changes));
    var added =
        source.addResource(
            new DemoInventorySource.NodeSpec(
                Optional.of("n1"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of()));
    source.modifyResource(
        added.resourceId(),
        new DemoInventorySource.NodeSpec(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(false),
            Optional.empty(),
            Map.of()));
    source.removeResource(added.resourceId());
    List<String> resourceEvents =
        seen.stream()
            .filter(c -> c.objectType() == ObjectType.RESOURCE)
            .map(c -> c.eventType().name())
            .toList();
    assertThat(resourceEvents).containsExactly("CREATE", "MODIFY", "DELETE");
    assertThat(seen)
        .anySatisfy(
            c -> {
              assertThat(c.objectType()).isEqualTo(ObjectType.DEPLOYMENT_MANAGER);
              assertThat(c.eventType()).isEqualTo(NotificationEventType.MODIFY);
            });
    assertThat(source.snapshot().revision()).isEqualTo(4);
    assertThat(source.snapshot().resources()).hasSize(50);
  }
}
