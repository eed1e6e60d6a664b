package io.netweave.o2ims.server.spi;

import java.time.Duration;
import java.util.UUID;

/**
 * Who does what when several replicas share one outbox: one producer at a time, and one deliverer
 * per subscription queue. Leases expire unless renewed, so a replica that dies does not strand its
 * work. Thread-safe; created and closed by the composition root.
 */
public interface NotificationLeases extends AutoCloseable {

  /** Acquires or renews the producer lease for {@code owner}; true if {@code owner} holds it. */
  boolean acquireProducer(String owner, Duration ttl);

  /** Gives up the producer lease if {@code owner} holds it. */
  void releaseProducer(String owner);

  /** Acquires or renews a subscription queue's lease; true if {@code owner} holds it. */
  boolean acquireQueue(UUID subscriptionId, String owner, Duration ttl);

  /**
   * Extends a subscription queue's lease only if {@code owner} still holds it; true if it did.
   * Unlike {@link #acquireQueue}, never takes a lease that ran out (or that another replica took
   * and gave up meanwhile): a deliverer that was paused past its lease (a stopped or starved JVM)
   * must not go on with entries it read before, which the next holder may already have delivered.
   */
  boolean renewQueue(UUID subscriptionId, String owner, Duration ttl);

  /** Gives up a subscription queue's lease if {@code owner} holds it. */
  void releaseQueue(UUID subscriptionId, String owner);

  @Override
  void close();
}
