package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient.Outcome;
import io.netweave.o2ims.server.spi.NotificationLeases;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxEntry;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued notifications, one subscription queue at a time per worker.
 *
 * <p>Design note (ordering): a queue is drained by at most one worker in the whole deployment: the
 * local {@code active} set keeps two workers of this replica apart and the queue lease (renewed
 * before every request, expiring if this replica dies) keeps replicas apart. The worker always
 * sends the head of the queue and removes it only after a 2xx, so order is kept and nothing is lost
 * when a replica dies mid-request (the next holder sends the head again: at-least-once, same
 * notificationId). A failed head is rescheduled with backoff and the queue waits for it (later
 * entries never overtake it); an exhausted head moves to the dead letters and the queue moves on. A
 * slow callback holds one worker up to the call timeout while the other workers serve other
 * subscriptions.
 *
 * <p>Thread-safe: {@link #poll} runs on the engine's scheduler, drains on the worker pool.
 */
final class DeliveryDispatcher {
  /**
   * Where a queue's subscription is looked up (inventory and alarm subscriptions share the outbox;
   * their ids are random UUIDs, so they never collide).
   */
  interface Subscribers {
    /** A subscription and whether it is from a further store (an alarm subscription). */
    record Found(StoredSubscription stored, boolean further) {}

    Optional<Found> find(UUID subscriptionId);

    default Optional<StoredSubscription> get(UUID subscriptionId) {
      return find(subscriptionId).map(Found::stored);
    }

    boolean delete(UUID subscriptionId);

    /** The subscriptions of every store, looked up in order. */
    static Subscribers of(List<SubscriptionStore> stores) {
      List<SubscriptionStore> all = List.copyOf(stores);
      return new Subscribers() {
        @Override
        public Optional<Found> find(UUID id) {
          for (int i = 0; i < all.size(); i++) {
            Optional<StoredSubscription> found = all.get(i).get(id);
            if (found.isPresent()) {
              return Optional.of(new Found(found.get(), i > 0));
            }
          }
          return Optional.empty();
        }

        @Override
        public boolean delete(UUID id) {
          boolean deleted = false;
          for (SubscriptionStore s : all) {
            deleted |= s.delete(id);
          }
          return deleted;
        }
      };
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);

  private final NotificationOutbox outbox;
  private final NotificationLeases leases;
  private final Subscribers store;
  private final CallbackClient client;
  private final RetryPolicy retry;
  private final NotificationMetrics metrics;
  private final Clock clock;
  private final String owner;
  private final Duration leaseTtl;
  private final ExecutorService workers;
  private final DoubleSupplier random;
  private final Runnable subscriptionsChanged;

  /** Hints are bounded: another replica may have changed the queue meanwhile. */
  private static final Duration HINT_LIMIT = Duration.ofSeconds(5);

  private final Set<UUID> active = ConcurrentHashMap.newKeySet();

  /** Queues whose head is not due before the instant (a hint that saves polling them). */
  private final Map<UUID, Instant> notBefore = new ConcurrentHashMap<>();

  private volatile boolean halted;

  DeliveryDispatcher(
      NotificationOutbox outbox,
      NotificationLeases leases,
      Subscribers store,
      CallbackClient client,
      RetryPolicy retry,
      NotificationMetrics metrics,
      Clock clock,
      String owner,
      Duration leaseTtl,
      ExecutorService workers,
      DoubleSupplier random,
      Runnable subscriptionsChanged) {
    this.outbox = outbox;
    this.leases = leases;
    this.store = store;
    this.client = client;
    this.retry = retry;
    this.metrics = metrics;
    this.clock = clock;
    this.owner = owner;
    this.leaseTtl = leaseTtl;
    this.workers = workers;
    this.random = random;
    this.subscriptionsChanged = subscriptionsChanged;
  }

  /** Starts a drain for every non-empty queue that no local worker is draining. */
  void poll() {
    Map<UUID, Long> depths = outbox.depths();
    metrics.depths(depths);
    notBefore.keySet().retainAll(depths.keySet());
    Instant now = clock.instant();
    for (UUID sub : depths.keySet()) {
      Instant due = notBefore.get(sub);
      if (halted || (due != null && now.isBefore(due)) || !active.add(sub)) {
        continue;
      }
      try {
        workers.execute(
            () -> {
              try {
                drain(sub);
              } catch (RuntimeException e) {
                LOG.warn("delivery to subscription {} interrupted: {}", sub, e.toString());
              } finally {
                active.remove(sub);
              }
            });
      } catch (RejectedExecutionException e) {
        active.remove(sub);
      }
    }
  }

  /** Stops recording outcomes at once, as if the process died (leases are left to expire). */
  void halt() {
    halted = true;
  }

  private void drain(UUID sub) {
    if (!leases.acquireQueue(sub, owner, leaseTtl)) {
      return;
    }
    try {
      while (!halted) {
        Optional<OutboxEntry> head = outbox.head(sub);
        Instant now = clock.instant();
        if (head.isEmpty()) {
          return;
        }
        if (head.get().nextAttemptAt().isAfter(now)) {
          Instant due = head.get().nextAttemptAt();
          notBefore.put(sub, due.isBefore(now.plus(HINT_LIMIT)) ? due : now.plus(HINT_LIMIT));
          return;
        }
        notBefore.remove(sub);
        Optional<Subscribers.Found> subscription = store.find(sub);
        if (subscription.isEmpty()) {
          outbox.purge(sub);
          return;
        }
        if (!deliver(head.get(), subscription.get()) || halted) {
          return;
        }
        if (!leases.acquireQueue(sub, owner, leaseTtl)) {
          return;
        }
      }
    } finally {
      if (!halted) {
        leases.releaseQueue(sub, owner);
      }
    }
  }

  /** Sends the head; true if the queue may go on with the next entry. */
  private boolean deliver(OutboxEntry entry, Subscribers.Found found) {
    UUID sub = entry.subscriptionId();
    StoredSubscription subscription = found.stored();
    NotificationMetrics.Deliveries counts = metrics.deliveries(found.further());
    Outcome outcome = client.post(subscription.subscription().callback(), entry.body());
    if (halted) {
      return false;
    }
    Instant now = clock.instant();
    if (outcome instanceof Outcome.Delivered) {
      if (outbox.complete(sub, entry.sequence())) {
        metrics.delivered.inc();
        counts.delivered().inc();
        Duration latency = Duration.between(entry.createdAt(), now);
        metrics.latencyMillis.update(latency.toMillis());
        metrics.latency.observeNanos(latency.toNanos());
      }
      return true;
    }
    if (outcome instanceof Outcome.Gone) {
      LOG.info("callback of subscription {} answered 410; ending the subscription", sub);
      store.delete(sub);
      outbox.purge(sub);
      subscriptionsChanged.run();
      return false;
    }
    String reason = ((Outcome.Failed) outcome).reason();
    metrics.failed.inc();
    counts.failed().inc();
    int attempts = entry.attempts() + 1;
    if (retry.exhausted(attempts)) {
      LOG.warn(
          "notification {} to subscription {} dead-lettered after {} attempts: {}",
          entry.notificationId(),
          sub,
          attempts,
          reason);
      if (outbox.deadLetter(entry.retried(now), reason, now)) {
        metrics.deadLettered.inc();
        counts.deadLettered().inc();
      }
      return true;
    }
    outbox.update(entry.retried(now.plus(retry.delayAfter(attempts, random.getAsDouble()))));
    metrics.retried.inc();
    counts.retried().inc();
    return false;
  }
}
