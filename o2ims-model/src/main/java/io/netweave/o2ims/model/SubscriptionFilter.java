package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A subscription's {@code filter}: the same grammar as query filters plus the pseudo-attributes
 * {@code objectType} and {@code notificationEventType}. Selection semantics (DECISIONS.md): a
 * notification is sent when the object's state matches. Immutable, thread-safe.
 */
public final class SubscriptionFilter {
  // PENDING(model helper)
  private SubscriptionFilter() {}

  /**
   * Parses and validates a subscription filter; every attribute must belong to one of the object
   * types the filter can select.
   *
   * @throws InvalidQueryException on malformed input or unknown attributes
   */
  public static SubscriptionFilter parse(String text) {
    throw new UnsupportedOperationException("pending");
  }

  /** The filter of a subscription without one: selects every change. */
  public static SubscriptionFilter all() {
    throw new UnsupportedOperationException("pending");
  }

  /** The object types this filter can select (for indexing subscriptions by type). */
  public Set<ObjectType> objectTypes() {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * Whether a change is selected.
   *
   * @param state the v1 JSON of the post state (the prior state for a delete)
   */
  public boolean selects(ObjectType type, NotificationEventType eventType, JsonNode state) {
    throw new UnsupportedOperationException("pending");
  }

  /** Canonical text, used to detect duplicate subscriptions. */
  public String canonical() {
    throw new UnsupportedOperationException("pending");
  }
}
