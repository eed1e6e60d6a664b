package io.netweave.o2ims.server.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A notification to append to a subscription's outbox queue; the outbox assigns its sequence.
 *
 * @param body the JSON body to POST, final: redeliveries send exactly these bytes
 */
public record NewNotification(
    UUID subscriptionId, UUID notificationId, String body, Instant createdAt) {
  public NewNotification {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(notificationId, "notificationId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The queued form of this notification at {@code sequence}, due at once. */
  public OutboxEntry toEntry(long sequence) {
    return new OutboxEntry(subscriptionId, sequence, notificationId, body, 0, createdAt, createdAt);
  }
}
