package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.SiteLayout;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.spi.OutboxEntry;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a new v2 subscription's baseline starts, against the changes still queued behind it. */
class ViewBaselineTest {
  private final ObjectMapper mapper = O2Json.newMapper();
  private final InventoryJson json = new InventoryJson(mapper);

  /**
   * The engine runs the subscription change on the producer's thread, where the source's newest
   * snapshot may already hold changes whose own calls are queued behind it: here a pool created
   * (revision 2) and then modified (revision 3). A v2 subscriber hears both, as a v1 subscriber
   * does; the v2 view was diffed at the newest snapshot before, and the subscriber heard one
   * create, of the modified state, and no modify.
   */
  @Test
  void aNewV2SubscriptionHearsEachChangeQueuedBehindIt(@TempDir Path dir) {
    UUID poolId = UUID.fromString("11111111-2222-4333-8444-555555555555");
    ResourcePool created = TestInventory.pool(poolId, "pool-a");
    ResourcePool modified = created.toBuilder().description("changed").build();
    InventorySnapshot empty = snapshot(List.of(), 1);
    InventorySnapshot afterCreate = snapshot(List.of(created), 2);
    InventorySnapshot afterModify = snapshot(List.of(modified), 3);
    StoredSubscription v2 =
        new StoredSubscription(
            new Subscription(
                UUID.randomUUID(), Optional.empty(), Optional.empty(), "https://smo.example/cb"),
            "anonymous",
            StoredSubscription.V2_KEY_PREFIX + "https://smo.example/cb",
            Instant.now());
    SubscriptionIndex index = new SubscriptionIndex();
    try (MvStoreOutbox outbox = new MvStoreOutbox(dir)) {
      NotificationProducer producer = Engines.producer(outbox, index, mapper);
      producer.activate(empty);
      index.refresh(List.of(v2));
      producer.processViewsAfterSubscriptionsChanged(afterModify);
      producer.process(
          List.of(json.toChange(InventoryChange.created(created, 2), SiteLayout.of(afterCreate))));
      producer.processViews(afterCreate);
      producer.process(
          List.of(
              json.toChange(
                  InventoryChange.modified(created, modified, 3), SiteLayout.of(afterModify))));
      producer.processViews(afterModify);

      List<Integer> poolEvents =
          outbox.heads(v2.subscription().subscriptionId(), 100).stream()
              .map(this::body)
              .filter(b -> b.path("objectRef").asText().endsWith("/resourcePools/" + poolId))
              .map(b -> b.path("notificationEventType").asInt())
              .toList();
      assertThat(poolEvents).containsExactly(0, 1);
    }
  }

  private JsonNode body(OutboxEntry entry) {
    try {
      return mapper.readTree(entry.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InventorySnapshot snapshot(List<ResourcePool> pools, long revision) {
    return InventorySnapshot.of(
        TestInventory.oCloud("cloud"), List.of(), pools, List.of(), List.of(), revision);
  }
}
