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
  }

  /**
   * Stores the subscription unless one with the same {@link StoredSubscription#dedupKey()} exists;
   * the check and the write are atomic (across replicas for shared stores).
   */
  CreateOutcome create(StoredSubscription subscription);

  /**
   * The subscription that holds this dedup key, if any, without storing anything: what {@link
   * #create} would answer as its {@link CreateOutcome.Duplicate}, read as atomically and made as
   * durable (a store that acknowledges a duplicate's answer on its replicas does so here too). The
   * gateway asks it when a create cannot be stored (the owner's quota is used up), so that a
   * retried create is still answered as the duplicate it is.
   */
  Optional<StoredSubscription> findDuplicate(String dedupKey);

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
