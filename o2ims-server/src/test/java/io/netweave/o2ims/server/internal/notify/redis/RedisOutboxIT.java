package io.netweave.o2ims.server.internal.notify.redis;

import io.netweave.o2ims.server.internal.notify.NotificationOutboxContract;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The outbox contract on a real Redis; reopening uses a new connection. */
class RedisOutboxIT extends NotificationOutboxContract {
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
  protected NotificationOutbox open() {
    redis.flushAll();
    return new RedisOutbox(redis.commands(), "it:notify:");
  }

  @Override
  protected NotificationOutbox reopen(NotificationOutbox old) {
    old.close();
    return new RedisOutbox(redis.commands(), "it:notify:");
  }
}
