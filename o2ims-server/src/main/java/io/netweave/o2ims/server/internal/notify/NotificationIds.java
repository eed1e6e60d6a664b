package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.model.NameBasedUuid;
import java.util.UUID;

/**
 * Deterministic notification ids: a name-based UUID (version 5, SHA-1) of the object key, the event
 * type, the revision and the states' canonical texts ({@link InventoryJson#canonical}: members
 * sorted, so a map's iteration order, which for {@code Map.of} changes from one JVM to the next,
 * does not enter the id). Every subscription receiving a change gets the same id, redeliveries keep
 * it (it is stored in the body), and two producers that see the same change at the same revision
 * agree on it whatever the order of their maps. The revision is the producing process's inventory
 * revision (a counter of the source's batches since that process started), so a change produced
 * again by another process, which only happens when a stored notification was lost (a Redis
 * failover losing a write whose notifications were already sent), gets another id
 * (docs/reliability.md). Stateless.
 */
final class NotificationIds {
  /** The namespace of netweave notification ids (a fixed random UUID). */
  static final UUID NAMESPACE = UUID.fromString("5b0f4c6e-8f0e-4d8a-9d3c-2f6b1e7a9c41");

  private NotificationIds() {}

  /**
   * The id of a change whose states are {@code priorCanonical} and {@code postCanonical}, canonical
   * texts ({@link InventoryJson#canonical}; {@code "null"} where there is no state).
   */
  static UUID of(ObjectChange change, String priorCanonical, String postCanonical) {
    String name =
        change.key()
            + "|"
            + change.eventType().code()
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
