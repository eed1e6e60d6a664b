package io.netweave.o2ims.model.spi;

import java.util.List;

/**
 * Receives the changes a source applies, in order, on the source's own thread. Implementations must
 * return quickly and never block (hand work to an executor).
 */
@FunctionalInterface
public interface InventoryListener {
  /**
   * Called once per applied batch of changes, after the snapshot that contains them is visible via
   * {@link InventorySource#snapshot()}.
   */
  void onChanges(InventorySnapshot snapshot, List<InventoryChange> changes);
}
