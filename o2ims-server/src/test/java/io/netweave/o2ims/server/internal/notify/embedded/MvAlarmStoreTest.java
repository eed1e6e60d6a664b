package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.notify.AlarmStoreContract;
import io.netweave.o2ims.server.spi.AlarmStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The alarm store contract on the embedded MVStore file. */
class MvAlarmStoreTest extends AlarmStoreContract {
  @TempDir Path dir;

  @Override
  protected AlarmStore newStore() {
    return new MvAlarmStore(dir);
  }

  @Override
  protected AlarmStore reopen() {
    return new MvAlarmStore(dir);
  }
}
