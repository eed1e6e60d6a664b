package io.netweave.o2ims.server.internal.notify.store;

import io.netweave.o2ims.server.internal.notify.NotificationOutboxContract;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox contract on the embedded MVStore file; reopening follows a crash (no final commit).
 */
class MvStoreOutboxTest extends NotificationOutboxContract {
  @TempDir Path dataDir;

  @Override
  protected NotificationOutbox open() {
    return new MvStoreOutbox(dataDir);
  }

  @Override
  protected NotificationOutbox reopen(NotificationOutbox old) {
    ((MvStoreOutbox) old).halt();
    return new MvStoreOutbox(dataDir);
  }
}
