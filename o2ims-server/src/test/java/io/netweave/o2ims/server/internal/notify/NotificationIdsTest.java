package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.spi.OutboxEntry;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationIdsTest {
  private final UUID object = UUID.fromString("11111111-2222-4333-8444-555555555555");
  private final ObjectMapper mapper = O2Json.newMapper();
  private final InventoryJson json = new InventoryJson(mapper);

  private ObjectChange change(long revision) {
    return new ObjectChange(
        ObjectType.RESOURCE,
        object,
        NotificationEventType.DELETE,
        Optional.empty(),
        Optional.empty(),
        revision);
  }

  @Test
  void idsAreVersion5AndTheSameForTheSameChangeWhoeverComputesThem() {
    UUID one = NotificationIds.of(change(7), 1, "{\"a\":1}", "null");
    UUID two = NotificationIds.of(change(7), 1, "{\"a\":1}", "null");
    assertThat(one).isEqualTo(two);
    assertThat(one.version()).isEqualTo(5);
    assertThat(one.variant()).isEqualTo(2);
  }

  @Test
  void differentTermsRevisionsOrStatesGiveDifferentIds() {
    UUID base = NotificationIds.of(change(7), 1, "{\"a\":1}", "null");
    assertThat(NotificationIds.of(change(7), 2, "{\"a\":1}", "null")).isNotEqualTo(base);
    assertThat(NotificationIds.of(change(8), 1, "{\"a\":1}", "null")).isNotEqualTo(base);
    assertThat(NotificationIds.of(change(7), 1, "{\"a\":2}", "null")).isNotEqualTo(base);
  }

  @Test
  void version5MatchesTheRfcExample() {
    // RFC 9562 appendix A.4: DNS namespace, name "www.example.com".
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(NotificationIds.v5(dns, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
  }

  @Test
  void theCanonicalTextSortsMembersAtEveryDepthAndKeepsArrayOrder() {
    assertThat(json.canonical("{\"b\":{\"y\":1,\"x\":[3,1,{\"q\":true,\"p\":null}]},\"a\":\"s\"}"))
        .isEqualTo("{\"a\":\"s\",\"b\":{\"x\":[3,1,{\"p\":null,\"q\":true}],\"y\":1}}");
    assertThat(json.canonical(null)).isEqualTo("null");
  }

  /**
   * The same state serialized from maps that iterate in other orders (a {@code Map.of} does so from
   * one JVM to the next) has one canonical text, so one id.
   */
  @Test
  void oneStateWhoseMapsIterateInAnotherOrderGetsOneId() {
    String ab = json.text(json.v1(pool("a", "b", "c"), null));
    String cb = json.text(json.v1(pool("c", "b", "a"), null));
    assertThat(ab).isNotEqualTo(cb);
    ObjectChange modify = modifyOf(7);
    assertThat(NotificationIds.of(modify, 1, json.canonical(ab), json.canonical("{}")))
        .isEqualTo(NotificationIds.of(modify, 1, json.canonical(cb), json.canonical("{}")));
  }

  /**
   * Two producers with one stored baseline in the same term (the same fencing token: here each
   * store's first) that produce the same change at the same revision, the post state's map
   * iterating in another order in each, store it under one {@code notificationId}, while the bodies
   * they store list the members in their own orders.
   */
  @Test
  void twoProducersWhoseMapsIterateInOtherOrdersGiveOneChangeOneId(
      @TempDir Path first, @TempDir Path second) {
    OutboxEntry a = produce(first, pool("a", "b", "c"));
    OutboxEntry b = produce(second, pool("c", "b", "a"));
    assertThat(a.body()).isNotEqualTo(b.body());
    assertThat(a.notificationId()).isEqualTo(b.notificationId());
  }

  /**
   * A restarted process counts its revisions from the start again, so its changes can meet the
   * revisions, and the states, of changes the process before it sent: here the pool is changed to
   * "after" at revision 2, the process restarts with the pool back at "before" (a demo O-Cloud
   * generated anew, a node whose condition went back), and the same change to "after" comes again
   * at revision 2. That is a second change, and an SMO keeping the ids it acted on must not drop it
   * as a redelivery of the first: three notifications, three ids.
   */
  @Test
  void aChangeAfterARestartNeverTakesTheIdOfAChangeBeforeIt(@TempDir Path dir) {
    StoredSubscription sub = Engines.subscription("https://smo.example/cb", null, null);
    ResourcePool before = TestInventory.pool(object, "before");
    ResourcePool after = TestInventory.pool(object, "after");
    for (int process = 0; process < 2; process++) {
      SubscriptionIndex index = new SubscriptionIndex();
      index.refresh(List.of(sub));
      try (MvStoreOutbox outbox = new MvStoreOutbox(dir)) {
        NotificationProducer producer = Engines.producer(outbox, index, mapper);
        producer.activate(snapshot(before, 1));
        producer.process(
            List.of(
                json.toChange(
                    InventoryChange.modified(before, after, 2),
                    io.netweave.o2ims.model.SiteLayout.of(snapshot(after, 2)))));
        if (process == 1) {
          List<OutboxEntry> sent = outbox.heads(sub.subscription().subscriptionId(), 10);
          assertThat(sent).hasSize(3);
          assertThat(sent.stream().map(OutboxEntry::notificationId).distinct()).hasSize(3);
        }
      }
    }
  }

  private OutboxEntry produce(Path dir, ResourcePool post) {
    StoredSubscription sub = Engines.subscription("https://smo.example/cb", null, null);
    SubscriptionIndex index = new SubscriptionIndex();
    index.refresh(List.of(sub));
    try (MvStoreOutbox outbox = new MvStoreOutbox(dir)) {
      NotificationProducer producer = Engines.producer(outbox, index, mapper);
      ResourcePool before = TestInventory.pool(object, "before");
      producer.activate(snapshot(before, 1));
      InventorySnapshot after = snapshot(post, 2);
      producer.process(
          List.of(
              json.toChange(
                  InventoryChange.modified(before, post, 2),
                  io.netweave.o2ims.model.SiteLayout.of(after))));
      List<OutboxEntry> heads = outbox.heads(sub.subscription().subscriptionId(), 10);
      assertThat(heads).hasSize(1);
      return heads.get(0);
    }
  }

  private static InventorySnapshot snapshot(ResourcePool pool, long revision) {
    return InventorySnapshot.of(
        TestInventory.oCloud("cloud"), List.of(), List.of(pool), List.of(), List.of(), revision);
  }

  private ResourcePool pool(String... keys) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (String k : keys) {
      extensions.put(k, k.toUpperCase(java.util.Locale.ROOT));
    }
    return TestInventory.pool(object, "after").toBuilder().extensions(extensions).build();
  }

  private ObjectChange modifyOf(long revision) {
    return new ObjectChange(
        ObjectType.RESOURCE_POOL,
        object,
        NotificationEventType.MODIFY,
        Optional.empty(),
        Optional.empty(),
        revision);
  }
}
