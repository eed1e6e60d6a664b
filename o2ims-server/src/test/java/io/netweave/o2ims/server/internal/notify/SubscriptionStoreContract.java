package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import io.netweave.o2ims.server.spi.SubscriptionStore.CreateOutcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link SubscriptionStore} passes (one suite, every backend). */
public abstract class SubscriptionStoreContract {
  protected SubscriptionStore store;

  /** A fresh, empty store. */
  protected abstract SubscriptionStore open();

  /** The same storage opened again, as after a restart. */
  protected abstract SubscriptionStore reopen(SubscriptionStore old);

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static StoredSubscription sub(String callback, String dedupKey) {
    return new StoredSubscription(
        new Subscription(
            UUID.randomUUID(),
            Optional.of(UUID.randomUUID()),
            Optional.of("(eq,objectType,Resource)"),
            callback),
        "alice",
        dedupKey,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void createdSubscriptionReadsBackEqual() {
    StoredSubscription s = sub("https://smo.example/cb", "k1");
    assertThat(store.create(s)).isEqualTo(new CreateOutcome.Created(s));
    assertThat(store.get(s.subscription().subscriptionId())).contains(s);
  }

  @Test
  void sameDedupKeyIsADuplicateNamingTheExistingOne() {
    StoredSubscription first = sub("https://smo.example/cb", "k1");
    store.create(first);
    StoredSubscription second = sub("https://smo.example/cb", "k1");
    assertThat(store.create(second)).isEqualTo(new CreateOutcome.Duplicate(first));
    assertThat(store.get(second.subscription().subscriptionId())).isEmpty();
  }

  @Test
  void listIsInSubscriptionIdOrder() {
    List<StoredSubscription> subs =
        List.of(sub("https://a/1", "1"), sub("https://a/2", "2"), sub("https://a/3", "3"));
    subs.forEach(store::create);
    assertThat(store.list())
        .containsExactlyElementsOf(
            subs.stream()
                .sorted(Comparator.comparing(s -> s.subscription().subscriptionId().toString()))
                .toList());
  }

  @Test
  void deleteRemovesAndFreesTheDedupKey() {
    StoredSubscription s = sub("https://smo.example/cb", "k1");
    store.create(s);
    assertThat(store.delete(s.subscription().subscriptionId())).isTrue();
    assertThat(store.delete(s.subscription().subscriptionId())).isFalse();
    assertThat(store.get(s.subscription().subscriptionId())).isEmpty();
    StoredSubscription again = sub("https://smo.example/cb", "k1");
    assertThat(store.create(again)).isInstanceOf(CreateOutcome.Created.class);
  }

  @Test
  void subscriptionsSurviveAReopen() {
    StoredSubscription s = sub("https://smo.example/cb", "k1");
    store.create(s);
    store = reopen(store);
    assertThat(store.list()).containsExactly(s);
  }
}
