package io.netweave.o2ims.model;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Reconciles the two forms of a {@code consumerSubscriptionId}: the UUID (compared
 * case-insensitively) and the text exactly as the SMO sent it (echoed, letter case included, per
 * DECISIONS "Payload"). Stateless.
 */
final class ConsumerSubscriptionIds {
  private ConsumerSubscriptionIds() {}

  /** The text to echo: the given text, else the UUID's canonical form. */
  static Optional<String> text(Optional<UUID> id, Optional<String> text) {
    Optional<String> t = Objects.requireNonNullElse(text, Optional.empty());
    Optional<UUID> u = Objects.requireNonNullElse(id, Optional.empty());
    if (t.isPresent()) {
      UUID parsed = UUID.fromString(t.get());
      if (u.isPresent() && !u.get().equals(parsed)) {
        throw new IllegalArgumentException(
            "consumerSubscriptionId " + u.get() + " and its text " + t.get() + " differ");
      }
      return t;
    }
    return u.map(UUID::toString);
  }

  /** The UUID of the echoed text. */
  static Optional<UUID> id(Optional<String> text) {
    return text.map(UUID::fromString);
  }
}
