package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SubscriptionStore} must do; each implementation's test extends this. */
public abstract class SubscriptionStoreContract {
  protected SubscriptionStore store;

  /** A new, empty store. */
  protected abstract SubscriptionStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  protected static StoredSubscription subscription(String callback, String dedupKey) {
    return new StoredSubscription(
        new Subscription(
            UUID.randomUUID(), Optional.empty(), Optional.of("(eq,objectType,Resource)"), callback),
        "anonymous",
        dedupKey,
        Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void aCreatedSubscriptionCanBeReadBack() {
    StoredSubscription s = subscription("https://a.example/cb", "k1");
    assertThat(store.create(s)).isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    assertThat(store.get(s.subscription().subscriptionId())).contains(s);
  }

  @Test
  void everyKindOfOwnerReadsBackUnchanged() {
    for (String owner :
        List.of(
            OwnerKeys.token("https://idp.example/realms/o2", "CN=smo-1,O=operator"),
            OwnerKeys.token("https://a|b", "c|d"),
            OwnerKeys.certificate("CN=Smith\\, John,O=operator"),
            OwnerKeys.ANONYMOUS,
            OwnerKeys.legacy("alice"))) {
      StoredSubscription s =
          new StoredSubscription(
              subscription("https://a.example/" + owner.hashCode(), owner).subscription(),
              owner,
              owner,
              Instant.ofEpochMilli(1_700_000_000_000L));
      store.create(s);
      assertThat(store.get(s.subscription().subscriptionId())).as(owner).contains(s);
      assertThat(store.list()).as(owner).contains(s);
    }
  }

  @Test
  void aSecondSubscriptionWithTheSameDedupKeyIsADuplicateOfTheFirst() {
    StoredSubscription first = subscription("https://a.example/cb", "same");
    store.create(first);
    SubscriptionStore.CreateOutcome outcome =
        store.create(subscription("https://a.example/cb", "same"));
    assertThat(outcome).isEqualTo(new SubscriptionStore.CreateOutcome.Duplicate(first));
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void findDuplicateFindsTheHolderOfADedupKeyAndStoresNothing() {
    StoredSubscription first = subscription("https://a.example/cb", "held");
    store.create(first);
    long revision = store.revision();
    assertThat(store.findDuplicate("held")).contains(first);
    assertThat(store.findDuplicate("free")).isEmpty();
    assertThat(store.list()).containsExactly(first);
    assertThat(store.revision()).isEqualTo(revision);
    store.delete(first.subscription().subscriptionId());
    assertThat(store.findDuplicate("held")).isEmpty();
  }

  @Test
  void theRevisionMovesWithEveryCreateAndDeleteButNotWithARefusedDuplicate() {
    long before = store.revision();
    StoredSubscription s = subscription("https://a.example/cb", "rev");
    store.create(s);
    long created = store.revision();
    assertThat(created).isGreaterThan(before);
    store.create(subscription("https://a.example/cb", "rev"));
    assertThat(store.revision()).isEqualTo(created);
    store.delete(s.subscription().subscriptionId());
    assertThat(store.revision()).isGreaterThan(created);
  }

  @Test
  void listIsInSubscriptionIdOrder() {
    for (int i = 0; i < 10; i++) {
      store.create(subscription("https://a.example/" + i, "k" + i));
    }
    List<String> ids =
        store.list().stream().map(s -> s.subscription().subscriptionId().toString()).toList();
    assertThat(ids).hasSize(10).isSorted();
  }

  @Test
  void deleteRemovesAndFreesTheDedupKey() {
    StoredSubscription s = subscription("https://a.example/cb", "k");
    store.create(s);
    assertThat(store.delete(s.subscription().subscriptionId())).isTrue();
    assertThat(store.delete(s.subscription().subscriptionId())).isFalse();
    assertThat(store.get(s.subscription().subscriptionId())).isEmpty();
    assertThat(store.create(subscription("https://a.example/cb", "k")))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
  }
}
