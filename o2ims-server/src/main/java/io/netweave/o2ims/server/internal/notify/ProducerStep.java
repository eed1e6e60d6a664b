package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.spi.NotificationOutbox;

/**
 * Work that only the producer replica does besides inventory notifications (alarm events): it runs
 * on the engine's producer thread, so it is ordered with inventory notifications and never runs on
 * two replicas at once, and it writes to the outbox with the producer's fencing token, so a deposed
 * producer's late write is refused ({@link io.netweave.o2ims.server.spi.StaleProducerException}).
 */
public interface ProducerStep {

  /**
   * Runs once per tick while this replica is the producer, and right after it became the producer.
   *
   * @param fencingToken the producer's current token (a new value means a new producer term: reload
   *     whatever was cached from the outbox)
   * @param outbox the outbox to append to with {@code fencingToken}
   */
  void run(long fencingToken, NotificationOutbox outbox);
}
