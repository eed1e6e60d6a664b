package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.server.spi.DeadLetter;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import io.netweave.o2ims.server.spi.OutboxEntry;
import io.netweave.o2ims.server.spi.StaleProducerException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link NotificationOutbox} passes (one suite, every backend). Subclasses open
 * a fresh, empty outbox and can reopen it over the same storage.
 */
public abstract class NotificationOutboxContract {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final UUID sub = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();
  protected NotificationOutbox outbox;

  /** A fresh, empty outbox. */
  protected abstract NotificationOutbox open();

  /** The same storage opened again, as after a restart (the old instance is closed or crashed). */
  protected abstract NotificationOutbox reopen(NotificationOutbox old);

  @BeforeEach
  void openOutbox() {
    outbox = open();
  }

  @AfterEach
  void closeOutbox() {
    outbox.close();
  }

  private NewNotification note(UUID subscription, String body) {
    return new NewNotification(subscription, UUID.randomUUID(), body, T0);
  }

  private void append(long token, NewNotification... notes) {
    outbox.append(new OutboxBatch(token, List.of(notes), Map.of(), Set.of()));
  }

  @Test
  void appendQueuesPerSubscriptionInOrderWithIncreasingSequences() {
    long token = outbox.newFencingToken();
    append(token, note(sub, "a"), note(other, "x"), note(sub, "b"));
    OutboxEntry head = outbox.head(sub).orElseThrow();
    assertThat(head.body()).isEqualTo("a");
    assertThat(head.attempts()).isZero();
    assertThat(head.nextAttemptAt()).isEqualTo(T0);
    assertThat(outbox.complete(sub, head.sequence())).isTrue();
    OutboxEntry next = outbox.head(sub).orElseThrow();
    assertThat(next.body()).isEqualTo("b");
    assertThat(next.sequence()).isGreaterThan(head.sequence());
    assertThat(outbox.head(other).orElseThrow().body()).isEqualTo("x");
    assertThat(outbox.depths()).isEqualTo(Map.of(sub, 1L, other, 1L));
  }

  @Test
  void headsAreTheOldestEntriesOfOneQueueInOrderUpToTheLimit() {
    long token = outbox.newFencingToken();
    append(token, note(sub, "a"), note(other, "x"), note(sub, "b"), note(sub, "c"));
    assertThat(outbox.heads(sub, 2)).extracting(OutboxEntry::body).containsExactly("a", "b");
    assertThat(outbox.heads(sub, 10)).extracting(OutboxEntry::body).containsExactly("a", "b", "c");
    assertThat(outbox.heads(other, 10)).extracting(OutboxEntry::body).containsExactly("x");
    assertThat(outbox.heads(UUID.randomUUID(), 10)).isEmpty();
    List<OutboxEntry> heads = outbox.heads(sub, 10);
    assertThat(heads.get(0)).isEqualTo(outbox.head(sub).orElseThrow());
    assertThat(heads.get(1).sequence()).isGreaterThan(heads.get(0).sequence());
  }

  @Test
  void completingSeveralEntriesAtOnceRemovesThemAndCountsThoseThatWereQueued() {
    long token = outbox.newFencingToken();
    append(token, note(sub, "a"), note(sub, "b"), note(sub, "c"), note(other, "x"));
    List<OutboxEntry> heads = outbox.heads(sub, 2);
    List<Long> sequences = List.of(heads.get(0).sequence(), heads.get(1).sequence());
    assertThat(outbox.complete(sub, sequences)).isEqualTo(2);
    assertThat(outbox.complete(sub, sequences)).isZero();
    assertThat(outbox.head(sub).orElseThrow().body()).isEqualTo("c");
    assertThat(outbox.depths()).isEqualTo(Map.of(sub, 1L, other, 1L));
    outbox = reopen(outbox);
    assertThat(outbox.heads(sub, 10)).extracting(OutboxEntry::body).containsExactly("c");
    assertThat(outbox.depths()).isEqualTo(Map.of(sub, 1L, other, 1L));
  }

  @Test
  void completeIsIdempotentAndEmptiesTheQueue() {
    append(outbox.newFencingToken(), note(sub, "a"));
    long seq = outbox.head(sub).orElseThrow().sequence();
    assertThat(outbox.complete(sub, seq)).isTrue();
    assertThat(outbox.complete(sub, seq)).isFalse();
    assertThat(outbox.head(sub)).isEmpty();
    assertThat(outbox.depths()).isEmpty();
  }

  @Test
  void updateKeepsTheEntryAtTheHeadWithNewDeliveryState() {
    append(outbox.newFencingToken(), note(sub, "a"), note(sub, "b"));
    OutboxEntry head = outbox.head(sub).orElseThrow();
    assertThat(outbox.update(head.retried(T0.plusSeconds(5)))).isTrue();
    OutboxEntry again = outbox.head(sub).orElseThrow();
    assertThat(again.body()).isEqualTo("a");
    assertThat(again.attempts()).isEqualTo(1);
    assertThat(again.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(again.notificationId()).isEqualTo(head.notificationId());
    outbox.complete(sub, head.sequence());
    assertThat(outbox.update(head.retried(T0))).isFalse();
  }

  @Test
  void deadLetterLeavesTheQueueAndReplayPutsItBackAtTheTail() {
    append(outbox.newFencingToken(), note(sub, "a"), note(sub, "b"));
    OutboxEntry head = outbox.head(sub).orElseThrow();
    assertThat(outbox.deadLetter(head.retried(T0), "HTTP 500", T0.plusSeconds(1))).isTrue();
    assertThat(outbox.head(sub).orElseThrow().body()).isEqualTo("b");
    List<DeadLetter> dead = outbox.deadLetters();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).id()).isEqualTo(DeadLetter.idOf(sub, head.notificationId()));
    assertThat(dead.get(0).reason()).isEqualTo("HTTP 500");
    assertThat(dead.get(0).deadAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(dead.get(0).entry().attempts()).isEqualTo(1);
    assertThat(dead.get(0).entry().body()).isEqualTo("a");

    assertThat(outbox.replay(dead.get(0).id(), T0.plusSeconds(2))).isTrue();
    assertThat(outbox.replay(dead.get(0).id(), T0.plusSeconds(2))).isFalse();
    assertThat(outbox.deadLetters()).isEmpty();
    outbox.complete(sub, outbox.head(sub).orElseThrow().sequence());
    OutboxEntry replayed = outbox.head(sub).orElseThrow();
    assertThat(replayed.body()).isEqualTo("a");
    assertThat(replayed.notificationId()).isEqualTo(head.notificationId());
    assertThat(replayed.attempts()).isZero();
    assertThat(replayed.nextAttemptAt()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void writesWithAnOlderFencingTokenAreRefused() {
    long old = outbox.newFencingToken();
    long newer = outbox.newFencingToken();
    assertThat(newer).isGreaterThan(old);
    assertThatThrownBy(() -> append(old, note(sub, "late")))
        .isInstanceOf(StaleProducerException.class);
    assertThatThrownBy(() -> outbox.initializeBaseline(old, Map.of()))
        .isInstanceOf(StaleProducerException.class);
    assertThat(outbox.head(sub)).isEmpty();
    append(newer, note(sub, "ok"));
    assertThat(outbox.head(sub)).isPresent();
  }

  @Test
  void baselineChangesWithTheNotificationsOfTheSameBatch() {
    long token = outbox.newFencingToken();
    assertThat(outbox.baselineInitialized()).isFalse();
    outbox.initializeBaseline(token, Map.of("ResourcePool/1", "{}", "ResourcePool/2", "{}"));
    assertThat(outbox.baselineInitialized()).isTrue();
    outbox.append(
        new OutboxBatch(
            token,
            List.of(note(sub, "a")),
            Map.of("ResourcePool/1", "{\"v\":2}", "Resource/3", "{}"),
            Set.of("ResourcePool/2")));
    assertThat(outbox.baseline())
        .isEqualTo(Map.of("ResourcePool/1", "{\"v\":2}", "Resource/3", "{}"));
    assertThat(outbox.head(sub)).isPresent();
  }

  @Test
  void purgeDropsTheQueueAndTheDeadLettersOfOneSubscription() {
    append(outbox.newFencingToken(), note(sub, "a"), note(sub, "b"), note(other, "x"));
    OutboxEntry head = outbox.head(sub).orElseThrow();
    outbox.deadLetter(head, "HTTP 500", T0);
    outbox.purge(sub);
    assertThat(outbox.head(sub)).isEmpty();
    assertThat(outbox.deadLetters()).isEmpty();
    assertThat(outbox.depths()).isEqualTo(Map.of(other, 1L));
  }

  @Test
  void everythingSurvivesAReopen() {
    long token = outbox.newFencingToken();
    outbox.initializeBaseline(token, Map.of("OCloud/1", "{}"));
    append(token, note(sub, "a"), note(sub, "b"));
    OutboxEntry head = outbox.head(sub).orElseThrow();
    outbox.deadLetter(head, "HTTP 500", T0);
    outbox = reopen(outbox);
    assertThat(outbox.head(sub).orElseThrow().body()).isEqualTo("b");
    assertThat(outbox.deadLetters()).hasSize(1);
    assertThat(outbox.baseline()).containsKey("OCloud/1");
    assertThat(outbox.baselineInitialized()).isTrue();
    assertThat(outbox.depths()).isEqualTo(Map.of(sub, 1L));
    assertThat(outbox.newFencingToken()).isGreaterThan(token);
    append(outbox.newFencingToken(), note(sub, "c"));
    outbox.complete(sub, outbox.head(sub).orElseThrow().sequence());
    assertThat(outbox.head(sub).orElseThrow().body()).isEqualTo("c");
  }
}
