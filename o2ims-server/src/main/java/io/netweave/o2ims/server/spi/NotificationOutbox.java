package io.netweave.o2ims.server.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable, ordered queues of notifications, one per subscription, with a dead-letter list and the
 * notified baseline. Thread-safe. {@link #newFencingToken}, {@link #append}, {@link
 * #initializeBaseline}, {@link #replay} and {@link #purge} are durable when they return (they
 * survive a kill -9 right after). Delivery outcomes ({@link #complete}, {@link #update}, {@link
 * #deadLetter}) may be lost in a crash shortly after they return: the entry then comes back as it
 * was and is delivered again, which at-least-once delivery allows. Created and closed by the
 * composition root; implementations: the embedded MVStore file (one replica) and Redis (many
 * replicas).
 *
 * <p>Unchecked exceptions: {@link StaleProducerException} from {@link #append}; implementations
 * throw their storage's unchecked exceptions when the storage is unreachable.
 */
public interface NotificationOutbox extends AutoCloseable {

  /**
   * Issues a fencing token greater than every token issued before (durably). A producer takes one
   * each time it becomes the producer.
   */
  long newFencingToken();

  /**
   * Appends the notifications (each at the tail of its subscription's queue, in list order) and
   * applies the baseline update, all or nothing.
   *
   * @throws StaleProducerException if a newer fencing token than the batch's was issued
   */
  void append(OutboxBatch batch);

  /** The oldest entry of a subscription's queue. */
  Optional<OutboxEntry> head(UUID subscriptionId);

  /**
   * Up to {@code max} oldest entries of a subscription's queue, oldest first (the deliverer reads a
   * few at once to spare round trips; only the holder of the queue's lease changes them).
   */
  default List<OutboxEntry> heads(UUID subscriptionId, int max) {
    return head(subscriptionId).map(List::of).orElse(List.of());
  }

  /** Removes a delivered entry; false if it was not there (already removed elsewhere). */
  boolean complete(UUID subscriptionId, long sequence);

  /**
   * Removes delivered entries of one queue at once (outcomes committed as a group); the number that
   * were there.
   */
  default int complete(UUID subscriptionId, Collection<Long> sequences) {
    int removed = 0;
    for (long sequence : sequences) {
      if (complete(subscriptionId, sequence)) {
        removed++;
      }
    }
    return removed;
  }

  /** Replaces a queued entry's delivery state (same subscription and sequence); false if absent. */
  boolean update(OutboxEntry entry);

  /** Moves a queued entry to the dead-letter list; false if it was not queued. */
  boolean deadLetter(OutboxEntry entry, String reason, Instant deadAt);

  /** Every dead letter, oldest first. */
  List<DeadLetter> deadLetters();

  /**
   * Moves a dead letter back to the tail of its subscription's queue with fresh attempts, due at
   * {@code dueAt}; false if there is no such dead letter.
   */
  boolean replay(UUID deadLetterId, Instant dueAt);

  /** Subscriptions with queued entries and the length of each queue. */
  Map<UUID, Long> depths();

  /** Drops a subscription's queue and dead letters (the subscription is gone). */
  void purge(UUID subscriptionId);

  /** The notified baseline: object key to v1 JSON; empty if never initialised. */
  Map<String, String> baseline();

  /** Whether a baseline was ever written (an empty inventory is still a baseline). */
  boolean baselineInitialized();

  /**
   * Marks the baseline as initialised without notifying (first start).
   *
   * @throws StaleProducerException if a newer fencing token than {@code fencingToken} was issued
   */
  void initializeBaseline(long fencingToken, Map<String, String> objects);

  @Override
  void close();
}
