package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases for a single replica, held in memory: with one process there is nobody to share with, but
 * the same expiry rules apply so that the engine behaves as with Redis. Thread-safe (each lease is
 * changed atomically in a concurrent map, so the delivery workers' acquire and release of different
 * queues do not wait for each other); nothing to close.
 */
public final class LocalLeases implements NotificationLeases {
  private record Lease(String owner, Instant expiresAt) {}

  private final Clock clock;

  /** By {@code "producer"} or by a queue's subscription id. */
  private final Map<Object, Lease> leases = new ConcurrentHashMap<>();

  private static final String PRODUCER = "producer";

  public LocalLeases(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean acquireProducer(String owner, Duration ttl) {
    return acquire(PRODUCER, owner, ttl);
  }

  @Override
  public void releaseProducer(String owner) {
    release(PRODUCER, owner);
  }

  @Override
  public boolean acquireQueue(UUID subscriptionId, String owner, Duration ttl) {
    return acquire(subscriptionId, owner, ttl);
  }

  @Override
  public boolean renewQueue(UUID subscriptionId, String owner, Duration ttl) {
    Instant now = clock.instant();
    Lease mine = new Lease(owner, now.plus(ttl));
    Lease kept =
        leases.computeIfPresent(
            subscriptionId,
            (k, current) ->
                current.owner().equals(owner) && current.expiresAt().isAfter(now) ? mine : current);
    return kept == mine;
  }

  @Override
  public void releaseQueue(UUID subscriptionId, String owner) {
    release(subscriptionId, owner);
  }

  @Override
  public void close() {
    leases.clear();
  }

  private boolean acquire(Object key, String owner, Duration ttl) {
    Instant now = clock.instant();
    Lease mine = new Lease(owner, now.plus(ttl));
    Lease kept =
        leases.compute(
            key,
            (k, current) ->
                current != null
                        && !current.owner().equals(owner)
                        && current.expiresAt().isAfter(now)
                    ? current
                    : mine);
    return kept == mine;
  }

  private void release(Object key, String owner) {
    leases.computeIfPresent(key, (k, current) -> current.owner().equals(owner) ? null : current);
  }
}
