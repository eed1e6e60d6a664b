package io.netweave.o2ims.server.internal.notify.redis;

import io.netweave.o2ims.server.internal.notify.NotificationLeasesContract;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The leases contract on a real Redis, whose own clock expires keys (the test awaits it). */
class RedisLeasesIT extends NotificationLeasesContract {
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
  protected NotificationLeases leases() {
    redis.flushAll();
    return new RedisLeases(redis.commands(), "it:notify:");
  }

  @Override
  protected void expire(NotificationLeases leases, Duration ttl) {
    // Redis expires the keys on its own clock; the contract awaits the hand-over.
  }
}
