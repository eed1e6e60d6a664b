package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.NodeHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes the inventory. Informer handlers only enqueue commands (they never
 * block); this thread drains the queue in batches, applies them in order to the {@link
 * InventoryState}, swaps the published snapshot, then notifies listeners with the batch's O2
 * changes.
 *
 * <p>Design note: the initial population is not published as changes. Until the informers have
 * synced and every listed node has been applied, the snapshot grows silently (and is only rebuilt
 * when the queue runs dry, so that a 50,000-node sync copies it a few times, not once per batch);
 * from then on every O2-visible difference is an {@link InventoryChange}. A MODIFY is emitted only
 * when the records differ, so heartbeats (trimmed away at the edge) never produce one.
 */
public final class ChangeApplier implements Runnable {
  /** What informer handlers hand over. */
  public sealed interface Command {}

  public record NodeUpsert(NodeFacts node) implements Command {}

  public record NodeDelete(String uid) implements Command {}

  public record CloudUid(String kubeSystemUid) implements Command {}

  public record ServerVersion(String gitVersion) implements Command {}

  /**
   * The adapter's one copy of a node: its compact informer entry, facts, O2 record and health (1.2
   * to 1.5 KB measured at 50,000 nodes, docs/performance.md "Memory per node and scale").
   */
  static final long APPROX_BYTES_PER_NODE = 1536;

  private static final Logger LOG = LoggerFactory.getLogger(ChangeApplier.class);

  private final BlockingQueue<Command> queue = new LinkedBlockingQueue<>();
  private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();
  private final InventoryState state;
  private final Clock clock;
  private final BooleanSupplier informersSynced;
  private final Instant started;
  private final long cacheBudgetBytes;
  private volatile InventorySnapshot snapshot;
  private volatile Map<UUID, NodeHealth> health = Map.of();
  private volatile boolean synced;
  private volatile boolean running = true;
  private volatile int appliedNodes;

  public ChangeApplier(
      KubernetesSettings settings,
      String apiServerUrl,
      Clock clock,
      BooleanSupplier informersSynced) {
    this.state = new InventoryState(settings, apiServerUrl, clock);
    this.clock = clock;
    this.informersSynced = informersSynced;
    this.started = clock.instant();
    this.cacheBudgetBytes = settings.cacheSizeMb() * 1024L * 1024L;
    this.snapshot = state.snapshot(0);
  }

  public void submit(Command command) {
    queue.add(command);
  }

  public void addListener(InventoryListener listener) {
    listeners.add(listener);
  }

  public InventorySnapshot snapshot() {
    return snapshot;
  }

  /** Every node's health as of the last applied batch. */
  public Map<UUID, NodeHealth> nodeHealth() {
    return health;
  }

  public boolean synced() {
    return synced;
  }

  /** Nodes applied so far (compared with the informer's cache size to decide initial sync). */
  public int appliedNodes() {
    return appliedNodes;
  }

  public boolean hasCloudId() {
    return state.hasCloudId();
  }

  public boolean hasVersion() {
    return state.hasVersion();
  }

  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    List<Command> batch = new ArrayList<>();
    while (running) {
      try {
        Command first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 50_000);
        }
        applyBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("applying {} Kubernetes changes failed", batch.size(), e);
      } finally {
        batch.clear();
      }
    }
  }

  private void applyBatch(List<Command> batch) {
    List<Change> changes = new ArrayList<>();
    for (Command c : batch) {
      changes.addAll(apply(c));
    }
    appliedNodes = state.nodeCount();
    boolean wasSynced = synced;
    if (!wasSynced && !queue.isEmpty()) {
      // Initial sync with more queued: neither an intermediate snapshot (a copy of every object so
      // far) nor the synced check (which lists the informer's keys) until the queue runs dry.
      return;
    }
    if (state.healthChanged()) {
      health = state.takeHealth();
    }
    boolean nowSynced = wasSynced || informersSynced.getAsBoolean();
    if (changes.isEmpty() && wasSynced == nowSynced) {
      // Heartbeats and resyncs change nothing O2 can see: no new snapshot, no notification.
      return;
    }
    long revision = snapshot.revision() + 1;
    InventorySnapshot next = state.snapshot(revision);
    snapshot = next;
    if (nowSynced && !wasSynced) {
      // Published after the snapshot, so that "synced" always means "snapshot complete".
      synced = true;
      LOG.info(
          "Kubernetes inventory synced: {} nodes, {} pools, {} resource types in {} ms",
          next.resources().size(),
          next.resourcePools().size(),
          next.resourceTypes().size(),
          Duration.between(started, clock.instant()).toMillis());
      long estimate = (long) next.resources().size() * APPROX_BYTES_PER_NODE;
      if (estimate > cacheBudgetBytes) {
        LOG.warn(
            "the node cache needs about {} MiB, more than kubernetes.cache_size_mb ({} MiB);"
                + " narrow kubernetes.label_selector/field_selector or raise the budget",
            estimate / (1024 * 1024),
            cacheBudgetBytes / (1024 * 1024));
      }
    }
    if (!wasSynced || changes.isEmpty()) {
      return;
    }
    List<InventoryChange> published = changes.stream().map(c -> c.at(revision)).toList();
    for (InventoryListener l : listeners) {
      try {
        l.onChanges(next, published);
      } catch (RuntimeException e) {
        LOG.error("inventory listener {} failed", l, e);
      }
    }
  }

  private List<Change> apply(Command c) {
    if (c instanceof NodeUpsert u) {
      return state.upsert(u.node());
    }
    if (c instanceof NodeDelete d) {
      return state.delete(d.uid());
    }
    if (c instanceof CloudUid k) {
      return state.cloudUid(k.kubeSystemUid());
    }
    return state.version(((ServerVersion) c).gitVersion());
  }
}
