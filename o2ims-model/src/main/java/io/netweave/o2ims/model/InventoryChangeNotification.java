package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gateway POSTs to a subscription's callback for one inventory change. The object states
 * are JSON objects in the API version of the subscription; an absent state is omitted, never {@code
 * null}.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryChangeNotification(
    UUID notificationId,
    Optional<UUID> consumerSubscriptionId,
    NotificationEventType notificationEventType,
    Optional<String> objectRef,
    Optional<Map<String, Object>> priorObjectState,
    Optional<Map<String, Object>> postObjectState) {

  public InventoryChangeNotification {
    Objects.requireNonNull(notificationId, "notificationId");
    consumerSubscriptionId = Objects.requireNonNullElse(consumerSubscriptionId, Optional.empty());
    Objects.requireNonNull(notificationEventType, "notificationEventType");
    objectRef = Objects.requireNonNullElse(objectRef, Optional.empty());
    priorObjectState =
        Objects.requireNonNullElse(priorObjectState, Optional.<Map<String, Object>>empty())
            .map(FrozenJson::copyOf);
    postObjectState =
        Objects.requireNonNullElse(postObjectState, Optional.<Map<String, Object>>empty())
            .map(FrozenJson::copyOf);
  }
}
