package io.netweave.o2ims.server.internal.notify.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.internal.notify.SubscriptionStoreContract;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one subscription store contract, on a real Redis shared by two "replicas". */
class RedisSubscriptionStoreIT extends SubscriptionStoreContract {
  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  @Override
  protected SubscriptionStore newStore() {
    redisServer.get().flushAll();
    return new RedisSubscriptionStore(redisServer.get().commands(), "it:");
  }

  @Test
  void anotherReplicaSeesSubscriptionsAndTheirDedupKeys() {
    StoredSubscription s = subscription("https://a.example/cb", "shared");
    store.create(s);
    SubscriptionStore other = new RedisSubscriptionStore(redisServer.get().commands(), "it:");
    assertThat(other.list()).containsExactly(s);
    assertThat(other.create(subscription("https://a.example/cb", "shared")))
        .isEqualTo(new SubscriptionStore.CreateOutcome.Duplicate(s));
  }
}
