package io.netweave.o2ims.model.spi;

/**
 * A backend that holds the O2 view of an O-Cloud: the Kubernetes adapter, or the embedded demo
 * O-Cloud. Thread-safe. Lifecycle: created by the composition root, {@link #start()}ed once, {@link
 * #close()}d once; listeners are added before {@code start()}.
 */
public interface InventorySource extends AutoCloseable {

  /** A short name for logs and {@code /readyz}, e.g. {@code kubernetes} or {@code demo}. */
  String name();

  /** Adds a listener for every change applied from now on. */
  void addListener(InventoryListener listener);

  /** Starts syncing; returns at once. Readiness tells when the view is complete. */
  void start();

  /** The current snapshot; never null, possibly empty before the first sync. */
  InventorySnapshot snapshot();

  /**
   * The health of every node resource, keyed by resource id, as complete as {@link #snapshot()}:
   * what node alarms are raised from. Sources without nodes answer an empty map. The map is never
   * changed once returned, and a node whose health did not change keeps the very same record (the
   * same map while nothing changed): the alarm pass compares records by reference to decide only
   * the nodes that changed.
   */
  default java.util.Map<java.util.UUID, NodeHealth> nodeHealth() {
    return java.util.Map.of();
  }

  /** Whether the snapshot is complete and fresh. */
  Readiness readiness();

  /** Stops watching and releases what the source created. */
  @Override
  void close();
}
