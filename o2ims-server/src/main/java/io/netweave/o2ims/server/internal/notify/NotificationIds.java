package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.model.NameBasedUuid;
import java.util.UUID;

/**
 * Deterministic notification ids: a name-based UUID (version 5, SHA-1) of the object key, the event
 * type, the revision and a digest of the states. Every subscription receiving a change gets the
 * same id, redeliveries keep it (it is stored in the body), and two producers that see the same
 * change at the same revision agree on it. Stateless.
 */
final class NotificationIds {
  /** The namespace of netweave notification ids (a fixed random UUID). */
  static final UUID NAMESPACE = UUID.fromString("5b0f4c6e-8f0e-4d8a-9d3c-2f6b1e7a9c41");

  private NotificationIds() {}

  static UUID of(ObjectChange change, String priorText, String postText) {
    String name =
        change.key()
            + "|"
            + change.eventType().code()
            + "|"
            + change.revision()
            + "|"
            + priorText
            + "|"
            + postText;
    return v5(NAMESPACE, name);
  }

  static UUID v5(UUID namespace, String name) {
    return NameBasedUuid.v5(namespace, name);
  }
}
