package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {
  private final ObjectMapper mapper = O2Json.newMapper();
  private final SubscriptionIndex index = new SubscriptionIndex();

  private ObjectChange poolChange(String name, NotificationEventType type) {
    ObjectNode state = mapper.valueToTree(TestInventory.pool(UUID.randomUUID(), name));
    return new ObjectChange(
        ObjectType.RESOURCE_POOL,
        UUID.randomUUID(),
        type,
        type == NotificationEventType.CREATE ? Optional.empty() : Optional.of(state),
        type == NotificationEventType.DELETE ? Optional.empty() : Optional.of(state),
        1);
  }

  @Test
  void onlySubscriptionsThatCanSelectTheTypeAreEvaluated() {
    StoredSubscription resources =
        Engines.subscription("https://a/r", "(eq,objectType,Resource)", null);
    StoredSubscription poolA = Engines.subscription("https://a/p", "(eq,name,pool-a)", null);
    StoredSubscription creates =
        Engines.subscription("https://a/c", "(eq,notificationEventType,0)", null);
    StoredSubscription all = Engines.subscription("https://a/all", null, null);
    index.refresh(List.of(resources, poolA, creates, all));

    assertThat(index.matching(poolChange("pool-a", NotificationEventType.CREATE)))
        .extracting(e -> e.subscription().callback())
        .containsExactlyInAnyOrder("https://a/p", "https://a/c", "https://a/all");
    assertThat(index.matching(poolChange("pool-b", NotificationEventType.DELETE)))
        .extracting(e -> e.subscription().callback())
        .containsExactly("https://a/all");
  }

  @Test
  void equalityKeyedFiltersMatchExactlyAsTheFilterDoes() {
    UUID poolId = UUID.randomUUID();
    StoredSubscription byUpperUuid =
        Engines.subscription(
            "https://a/u", "(eq,resourcePoolId," + poolId.toString().toUpperCase() + ")", null);
    StoredSubscription byNode =
        Engines.subscription(
            "https://a/n", "(eq,extensions/nodeName,n1);(eq,objectType,Resource)", null);
    StoredSubscription byReady =
        Engines.subscription("https://a/r", "(eq,extensions/ready,true)", null);
    StoredSubscription byOtherNode =
        Engines.subscription("https://a/o", "(eq,extensions/nodeName,n2)", null);
    StoredSubscription byAbsent =
        Engines.subscription("https://a/x", "(eq,extensions/zone,z1)", null);
    index.refresh(List.of(byUpperUuid, byNode, byReady, byOtherNode, byAbsent));
    ObjectNode state = mapper.valueToTree(TestInventory.resource(UUID.randomUUID(), poolId, "n1"));
    ObjectChange change =
        new ObjectChange(
            ObjectType.RESOURCE,
            UUID.randomUUID(),
            NotificationEventType.CREATE,
            Optional.empty(),
            Optional.of(state),
            1);
    assertThat(index.matching(change))
        .extracting(e -> e.subscription().callback())
        .containsExactlyInAnyOrder("https://a/u", "https://a/n", "https://a/r");
  }

  @Test
  void refreshKeepsParsedFiltersOfUnchangedSubscriptionsAndDropsDeletedOnes() {
    StoredSubscription poolA = Engines.subscription("https://a/p", "(eq,name,pool-a)", null);
    StoredSubscription all = Engines.subscription("https://a/all", null, null);
    index.refresh(List.of(poolA, all));
    var parsed = index.get(poolA.subscription().subscriptionId()).orElseThrow().filter();
    index.refresh(List.of(poolA));
    assertThat(index.get(poolA.subscription().subscriptionId()).orElseThrow().filter())
        .isSameAs(parsed);
    assertThat(index.get(all.subscription().subscriptionId())).isEmpty();
    assertThat(index.size()).isEqualTo(1);
  }
}
