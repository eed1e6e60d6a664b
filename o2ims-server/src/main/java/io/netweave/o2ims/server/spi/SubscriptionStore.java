package io.netweave.o2ims.server.spi;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable storage of inventory subscriptions. Thread-safe. A method that returns normally has made
 * its change durable: it survives a crash (kill -9) of the process right after. Created and closed
 * by the composition root.
 */
public interface SubscriptionStore extends AutoCloseable {

  /** The outcome of {@link #create}. */
  sealed interface CreateOutcome {
    /** Stored. */
    record Created(StoredSubscription stored) implements CreateOutcome {}

    /** Refused: a subscription with the same dedup key exists. */
    record Duplicate(StoredSubscription existing) implements CreateOutcome {}

    /**
     * Refused: the owner already holds {@code held} subscriptions, the limit given to {@link
     * #create(StoredSubscription, int)} or more (more only when some were stored without a limit).
     */
    record QuotaUsedUp(long held) implements CreateOutcome {}
  }

  /**
   * Stores the subscription unless one with the same {@link StoredSubscription#dedupKey()} exists;
   * the check and the write are atomic (across replicas for shared stores). No owner limit: {@link
   * #create(StoredSubscription, int)} with {@link Integer#MAX_VALUE}.
   */
  default CreateOutcome create(StoredSubscription subscription) {
    return create(subscription, Integer.MAX_VALUE);
  }

  /**
   * Stores the subscription unless one with the same {@link StoredSubscription#dedupKey()} exists
   * ({@link CreateOutcome.Duplicate}), or else its owner already holds {@code limit} subscriptions
   * ({@link CreateOutcome.QuotaUsedUp}). An owner holds the stored subscriptions that {@link
   * OwnerKeys#owns} gives it, records stored with a bare owner by an earlier release included. The
   * duplicate is judged first, so that a retried create whose answer was lost is still answered as
   * the duplicate it is when its owner's quota is used up.
   *
   * <p>The duplicate check, the count and the write are one atomic step, across replicas for shared
   * stores: concurrent creates of one owner, on any replicas, never store more than {@code limit}.
   * A {@link CreateOutcome.Duplicate} is made as durable as a {@link CreateOutcome.Created} (a
   * store that acknowledges writes on its replicas does so for the duplicate it names too).
   *
   * @param limit the most subscriptions the owner may hold
   * @throws IllegalArgumentException if {@code limit} is less than 1
   */
  CreateOutcome create(StoredSubscription subscription, int limit);

  Optional<StoredSubscription> get(UUID subscriptionId);

  /** Every subscription, in subscription-id order (as strings). */
  List<StoredSubscription> list();

  /** Removes it; returns false if it did not exist. */
  boolean delete(UUID subscriptionId);

  /**
   * A number that grows with every successful {@link #create} and {@link #delete} (shared by every
   * replica for shared stores), so a reader can tell cheaply whether its copy of {@link #list()} is
   * out of date: when {@code create} returns, {@code revision()} already shows it. The notification
   * producer reads it before each batch of changes, so a subscription is honoured from its 201 on
   * whichever replica accepted it.
   */
  long revision();

  @Override
  void close();
}
