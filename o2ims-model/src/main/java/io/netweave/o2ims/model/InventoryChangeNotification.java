package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gateway POSTs to a subscription's callback for one inventory change. The object states
 * are JSON objects in the API version of the subscription; an absent state is omitted, never {@code
 * null}. The {@code consumerSubscriptionId} is written exactly as the SMO sent it ({@link
 * #consumerSubscriptionIdText()}); {@link #consumerSubscriptionId()} is its UUID.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(value = "consumerSubscriptionUuid", ignoreUnknown = true)
public record InventoryChangeNotification(
    UUID notificationId,
    @JsonProperty("consumerSubscriptionUuid") Optional<UUID> consumerSubscriptionId,
    NotificationEventType notificationEventType,
    Optional<String> objectRef,
    Optional<Map<String, Object>> priorObjectState,
    Optional<Map<String, Object>> postObjectState,
    @JsonProperty("consumerSubscriptionId") Optional<String> consumerSubscriptionIdText) {

  public InventoryChangeNotification {
    Objects.requireNonNull(notificationId, "notificationId");
    consumerSubscriptionIdText =
        ConsumerSubscriptionIds.text(consumerSubscriptionId, consumerSubscriptionIdText);
    consumerSubscriptionId = ConsumerSubscriptionIds.id(consumerSubscriptionIdText);
    Objects.requireNonNull(notificationEventType, "notificationEventType");
    objectRef = Objects.requireNonNullElse(objectRef, Optional.empty());
    priorObjectState =
        Objects.requireNonNullElse(priorObjectState, Optional.<Map<String, Object>>empty())
            .map(FrozenJson::copyOf);
    postObjectState =
        Objects.requireNonNullElse(postObjectState, Optional.<Map<String, Object>>empty())
            .map(FrozenJson::copyOf);
  }

  @JsonCreator
  static InventoryChangeNotification fromJson(
      @JsonProperty("notificationId") UUID notificationId,
      @JsonProperty("consumerSubscriptionId") String consumerSubscriptionId,
      @JsonProperty("notificationEventType") NotificationEventType notificationEventType,
      @JsonProperty("objectRef") String objectRef,
      @JsonProperty("priorObjectState") Map<String, Object> priorObjectState,
      @JsonProperty("postObjectState") Map<String, Object> postObjectState) {
    return new InventoryChangeNotification(
        notificationId,
        Optional.empty(),
        notificationEventType,
        Optional.ofNullable(objectRef),
        Optional.ofNullable(priorObjectState),
        Optional.ofNullable(postObjectState),
        Optional.ofNullable(consumerSubscriptionId));
  }

  /** A notification whose consumer id is echoed in its canonical (lower-case) form. */
  public InventoryChangeNotification(
      UUID notificationId,
      Optional<UUID> consumerSubscriptionId,
      NotificationEventType notificationEventType,
      Optional<String> objectRef,
      Optional<Map<String, Object>> priorObjectState,
      Optional<Map<String, Object>> postObjectState) {
    this(
        notificationId,
        consumerSubscriptionId,
        notificationEventType,
        objectRef,
        priorObjectState,
        postObjectState,
        Optional.empty());
  }
}
