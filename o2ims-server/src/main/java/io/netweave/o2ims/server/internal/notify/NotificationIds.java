package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.model.NameBasedUuid;
import java.util.UUID;

/**
 * Deterministic notification ids: a name-based UUID (version 5, SHA-1) of the object key, the event
 * type, the producer term's fencing token, the revision and the states' canonical texts ({@link
 * InventoryJson#canonical}: members sorted, so a map's iteration order, which for {@code Map.of}
 * changes from one JVM to the next, does not enter the id). Every subscription receiving a change
 * gets the same id, redeliveries keep it (it is stored in the body), and two producers that see the
 * same change in the same term at the same revision agree on it whatever the order of their maps.
 * The revision is the producing process's inventory revision (a counter of the source's batches
 * since that process started), so it starts again with every process: the fencing token, which the
 * outbox raises at each {@code activate} and keeps across restarts, tells the terms apart. Without
 * it a process after a restart gave a change the id of another change the process before had sent
 * at the same revision with the same states (a node turning NotReady twice, a restart apart), and
 * an SMO deduplicating by {@code notificationId} dropped the second. A change produced again by
 * another term, which only happens when a stored notification was lost (a Redis failover losing a
 * write whose notifications were already sent), gets another id (docs/reliability.md). Stateless.
 */
final class NotificationIds {
  /** The namespace of netweave notification ids (a fixed random UUID). */
  static final UUID NAMESPACE = UUID.fromString("5b0f4c6e-8f0e-4d8a-9d3c-2f6b1e7a9c41");

  private NotificationIds() {}

  /**
   * The id of a change whose states are {@code priorCanonical} and {@code postCanonical}, canonical
   * texts ({@link InventoryJson#canonical}; {@code "null"} where there is no state), produced in
   * the producer term whose fencing token is {@code term}.
   */
  static UUID of(ObjectChange change, long term, String priorCanonical, String postCanonical) {
    String name =
        change.key()
            + "|"
            + change.eventType().code()
            + "|"
            + term
            + "|"
            + change.revision()
            + "|"
            + priorCanonical
            + "|"
            + postCanonical;
    return v5(NAMESPACE, name);
  }

  static UUID v5(UUID namespace, String name) {
    return NameBasedUuid.v5(namespace, name);
  }
}
