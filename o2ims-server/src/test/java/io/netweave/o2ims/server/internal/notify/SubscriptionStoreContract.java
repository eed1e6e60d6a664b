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

  protected static StoredSubscription owned(String owner, String callback) {
    return new StoredSubscription(
        subscription(callback, callback).subscription(),
        owner,
        callback,
        Instant.ofEpochMilli(1_700_000_000_000L));
  }

  @Test
  void aDuplicateIsJudgedBeforeTheQuota() {
    StoredSubscription first = owned(OwnerKeys.ANONYMOUS, "https://a.example/held");
    assertThat(store.create(first, 1))
        .isEqualTo(new SubscriptionStore.CreateOutcome.Created(first));
    long revision = store.revision();
    assertThat(store.create(owned(OwnerKeys.ANONYMOUS, "https://a.example/held"), 1))
        .isEqualTo(new SubscriptionStore.CreateOutcome.Duplicate(first));
    assertThat(store.create(owned(OwnerKeys.ANONYMOUS, "https://a.example/new"), 1))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(1));
    assertThat(store.list()).containsExactly(first);
    assertThat(store.revision()).isEqualTo(revision);
  }

  @Test
  void anOwnerPastItsLimitIsRefusedAndOnlyItsOwnSubscriptionsCount() {
    String alice = OwnerKeys.token("https://idp.example", "alice");
    String bob = OwnerKeys.token("https://idp.example", "bob");
    StoredSubscription a1 = owned(alice, "https://a.example/1");
    store.create(a1, 2);
    store.create(owned(alice, "https://a.example/2"), 2);
    assertThat(store.create(owned(alice, "https://a.example/3"), 2))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(2));
    assertThat(store.create(owned(bob, "https://b.example/1"), 2))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    assertThat(store.create(owned(OwnerKeys.certificate("CN=alice"), "https://c.example/1"), 1))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    // a higher limit (a changed subscriptions.max_per_subject) counts the same subscriptions
    assertThat(store.create(owned(alice, "https://a.example/3"), 3))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    assertThat(store.create(owned(alice, "https://a.example/4"), 3))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(3));
    store.delete(a1.subscription().subscriptionId());
    assertThat(store.create(owned(alice, "https://a.example/4"), 3))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    assertThat(store.list()).hasSize(5);
  }

  @Test
  void aRecordWithABareOwnerCountsForThePrincipalItBelongsTo() {
    // stored by an earlier release: "alice" is the token's with that sub, "CN=smo,O=op" the
    // certificate's (OwnerKeys)
    store.create(owned(OwnerKeys.legacy("alice"), "https://a.example/old"));
    store.create(owned(OwnerKeys.legacy("CN=smo,O=op"), "https://c.example/old"));
    String alice = OwnerKeys.token("https://idp.example", "alice");
    assertThat(store.create(owned(alice, "https://a.example/1"), 2))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    assertThat(store.create(owned(alice, "https://a.example/2"), 2))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(2));
    String certificate = OwnerKeys.certificate("CN=smo,O=op");
    assertThat(store.create(owned(certificate, "https://c.example/1"), 1))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(1));
    // a token whose sub is that DN does not hold the certificate's record
    assertThat(
            store.create(
                owned(OwnerKeys.token("https://idp.example", "CN=smo,O=op"), "https://t.example/1"),
                1))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
  }

  @Test
  void concurrentCreatesOfOneOwnerNeverStoreMoreThanItsLimit() throws Exception {
    int limit = 3;
    List<SubscriptionStore.CreateOutcome> outcomes =
        concurrently(
            40, i -> store.create(owned(OwnerKeys.ANONYMOUS, "https://a.example/" + i), limit));
    assertThat(outcomes)
        .filteredOn(SubscriptionStore.CreateOutcome.Created.class::isInstance)
        .hasSize(limit);
    assertThat(outcomes)
        .filteredOn(o -> !(o instanceof SubscriptionStore.CreateOutcome.Created))
        .containsOnly(new SubscriptionStore.CreateOutcome.QuotaUsedUp(limit));
    assertThat(store.list()).hasSize(limit);
  }

  /** Runs {@code n} calls at once on 8 threads and returns their results in call order. */
  protected static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> call)
      throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.apply(index);
                }));
      }
      go.countDown();
      List<T> results = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
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
