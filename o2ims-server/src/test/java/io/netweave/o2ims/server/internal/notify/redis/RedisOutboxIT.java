package io.netweave.o2ims.server.internal.notify.redis;

import io.netweave.o2ims.server.internal.notify.NotificationOutboxContract;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox contract on a real Redis; reopening uses a new connection. */
class RedisOutboxIT extends NotificationOutboxContract {
  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  @Override
  protected NotificationOutbox open() {
    redisServer.get().flushAll();
    return new RedisOutbox(redisServer.get().commands(), "it:notify:");
  }

  @Override
  protected NotificationOutbox reopen(NotificationOutbox old) {
    old.close();
    return new RedisOutbox(redisServer.get().commands(), "it:notify:");
  }
}
