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
import java.util.ArrayList;
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
 * while it delivers, expiring if this replica dies) keeps replicas apart. The worker sends the
 * queue's entries in order, one request at a time, and removes them only after their 2xx (recorded
 * as a group after a batch, before a failure is recorded and before the lease is released), so
 * order is kept and nothing is lost when a replica dies mid-batch (the next holder sends the
 * unrecorded entries again: at-least-once, same notificationId). Queues take turns on the workers,
 * a batch each. A failed head is rescheduled with backoff and the queue waits for it (later entries
 * never overtake it); an exhausted head moves to the dead letters and the queue moves on. A slow
 * callback holds one worker up to the call timeout while the other workers serve other
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

  /** What sends a notification: {@link CallbackClient#post} (its only implementation). */
  @FunctionalInterface
  interface Sender {
    Outcome post(String callback, String body);
  }

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);

  /**
   * At DEBUG, one line per delivery slower than {@link #TRACE_MILLIS} from storing to its 2xx, with
   * where the time went (the stages of the drain that delivered it).
   */
  private static final Logger TRACE =
      LoggerFactory.getLogger(DeliveryDispatcher.class.getName() + ".slow");

  /**
   * 50 ms, or the system property {@code netweave.notify.trace_millis} (a diagnostic for load runs:
   * e.g. below a run's p99 to see where its last percent waits).
   */
  private static final long TRACE_MILLIS = Long.getLong("netweave.notify.trace_millis", 50);

  private final NotificationOutbox outbox;
  private final NotificationLeases leases;
  private final Subscribers store;
  private final Sender client;
  private final RetryPolicy retry;
  private final NotificationMetrics metrics;
  private final Clock clock;
  private final String owner;
  private final Duration leaseTtl;
  private final long renewEveryNanos;
  private final ExecutorService workers;
  private final DoubleSupplier random;
  private final Runnable subscriptionsChanged;

  /** Entries read at once from a queue. */
  private static final int BATCH = 16;

  /** Hints are bounded: another replica may have changed the queue meanwhile. */
  private static final Duration HINT_LIMIT = Duration.ofSeconds(5);

  private final DeliveryFailureLog failureLog = new DeliveryFailureLog();

  private final Set<UUID> active = ConcurrentHashMap.newKeySet();

  /**
   * Queues with a callback request in flight on this replica: {@link #renewLeasesOfCallsInFlight}
   * keeps their leases alive while the call lasts, so a callback slower than the lease (a {@code
   * delivery_timeout} above {@code lease_ttl}) does not let another replica take the queue and send
   * the same entries alongside.
   */
  private final Set<UUID> calling = ConcurrentHashMap.newKeySet();

  /**
   * Queues a poll found in {@code active}: their drain runs them once more when it ends (a drain
   * reads its batch once, so entries stored after that read would otherwise wait for the next
   * poll).
   */
  private final Set<UUID> rerun = ConcurrentHashMap.newKeySet();

  /** Queues whose head is not due before the instant (a hint that saves polling them). */
  private final Map<UUID, Instant> notBefore = new ConcurrentHashMap<>();

  private volatile boolean halted;
  private volatile boolean stopping;

  DeliveryDispatcher(
      NotificationOutbox outbox,
      NotificationLeases leases,
      Subscribers store,
      Sender client,
      RetryPolicy retry,
      NotificationMetrics metrics,
      Clock clock,
      String owner,
      Duration leaseTtl,
      Duration deliveryTimeout,
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
    // A request starts with at least a delivery timeout of lease left (renewed before each request
    // when the lease is shorter than that).
    this.renewEveryNanos = Math.max(0, leaseTtl.minus(deliveryTimeout).toNanos() / 2);
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
    failureLog.flush(now);
    for (UUID sub : depths.keySet()) {
      Instant due = notBefore.get(sub);
      if (halted || stopping || (due != null && now.isBefore(due))) {
        continue;
      }
      // (contains first: with a backlog most queues are busy, and a read costs less than an add)
      if (active.contains(sub) || !active.add(sub)) {
        // Being drained: that drain may have read its batch before this poll's entries were
        // stored, so it runs the queue again when it ends instead of leaving them to the next scan
        // (up to poll_interval later: the tail this used to add).
        if (!rerun.contains(sub)) {
          rerun.add(sub);
        }
        if (active.contains(sub) || !active.add(sub)) {
          continue;
        }
        rerun.remove(sub);
      }
      startDrain(sub);
    }
  }

  /** Runs one turn of {@code sub}'s queue on a worker ({@code sub} is in {@code active}). */
  private void startDrain(UUID sub) {
    long queuedAt = System.currentTimeMillis();
    try {
      workers.execute(() -> runDrain(sub, queuedAt));
    } catch (RejectedExecutionException e) {
      active.remove(sub);
    }
  }

  /**
   * One turn, then the queue goes to the back of the workers' line if it has more: queues are
   * served in turn, a batch each, so every subscription advances at the same pace (a long queue
   * does not hold a worker until it is empty) and the entries being delivered stay close together
   * in the outbox.
   */
  private void runDrain(UUID sub, long queuedAt) {
    boolean more = false;
    try {
      more = drain(sub, new Stages(queuedAt, System.currentTimeMillis()));
    } catch (RuntimeException e) {
      LOG.warn("delivery to subscription {} interrupted: {}", sub, e.toString());
    } finally {
      if (more && !halted && !stopping) {
        startDrain(sub);
      } else {
        active.remove(sub);
        // A poll found the queue busy meanwhile: run it again now (unless a poll took it since).
        if (rerun.remove(sub) && !halted && !stopping && active.add(sub)) {
          startDrain(sub);
        }
      }
    }
  }

  /**
   * Graceful stop: no new drain starts and each running drain ends after the delivery in flight,
   * whose outcome is still recorded (so it is neither lost nor sent twice), releasing its queue
   * lease so another replica takes the queue over at once.
   */
  void stop() {
    stopping = true;
  }

  /** Stops recording outcomes at once, as if the process died (leases are left to expire). */
  void halt() {
    halted = true;
  }

  /**
   * Renews the lease of every queue with a request in flight (only while this replica still holds
   * it; a lease already lost stays lost, and the drain stops at its next renewal). Run by the
   * engine every third of the lease TTL; a paused or dead replica runs nothing, so its leases still
   * run out after the TTL.
   */
  void renewLeasesOfCallsInFlight() {
    for (UUID sub : calling) {
      if (halted) {
        return;
      }
      leases.renewQueue(sub, owner, leaseTtl);
    }
  }

  /**
   * Delivers up to {@link #BATCH} entries of a queue in order while this replica holds its lease;
   * true if the queue may have more. The entries are read at once with one subscription lookup, the
   * lease is renewed only when less than a delivery timeout of it would remain, and the 2xx
   * outcomes are recorded as one group before the next read, before a failure is recorded and
   * before the lease is released (so no other deliverer can see an entry this one delivered).
   */
  private boolean drain(UUID sub, Stages stages) {
    if (!leases.acquireQueue(sub, owner, leaseTtl)) {
      return false;
    }
    long renewedAt = System.nanoTime();
    List<Delivered> done = new ArrayList<>();
    try {
      List<OutboxEntry> batch = outbox.heads(sub, BATCH);
      stages.read = System.currentTimeMillis();
      if (batch.isEmpty()) {
        return false;
      }
      Optional<Subscribers.Found> subscription = store.find(sub);
      if (subscription.isEmpty()) {
        outbox.purge(sub);
        return false;
      }
      for (OutboxEntry entry : batch) {
        if (halted || stopping) {
          return false;
        }
        Instant now = clock.instant();
        if (entry.nextAttemptAt().isAfter(now)) {
          Instant due = entry.nextAttemptAt();
          notBefore.put(sub, due.isBefore(now.plus(HINT_LIMIT)) ? due : now.plus(HINT_LIMIT));
          return false;
        }
        notBefore.remove(sub);
        if (entry != batch.get(0) && System.nanoTime() - renewedAt >= renewEveryNanos) {
          record(sub, done);
          // Renew, never re-acquire: if the lease ran out while this worker was held up (a paused
          // JVM, a long GC), another replica may have delivered this batch already, and going on
          // would send its entries again after later ones.
          if (!leases.renewQueue(sub, owner, leaseTtl)) {
            return false;
          }
          renewedAt = System.nanoTime();
        }
        if (!deliver(entry, subscription.get(), done, stages) || halted) {
          return false;
        }
      }
      return batch.size() == BATCH;
    } finally {
      if (!halted) {
        record(sub, done);
        leases.releaseQueue(sub, owner);
      }
    }
  }

  /**
   * When a drain was queued for a worker, started on it and read its batch (wall-clock
   * milliseconds, like an entry's creation time), for the slow-delivery trace.
   */
  private static final class Stages {
    final long queued;
    final long started;
    long read;

    Stages(long queued, long started) {
      this.queued = queued;
      this.started = started;
      this.read = started;
    }
  }

  /** A 2xx not yet recorded in the outbox, sent at {@code sent} (wall-clock milliseconds). */
  private record Delivered(
      OutboxEntry entry,
      Instant at,
      NotificationMetrics.Deliveries counts,
      Stages stages,
      long sent) {}

  /** Records the delivered entries of {@code sub} as one group (nothing if halted). */
  private void record(UUID sub, List<Delivered> done) {
    if (done.isEmpty() || halted) {
      return;
    }
    List<Long> sequences = new ArrayList<>(done.size());
    for (Delivered d : done) {
      sequences.add(d.entry().sequence());
    }
    int removed = outbox.complete(sub, sequences);
    if (removed == done.size()) {
      for (Delivered d : done) {
        metrics.delivered.inc();
        d.counts().delivered().inc();
        Duration latency = Duration.between(d.entry().createdAt(), d.at());
        metrics.latencyMillis.update(latency.toMillis());
        metrics.latency.observeNanos(latency.toNanos());
        if (latency.toMillis() >= TRACE_MILLIS && TRACE.isDebugEnabled()) {
          trace(d, System.currentTimeMillis());
        }
      }
    } else {
      metrics.delivered.inc(removed);
    }
    done.clear();
  }

  private static void trace(Delivered d, long recorded) {
    long stored = d.entry().createdAt().toEpochMilli();
    long answered = d.at().toEpochMilli();
    TRACE.debug(
        "slow delivery sub={} seq={} attempts={} total={} ms: stored->queued={} queued->started={}"
            + " started->read={} read->sent={} sent->2xx={} 2xx->recorded={}",
        d.entry().subscriptionId(),
        d.entry().sequence(),
        d.entry().attempts(),
        answered - stored,
        d.stages().queued - stored,
        d.stages().started - d.stages().queued,
        d.stages().read - d.stages().started,
        d.sent() - d.stages().read,
        answered - d.sent(),
        recorded - answered);
  }

  /**
   * Posts an entry. An exception the client throws (it answers every failure it knows as {@link
   * Outcome.Failed}, so this is a bug) is a failed attempt like any other: counted, backed off and
   * in the end dead-lettered. Before, it escaped the drain uncounted and the queue was retried at
   * every poll, without backoff, forever. Its stack trace is a WARN at the notification's first
   * attempt only; later attempts are logged as any failure is ({@link DeliveryFailureLog}).
   */
  private Outcome send(OutboxEntry entry, String callback) {
    try {
      return client.post(callback, entry.body());
    } catch (RuntimeException e) {
      if (entry.attempts() == 0) {
        LOG.warn(
            "notification {} to subscription {}: the callback client threw; counted as a failed"
                + " attempt",
            entry.notificationId(),
            entry.subscriptionId(),
            e);
      }
      return new Outcome.Failed("unexpected error: " + e);
    }
  }

  /** Sends an entry; true if the queue may go on with the next entry. */
  private boolean deliver(
      OutboxEntry entry, Subscribers.Found found, List<Delivered> done, Stages stages) {
    UUID sub = entry.subscriptionId();
    StoredSubscription subscription = found.stored();
    NotificationMetrics.Deliveries counts = metrics.deliveries(found.further());
    long sent = System.currentTimeMillis();
    Outcome outcome;
    calling.add(sub);
    try {
      outcome = send(entry, subscription.subscription().callback());
    } finally {
      calling.remove(sub);
    }
    if (halted) {
      return false;
    }
    Instant now = clock.instant();
    if (outcome instanceof Outcome.Delivered) {
      done.add(new Delivered(entry, now, counts, stages, sent));
      return true;
    }
    record(sub, done);
    if (outcome instanceof Outcome.Gone) {
      LOG.info("callback of subscription {} answered 410; ending the subscription", sub);
      store.delete(sub);
      outbox.purge(sub);
      subscriptionsChanged.run();
      return false;
    }
    String reason = ((Outcome.Failed) outcome).reason();
    if (!leases.renewQueue(sub, owner, leaseTtl)) {
      // The lease ran out during the call (this replica was paused): the queue's new holder owns
      // the entry's state and may be delivering it right now; a retry or dead letter recorded
      // here would overwrite its attempt or take the entry from under it.
      LOG.info(
          "notification {} to subscription {} failed ({}) after this replica lost the queue's"
              + " lease; leaving it to the queue's new holder",
          entry.notificationId(),
          sub,
          reason);
      return false;
    }
    metrics.failed.inc();
    counts.failed().inc();
    int attempts = entry.attempts() + 1;
    String callback = subscription.subscription().callback();
    if (retry.exhausted(attempts)) {
      failureLog.deadLettered(entry, callback, attempts, reason, now);
      if (outbox.deadLetter(entry.retried(now), reason, now)) {
        metrics.deadLettered.inc();
        counts.deadLettered().inc();
      }
      return true;
    }
    Duration wait = retry.delayAfter(attempts, random.getAsDouble());
    failureLog.failed(entry, callback, attempts, reason, wait, retry.maxAttempts(), now);
    outbox.update(entry.retried(now.plus(wait)));
    metrics.retried.inc();
    counts.retried().inc();
    return false;
  }
}
