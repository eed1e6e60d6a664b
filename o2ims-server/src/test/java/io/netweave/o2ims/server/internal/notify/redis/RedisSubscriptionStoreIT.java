package io.netweave.o2ims.server.internal.notify.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.internal.store.SubscriptionStoreContract;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one subscription store contract, on a real Redis shared by two "replicas". */
class RedisSubscriptionStoreIT extends SubscriptionStoreContract {
  private static RedisServerFixture redis;

  @BeforeAll
  static void start() {
    redis = RedisServerFixture.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Override
  protected SubscriptionStore newStore() {
    redis.flushAll();
    return new RedisSubscriptionStore(redis.commands(), "it:");
  }

  @Test
  void anotherReplicaSeesSubscriptionsAndTheirDedupKeys() {
    StoredSubscription s = subscription("https://a.example/cb", "shared");
    store.create(s);
    SubscriptionStore other = new RedisSubscriptionStore(redis.commands(), "it:");
    assertThat(other.list()).containsExactly(s);
    assertThat(other.create(subscription("https://a.example/cb", "shared")))
        .isEqualTo(new SubscriptionStore.CreateOutcome.Duplicate(s));
  }
}
