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

  /**
   * A file written by the version before entries and bodies were stored as bytes: entries as one
   * line of text ({@code sub notificationId attempts next created body}, the body field being the
   * text, {@code ~text} or {@code @key} of a shared body), shared bodies as strings. Everything in
   * it is delivered, in order, and the old shared body is removed with its last entry.
   */
  @Test
  void entriesAndSharedBodiesWrittenAsTextByTheEarlierVersionSurviveTheUpgrade() {
    outbox.close();
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID n1 = UUID.randomUUID();
    UUID n2 = UUID.randomUUID();
    UUID n3 = UUID.randomUUID();
    UUID n4 = UUID.randomUUID();
    String shared = "{\"change\":\"é\"}";
    try (MVStore old =
        new MVStore.Builder().fileName(dataDir.resolve("outbox.mv.db").toString()).open()) {
      MVMap<Long, String> entries = old.openMap("entries");
      old.<Long, String>openMap("bodies").put(1L, shared);
      entries.put(1L, a + " " + n1 + " 0 1000 500 @1");
      entries.put(2L, b + " " + n2 + " 2 2000 500 @1");
      entries.put(3L, a + " " + n3 + " 0 3000 600 ~@not-a-reference");
      entries.put(4L, b + " " + n4 + " 1 4000 700 {\"own\":true}");
      old.<String, String>openMap("meta").put("lastSequence", "4");
      old.<String, String>openMap("meta").put("fence", "3");
    }
    outbox = new MvStoreOutbox(dataDir);
    assertThat(outbox.depths()).isEqualTo(Map.of(a, 2L, b, 2L));
    assertThat(outbox.heads(a, 10))
        .containsExactly(
            new OutboxEntry(
                a, 1, n1, shared, 0, Instant.ofEpochMilli(1000), Instant.ofEpochMilli(500)),
            new OutboxEntry(
                a,
                3,
                n3,
                "@not-a-reference",
                0,
                Instant.ofEpochMilli(3000),
                Instant.ofEpochMilli(600)));
    assertThat(outbox.heads(b, 10))
        .containsExactly(
            new OutboxEntry(
                b, 2, n2, shared, 2, Instant.ofEpochMilli(2000), Instant.ofEpochMilli(500)),
            new OutboxEntry(
                b,
                4,
                n4,
                "{\"own\":true}",
                1,
                Instant.ofEpochMilli(4000),
                Instant.ofEpochMilli(700)));
    // An old entry updated (a retry) is rewritten in the new form and keeps its shared body.
    OutboxEntry retried = outbox.head(b).orElseThrow().retried(Instant.ofEpochMilli(9000));
    assertThat(outbox.update(retried)).isTrue();
    long token = outbox.newFencingToken();
    assertThat(token).isGreaterThan(3);
    outbox.append(
        new OutboxBatch(
            token,
            List.of(new NewNotification(a, UUID.randomUUID(), "new", Instant.EPOCH)),
            Map.of(),
            Set.of()));
    outbox = reopen(outbox);
    assertThat(outbox.head(b).orElseThrow()).isEqualTo(retried);
    assertThat(outbox.heads(a, 10))
        .extracting(OutboxEntry::sequence, OutboxEntry::body)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, shared),
            org.assertj.core.groups.Tuple.tuple(3L, "@not-a-reference"),
            org.assertj.core.groups.Tuple.tuple(5L, "new"));
    outbox.complete(a, 1);
    assertThat(storedBodies()).isEqualTo(1);
    outbox = new MvStoreOutbox(dataDir);
    outbox.complete(b, 2);
    outbox.close();
    outbox = new MvStoreOutbox(dataDir);
    assertThat(storedBodies()).isZero();
    outbox = new MvStoreOutbox(dataDir);
    assertThat(outbox.heads(a, 10)).extracting(OutboxEntry::sequence).containsExactly(3L, 5L);
    assertThat(outbox.heads(b, 10)).extracting(OutboxEntry::sequence).containsExactly(4L);
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
