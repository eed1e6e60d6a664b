package io.netweave.o2ims.server.internal.notify.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.notify.EntryCodec;
import io.netweave.o2ims.server.internal.notify.NotificationOutboxContract;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import io.netweave.o2ims.server.spi.OutboxEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
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

  @Test
  void queuesOfThePreviousFileLayoutAreMigratedInOrder() {
    outbox.close();
    UUID sub = UUID.randomUUID();
    EntryCodec codec = new EntryCodec();
    try (MVStore old =
        new MVStore.Builder().fileName(dataDir.resolve("outbox.mv.db").toString()).open()) {
      MVMap<String, String> queue = old.openMap("queue");
      for (int seq = 1; seq <= 3; seq++) {
        OutboxEntry entry =
            new OutboxEntry(
                sub, seq, UUID.randomUUID(), "body" + seq, 0, Instant.EPOCH, Instant.EPOCH);
        queue.put(sub + "/" + String.format("%019d", seq), codec.encode(entry));
      }
      old.<String, Long>openMap("sequences").put(sub.toString(), 3L);
    }
    outbox = new MvStoreOutbox(dataDir);
    assertThat(outbox.heads(sub, 10))
        .extracting(OutboxEntry::body)
        .containsExactly("body1", "body2", "body3");
    assertThat(outbox.depths()).isEqualTo(Map.of(sub, 3L));
    long token = outbox.newFencingToken();
    outbox.append(
        new OutboxBatch(
            token,
            List.of(new NewNotification(sub, UUID.randomUUID(), "body4", Instant.EPOCH)),
            Map.of(),
            Set.of()));
    assertThat(outbox.heads(sub, 10)).extracting(OutboxEntry::body).endsWith("body3", "body4");
  }
}
