package io.netweave.o2ims.server.internal.notify.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.notify.SubscriptionStoreContract;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvSubscriptionStoreTest extends SubscriptionStoreContract {
  @TempDir Path dir;

  @Override
  protected SubscriptionStore newStore() {
    return new MvSubscriptionStore(dir, O2Json.newMapper());
  }

  @Test
  void subscriptionsSurviveReopeningTheDataDirectory() {
    StoredSubscription s = subscription("https://a.example/cb", "persisted");
    store.create(s);
    store.close();
    store = newStore();
    assertThat(store.get(s.subscription().subscriptionId())).contains(s);
    assertThat(store.create(subscription("https://a.example/cb", "persisted")))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Duplicate.class);
  }
}
