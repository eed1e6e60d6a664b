package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Leases for a single replica, held in memory: with one process there is nobody to share with, but
 * the same expiry rules apply so that the engine behaves as with Redis. Thread-safe (instance
 * lock); nothing to close.
 */
public final class LocalLeases implements NotificationLeases {
  private record Lease(String owner, Instant expiresAt) {}

  private final Clock clock;
  private final Map<String, Lease> leases = new HashMap<>();

  public LocalLeases(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean acquireProducer(String owner, Duration ttl) {
    return acquire("producer", owner, ttl);
  }

  @Override
  public void releaseProducer(String owner) {
    release("producer", owner);
  }

  @Override
  public boolean acquireQueue(UUID subscriptionId, String owner, Duration ttl) {
    return acquire("queue/" + subscriptionId, owner, ttl);
  }

  @Override
  public void releaseQueue(UUID subscriptionId, String owner) {
    release("queue/" + subscriptionId, owner);
  }

  @Override
  public void close() {
    synchronized (this) {
      leases.clear();
    }
  }

  private synchronized boolean acquire(String key, String owner, Duration ttl) {
    Instant now = clock.instant();
    Lease current = leases.get(key);
    if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
      return false;
    }
    leases.put(key, new Lease(owner, now.plus(ttl)));
    return true;
  }

  private synchronized void release(String key, String owner) {
    Lease current = leases.get(key);
    if (current != null && current.owner().equals(owner)) {
      leases.remove(key);
    }
  }
}
