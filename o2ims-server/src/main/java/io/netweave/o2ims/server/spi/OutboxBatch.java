package io.netweave.o2ims.server.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one producer step writes atomically: the notifications of a batch of inventory changes and
 * the matching update of the notified baseline (the last O2 view that was notified, keyed by
 * object, used to catch up with changes made while no replica ran).
 *
 * @param fencingToken the producer's token; the write is refused if a newer token was issued
 * @param baselinePuts object key to its v1 JSON as now notified
 * @param baselineRemovals object keys deleted from the notified view
 */
public record OutboxBatch(
    long fencingToken,
    List<NewNotification> notifications,
    Map<String, String> baselinePuts,
    Set<String> baselineRemovals) {
  public OutboxBatch {
    notifications = List.copyOf(notifications);
    baselinePuts = Map.copyOf(baselinePuts);
    baselineRemovals = Set.copyOf(baselineRemovals);
    for (String key : baselineRemovals) {
      if (baselinePuts.containsKey(key)) {
        throw new IllegalArgumentException("key both put and removed: " + key);
      }
    }
    Objects.requireNonNull(notifications);
  }

  /** Whether the batch writes nothing. */
  public boolean isEmpty() {
    return notifications.isEmpty() && baselinePuts.isEmpty() && baselineRemovals.isEmpty();
  }
}
