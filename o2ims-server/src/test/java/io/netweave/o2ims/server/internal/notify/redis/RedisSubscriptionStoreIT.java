package io.netweave.o2ims.server.internal.notify.redis;

import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.internal.notify.SubscriptionStoreContract;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The subscription store contract on a real Redis. */
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
  protected SubscriptionStore open() {
    redis.flushAll();
    return new RedisSubscriptionStore(redis.commands(), "it:");
  }

  @Override
  protected SubscriptionStore reopen(SubscriptionStore old) {
    old.close();
    return new RedisSubscriptionStore(redis.commands(), "it:");
  }
}
