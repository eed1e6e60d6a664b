package io.netweave.o2ims.server.internal.notify.redis;

import io.netweave.o2ims.server.internal.notify.NotificationLeasesContract;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leases contract on a real Redis, whose own clock expires keys (the test awaits it). */
class RedisLeasesIT extends NotificationLeasesContract {
  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  @Override
  protected NotificationLeases leases() {
    redisServer.get().flushAll();
    return new RedisLeases(redisServer.get().commands(), "it:notify:");
  }

  @Override
  protected void expire(NotificationLeases leases, Duration ttl) {
    // Redis expires the keys on its own clock; the contract awaits the hand-over.
  }
}
