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

  private int storedBodies() {
    outbox.close();
    try (MVStore raw =
        new MVStore.Builder().fileName(dataDir.resolve("outbox.mv.db").toString()).open()) {
      return raw.<Long, String>openMap("bodies").size();
    }
  }

  @Test
  void aBodySharedByAFanOutIsStoredOnceAndRemovedWithItsLastEntry() {
    List<UUID> subs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    String body = "{\"change\":1}";
    long token = outbox.newFencingToken();
    outbox.append(
        new OutboxBatch(
            token,
            subs.stream()
                .map(sub -> new NewNotification(sub, UUID.randomUUID(), body, Instant.EPOCH))
                .toList(),
            Map.of(),
            Set.of()));
    assertThat(storedBodies()).isEqualTo(1);
    outbox = new MvStoreOutbox(dataDir);
    for (UUID sub : subs) {
      assertThat(outbox.head(sub).orElseThrow().body()).isEqualTo(body);
    }
    outbox.complete(subs.get(0), outbox.head(subs.get(0)).orElseThrow().sequence());
    outbox.complete(subs.get(1), outbox.head(subs.get(1)).orElseThrow().sequence());
    assertThat(storedBodies()).isEqualTo(1);
    outbox = new MvStoreOutbox(dataDir);
    assertThat(outbox.head(subs.get(2)).orElseThrow().body()).isEqualTo(body);
    outbox.complete(subs.get(2), outbox.head(subs.get(2)).orElseThrow().sequence());
    outbox.close();
    outbox = new MvStoreOutbox(dataDir); // the body left without entries is removed at open
    assertThat(outbox.depths()).isEmpty();
    assertThat(storedBodies()).isZero();
    outbox = new MvStoreOutbox(dataDir);
  }

  @Test
  void sharedBodiesSurviveACrashAndARetryKeepsItsBody() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    String body = "{\"change\":2}";
    long token = outbox.newFencingToken();
    outbox.append(
        new OutboxBatch(
            token,
            List.of(
                new NewNotification(a, UUID.randomUUID(), body, Instant.EPOCH),
                new NewNotification(b, UUID.randomUUID(), body, Instant.EPOCH)),
            Map.of(),
            Set.of()));
    ((MvStoreOutbox) outbox).halt();
    outbox = new MvStoreOutbox(dataDir);
    assertThat(outbox.head(a).orElseThrow().body()).isEqualTo(body);
    assertThat(outbox.head(b).orElseThrow().body()).isEqualTo(body);
    OutboxEntry head = outbox.head(a).orElseThrow();
    assertThat(outbox.update(head.retried(Instant.EPOCH.plusSeconds(5)))).isTrue();
    outbox = reopen(outbox);
    assertThat(outbox.head(a).orElseThrow().attempts()).isEqualTo(1);
    assertThat(outbox.head(a).orElseThrow().body()).isEqualTo(body);
  }

  @Test
  void bodiesThatLookLikeReferencesAreKeptAsTheyAre() {
    UUID sub = UUID.randomUUID();
    long token = outbox.newFencingToken();
    outbox.append(
        new OutboxBatch(
            token,
            List.of(
                new NewNotification(sub, UUID.randomUUID(), "@12", Instant.EPOCH),
                new NewNotification(sub, UUID.randomUUID(), "~x", Instant.EPOCH),
                new NewNotification(sub, UUID.randomUUID(), "", Instant.EPOCH)),
            Map.of(),
            Set.of()));
    outbox = reopen(outbox);
    assertThat(outbox.heads(sub, 10))
        .extracting(OutboxEntry::body)
        .containsExactly("@12", "~x", "");
  }
}
