package io.netweave.o2ims.server.internal.notify.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.notify.NotificationOutboxContract;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox contract on the embedded MVStore file, plus what survives a crash. */
class MvStoreOutboxTest extends NotificationOutboxContract {
  @TempDir Path dataDir;

  @Override
  protected NotificationOutbox open() {
    return new MvStoreOutbox(dataDir);
  }

  @Override
  protected NotificationOutbox reopen(NotificationOutbox old) {
    old.close();
    return new MvStoreOutbox(dataDir);
  }

  @Test
  void appendedNotificationsAndTheBaselineSurviveACrashWithoutClose() {
    UUID sub = UUID.randomUUID();
    long token = outbox.newFencingToken();
    outbox.append(
        new OutboxBatch(
            token,
            List.of(new NewNotification(sub, UUID.randomUUID(), "a", Instant.EPOCH)),
            Map.of("Resource/1", "{}"),
            Set.of()));
    ((MvStoreOutbox) outbox).halt();
    outbox = new MvStoreOutbox(dataDir);
    assertThat(outbox.head(sub).orElseThrow().body()).isEqualTo("a");
    assertThat(outbox.baseline()).containsKey("Resource/1");
    assertThat(outbox.newFencingToken()).isGreaterThan(token);
  }
}
