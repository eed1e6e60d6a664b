package io.netweave.o2ims.server.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One notification waiting in a subscription's outbox queue: the exact body that will be POSTed (so
 * that every redelivery sends the same bytes and the same {@code notificationId}) and its delivery
 * state. Immutable.
 *
 * @param sequence position in the subscription's queue, assigned by the outbox, strictly increasing
 * @param attempts delivery attempts made so far
 * @param nextAttemptAt not to be attempted before this instant
 * @param createdAt when the notification was stored (for delivery latency)
 */
public record OutboxEntry(
    UUID subscriptionId,
    long sequence,
    UUID notificationId,
    String body,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt) {
  public OutboxEntry {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(notificationId, "notificationId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(createdAt, "createdAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }

  /** This entry after one more failed attempt, due again at {@code next}. */
  public OutboxEntry retried(Instant next) {
    return new OutboxEntry(
        subscriptionId, sequence, notificationId, body, attempts + 1, next, createdAt);
  }
}
