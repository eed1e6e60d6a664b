package io.netweave.o2ims.server.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A notification that exhausted its delivery attempts, kept until an administrator replays it.
 *
 * @param id stable identifier of the dead letter, derived from subscription and notification ids
 * @param entry the entry as it was when it was given up (attempts made, body)
 * @param reason the last failure, human readable
 * @param deadAt when it was given up
 */
public record DeadLetter(UUID id, OutboxEntry entry, String reason, Instant deadAt) {
  public DeadLetter {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(deadAt, "deadAt");
  }

  /** The id of the dead letter of {@code notificationId} for {@code subscriptionId}. */
  public static UUID idOf(UUID subscriptionId, UUID notificationId) {
    return UUID.nameUUIDFromBytes(
        (subscriptionId + "/" + notificationId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
