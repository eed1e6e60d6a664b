package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.cache.OutageLog;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.spi.DeadLetter;
import io.netweave.o2ims.server.spi.NotificationLeases;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.StaleProducerException;
import io.netweave.o2ims.server.spi.StoreUnavailableException;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification engine of one replica: produces notifications from inventory changes while it
 * holds the producer lease, and delivers queued notifications of any subscription whose queue lease
 * it gets.
 *
 * <p>Lifecycle: built by the composition root, which adds {@link #listener()} to the inventory
 * source before starting the source, then calls {@link #start()}, and {@link #close()} at shutdown
 * (before closing the store, outbox, leases and base HTTP client it lent). The producer becomes
 * active only once the source is ready: it then catches up with what changed since the last
 * notified view (also after a crash or while no replica ran) before handling live changes.
 *
 * <p>Design note (no change lost after a 201): a subscription is honoured from its creation on when
 * (1) a notified baseline exists before it is accepted ({@link #honoursNewSubscriptions()}, which
 * {@code /readyz} waits for: on a first start the baseline is the inventory at election, so a
 * change before it would be folded in silently), and (2) the producer matches every change against
 * a subscription list at least as new as the change: it re-reads the list whenever the store's
 * revision moved, which it checks before each batch, and a change it handles after a subscription's
 * 201 sees that revision. Changes made while no replica produced are caught up by the next producer
 * from the stored baseline.
 *
 * <p>Thread-safe. Producing runs on one thread (order of changes is kept), delivering on a bounded
 * worker pool.
 */
public final class NotificationEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationEngine.class);

  private final InventorySource source;
  private final SubscriptionStore store;
  private final NotificationOutbox outbox;
  private final NotificationLeases leases;
  private final NotificationSettings settings;
  private final Clock clock;
  private final String owner;
  private final SubscriptionIndex index = new SubscriptionIndex();
  private final InventoryJson json;
  private final NotificationProducer producer;
  private final DeliveryDispatcher dispatcher;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService producerThread;
  private final ExecutorService workers;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final AtomicBoolean indexStale = new AtomicBoolean(true);
  private volatile boolean active;
  private volatile boolean baselineKnown;
  private volatile boolean dirty;
  private final AtomicBoolean catchUpPending = new AtomicBoolean();

  /**
   * Whether this replica keeps trying for the producer lease at the standby pace ({@link
   * #standbyTick()}): until its first attempt, and while its last attempt found the lease held by
   * another replica. Not after a failed attempt (the store is down: retried at the renewal pace, as
   * the outage log says) nor while it holds the lease. Scheduler thread only.
   */
  private boolean standby = true;

  private Instant lastRefresh = Instant.MIN;
  private long indexedRevision = Long.MIN_VALUE;
  private final List<ProducerStep> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<java.time.Duration> stepIntervals =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<OutageLog> stepFailures = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * The log lines of the operations retried on a schedule: while the store (Redis) is down they all
   * fail, so each says so once, then at most once a minute, then once when it recovers.
   */
  private final OutageLog pollFailures;

  private final OutageLog leaseFailures;
  private final OutageLog catchUpFailures;
  private final OutageLog storeFailures;
  private final AtomicBoolean stepsPending = new AtomicBoolean();

  /**
   * @param owner this replica's name in leases (unique per process, e.g. host name plus a UUID)
   */
  public NotificationEngine(
      NotificationSettings settings,
      InventorySource source,
      SubscriptionStore store,
      NotificationOutbox outbox,
      NotificationLeases leases,
      CallbackClient client,
      NotificationMetrics metrics,
      ObjectMapper mapper,
      Clock clock,
      String owner) {
    this(settings, source, store, List.of(), outbox, leases, client, metrics, mapper, clock, owner);
  }

  /**
   * @param otherStores further subscriptions whose queues this engine delivers (alarm
   *     subscriptions); only {@code store}'s subscriptions receive inventory notifications
   */
  public NotificationEngine(
      NotificationSettings settings,
      InventorySource source,
      SubscriptionStore store,
      List<SubscriptionStore> otherStores,
      NotificationOutbox outbox,
      NotificationLeases leases,
      CallbackClient client,
      NotificationMetrics metrics,
      ObjectMapper mapper,
      Clock clock,
      String owner) {
    this.settings = settings;
    this.source = source;
    this.store = store;
    this.outbox = outbox;
    this.leases = leases;
    this.clock = clock;
    this.owner = owner;
    this.json = new InventoryJson(mapper);
    this.producer = new NotificationProducer(outbox, index, mapper, clock, metrics);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(named("notify-scheduler"));
    this.producerThread = Executors.newSingleThreadExecutor(named("notify-producer"));
    this.workers = Executors.newFixedThreadPool(settings.workers(), named("notify-worker"));
    java.time.Duration tick = tick(settings);
    this.pollFailures = outageLog("notification delivery poll", settings.pollInterval());
    this.leaseFailures = outageLog("notification producer lease renewal", tick);
    this.catchUpFailures = outageLog("notification catch-up", tick);
    this.storeFailures = outageLog("storing the notifications of inventory changes", tick);
    this.dispatcher =
        new DeliveryDispatcher(
            outbox,
            leases,
            DeliveryDispatcher.Subscribers.of(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(store), otherStores.stream())
                    .toList()),
            client::post,
            settings.retry(),
            metrics,
            clock,
            owner,
            settings.leaseTtl(),
            settings.deliveryTimeout(),
            workers,
            () -> ThreadLocalRandom.current().nextDouble(),
            this::subscriptionsChanged);
  }

  /** An unreachable store ({@link StoreUnavailableException}) is an outage: no stack trace. */
  private OutageLog outageLog(String operation, java.time.Duration every) {
    return new OutageLog(LOG, operation, every, clock, StoreUnavailableException.class::isInstance);
  }

  /** The listener to add to the inventory source; it hands batches to the producer thread. */
  public InventoryListener listener() {
    return (snapshot, changes) -> {
      try {
        producerThread.execute(() -> onChanges(snapshot, changes));
      } catch (RejectedExecutionException e) {
        LOG.debug("engine closed; change left to the next producer's catch-up");
      }
    };
  }

  /**
   * Adds work the producer replica does every {@code interval} (and after becoming the producer);
   * call before {@link #start()}.
   */
  public void addProducerStep(ProducerStep step, java.time.Duration interval) {
    steps.add(step);
    stepIntervals.add(interval);
    stepFailures.add(outageLog("producer step " + step, interval));
  }

  /** Asks for the producer steps to run soon (e.g. after an API write they must notify). */
  public void runProducerSteps() {
    if (active && stepsPending.compareAndSet(false, true)) {
      try {
        producerThread.execute(this::runSteps);
      } catch (RejectedExecutionException e) {
        stepsPending.set(false);
      }
    }
  }

  /**
   * Waits, at most {@code limit}, for the first baseline while the source is ready (the demo
   * O-Cloud is at once): inventory reads wait for that baseline as {@code /readyz} does, so a
   * gateway whose inventory is complete at start answers its first reads without a 503. Returns at
   * once while the source is not ready (the baseline follows its sync) or when interrupted.
   */
  public void awaitFirstBaseline(java.time.Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!baselineKnown && source.readiness().ready() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Starts producing (once the source is ready and the producer lease is held) and delivering. */
  public void start() {
    for (java.time.Duration interval : stepIntervals) {
      scheduler.scheduleWithFixedDelay(
          this::runProducerSteps, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    long tick = tick(settings).toMillis();
    long poll = settings.pollInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::producerTick, 0, tick, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::standbyTick, poll, poll, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(this::safePoll, 0, poll, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        this::renewLeasesOfCallsInFlight, tick, tick, TimeUnit.MILLISECONDS);
  }

  /**
   * Keeps the queue leases of slow calls alive. A failure (store unreachable) is left to the drain,
   * whose own renewal after the call then fails too and ends the batch.
   */
  private void renewLeasesOfCallsInFlight() {
    try {
      dispatcher.renewLeasesOfCallsInFlight();
    } catch (RuntimeException e) {
      LOG.debug("renewing the queue leases of calls in flight failed", e);
    }
  }

  /** How often the producer lease is renewed (a third of its TTL, at least 10 ms). */
  private static java.time.Duration tick(NotificationSettings settings) {
    return java.time.Duration.ofMillis(Math.max(10, settings.leaseTtl().toMillis() / 3));
  }

  /**
   * Tells the engine that subscriptions were created or deleted (re-index before the next change).
   */
  public void subscriptionsChanged() {
    indexStale.set(true);
    try {
      // A new v2 subscription starts the v2 baseline now, so it hears every later change.
      producerThread.execute(
          () -> {
            if (!active) {
              return;
            }
            try {
              refreshIndex();
              producer.processViewsAfterSubscriptionsChanged(source.snapshot());
            } catch (StaleProducerException e) {
              LOG.info("another replica became the notification producer: {}", e.getMessage());
              active = false;
            } catch (RuntimeException e) {
              LOG.warn(
                  "could not start the v2 baseline; retrying on the next change: {}", e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("engine closed");
    }
  }

  /** Whether this replica is currently the producer. */
  public boolean producing() {
    return active;
  }

  /**
   * Whether a subscription accepted now is honoured: every change after it will be notified to it.
   * That holds once a notified baseline exists (this or another replica has produced since the
   * store was created): changes are then either produced live, against the subscriptions re-read
   * whenever {@link SubscriptionStore#revision()} moves, or caught up by the next producer by
   * diffing that baseline. Before the first baseline, a change would be folded into it without a
   * notification, so {@code /readyz} waits for this. Never blocks (read by the IO thread).
   */
  public boolean honoursNewSubscriptions() {
    return baselineKnown;
  }

  /**
   * While the notification store cannot be read (the delivery poll keeps failing), the poll's last
   * failure, which names the store and why; empty otherwise. Never blocks (read by the IO thread).
   */
  public java.util.Optional<String> storeFailure() {
    return pollFailures.failure();
  }

  /** Every dead letter, oldest first (admin API). */
  public List<DeadLetter> deadLetters() {
    return outbox.deadLetters();
  }

  /** Requeues a dead letter for delivery now; false if there is no such dead letter (admin API). */
  public boolean replay(UUID deadLetterId) {
    boolean replayed = outbox.replay(deadLetterId, clock.instant());
    wake();
    return replayed;
  }

  /**
   * Stops producing and delivering, and gives up this replica's leases so another replica takes
   * over at once. Deliveries in flight finish (up to the delivery timeout) and their outcomes are
   * recorded; queued ones stay pending for the next holder of their queue.
   */
  @Override
  public void close() {
    dispatcher.stop();
    scheduler.shutdownNow();
    producerThread.shutdown();
    workers.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      producerThread.awaitTermination(10, TimeUnit.SECONDS);
      active = false;
      releaseProducer();
      workers.awaitTermination(settings.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dispatcher.halt();
    workers.shutdownNow();
  }

  /** Gives up the producer lease at once (production is over), so another replica takes over. */
  private void releaseProducer() {
    try {
      leases.releaseProducer(owner);
    } catch (RuntimeException e) {
      LOG.warn("could not release the producer lease; it expires after its TTL: {}", e.toString());
    }
  }

  /**
   * Stops at once without releasing anything, as a kill -9 would (for tests of crash recovery):
   * in-flight outcomes are not recorded and leases are left to expire. Interrupts the delivery
   * workers and returns once they have ended (waiting at most a delivery timeout and a second; a
   * call is cut at the delivery timeout), so that, as after a process death, nothing is sent after
   * it returns. A request in flight is abandoned, not answered: a worker interrupted before it
   * blocks reading the answer fails at once (okio checks the interrupt before each read), one
   * blocked in that read ends when the call is cut at the delivery timeout. The callback may still
   * read such a request, and act on it, after this returns; the next holder of the queue then sends
   * that notification again (same {@code notificationId}): at least once, as after a real crash
   * (docs/reliability.md).
   */
  public void halt() {
    dispatcher.halt();
    active = false;
    scheduler.shutdownNow();
    producerThread.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(settings.deliveryTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onChanges(InventorySnapshot snapshot, List<InventoryChange> changes) {
    if (!active) {
      return;
    }
    List<ObjectChange> fresh = new ArrayList<>(changes.size());
    io.netweave.o2ims.model.SiteLayout layout = io.netweave.o2ims.model.SiteLayout.of(snapshot);
    for (InventoryChange c : changes) {
      if (c.revision() > producer.appliedRevision()) {
        fresh.add(json.toChange(c, layout));
      }
    }
    try {
      refreshIndexIfDue();
      producer.process(fresh);
      producer.processViews(snapshot);
      storeFailures.succeeded();
      wake();
    } catch (StaleProducerException e) {
      LOG.info("another replica became the notification producer: {}", e.getMessage());
      active = false;
    } catch (RuntimeException e) {
      storeFailures.failed(e);
      dirty = true;
    }
  }

  /**
   * A replica that is not the producer looks again every {@code poll_interval}, not only at the
   * renewal pace ({@code lease_ttl}/3): its source becoming ready (the informers synced after the
   * first look, at start) and a lease given up by a holder that stopped cleanly are acted on within
   * a poll interval, so the first notifications after a start or a handover do not wait up to a
   * third of the TTL. Per poll interval this costs, while the source is not ready, a look at its
   * readiness (and, until a notified baseline exists, a read of whether one does), and while
   * another replica produces, one lease attempt (a read of the lease, in Redis). A crashed holder's
   * lease still runs out only after its TTL.
   */
  private void standbyTick() {
    if (standby && !active && !catchUpPending.get()) {
      producerTick();
    }
  }

  /**
   * Runs on the scheduler thread, never behind a backlog of changes: renews (or takes) the producer
   * lease, and hands activation or a catch-up to the producer thread when needed.
   */
  private void producerTick() {
    try {
      if (!baselineKnown && outbox.baselineInitialized()) {
        baselineKnown = true;
      }
      boolean ready = source.readiness().ready();
      if (!active && !ready) {
        return;
      }
      boolean held = leases.acquireProducer(owner, settings.leaseTtl());
      leaseFailures.succeeded();
      standby = !held;
      if (!held) {
        active = false;
        return;
      }
      if ((!active || dirty) && ready && catchUpPending.compareAndSet(false, true)) {
        producerThread.execute(this::catchUp);
      }
    } catch (RuntimeException e) {
      standby = false;
      leaseFailures.failed(e);
    }
  }

  private void catchUp() {
    try {
      refreshIndex();
      if (active) {
        producer.reconcile(source.snapshot());
      } else {
        producer.activate(source.snapshot());
        LOG.info("{} is now the notification producer", owner);
      }
      active = true;
      baselineKnown = true;
      dirty = false;
      catchUpFailures.succeeded();
      // The reconcile stored what a failed store of changes left out: that outage is over too (it
      // was otherwise closed only by the next change, which may not come for a long time).
      storeFailures.succeeded();
      runSteps();
      wake();
    } catch (StaleProducerException e) {
      active = false;
    } catch (RuntimeException e) {
      catchUpFailures.failed(e);
      dirty = active;
    } finally {
      catchUpPending.set(false);
    }
  }

  private void runSteps() {
    stepsPending.set(false);
    if (!active) {
      return;
    }
    for (int i = 0; i < steps.size(); i++) {
      try {
        steps.get(i).run(producer.token(), outbox);
        stepFailures.get(i).succeeded();
      } catch (StaleProducerException e) {
        LOG.info("another replica became the notification producer: {}", e.getMessage());
        active = false;
        return;
      } catch (RuntimeException e) {
        stepFailures.get(i).failed(e);
      }
    }
    wake();
  }

  /**
   * Re-reads the subscriptions when this replica wrote one, when the store's revision moved (a
   * subscription created on another replica: its 201 came before the change at hand, so it must
   * match it), or at the latest every {@code subscription_refresh}.
   */
  private void refreshIndexIfDue() {
    long revision = store.revision();
    if (indexStale.get()
        || revision != indexedRevision
        || !clock.instant().isBefore(lastRefresh.plus(settings.subscriptionRefresh()))) {
      refreshIndex(revision);
    }
  }

  private void refreshIndex() {
    refreshIndex(store.revision());
  }

  /** {@code revision} was read before the list, so a write between the two re-reads next time. */
  private void refreshIndex(long revision) {
    indexStale.set(false);
    index.refresh(store.list());
    indexedRevision = revision;
    lastRefresh = clock.instant();
  }

  private void wake() {
    if (wakePending.compareAndSet(false, true)) {
      try {
        scheduler.execute(
            () -> {
              wakePending.set(false);
              safePoll();
            });
      } catch (RejectedExecutionException e) {
        wakePending.set(false);
      }
    }
  }

  private void safePoll() {
    try {
      dispatcher.poll();
      pollFailures.succeeded();
    } catch (RuntimeException e) {
      pollFailures.failed(e);
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
