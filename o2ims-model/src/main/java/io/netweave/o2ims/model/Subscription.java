package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored inventory subscription ({@code SubscriptionInfo}), as the server returns it. The {@code
 * consumerSubscriptionId} is written exactly as the SMO sent it ({@link
 * #consumerSubscriptionIdText()}, letter case included); {@link #consumerSubscriptionId()} is its
 * UUID, for comparisons.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(value = "consumerSubscriptionUuid", ignoreUnknown = true)
public record Subscription(
    UUID subscriptionId,
    @JsonProperty("consumerSubscriptionUuid") Optional<UUID> consumerSubscriptionId,
    Optional<String> filter,
    String callback,
    @JsonProperty("consumerSubscriptionId") Optional<String> consumerSubscriptionIdText) {

  public Subscription {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    consumerSubscriptionIdText =
        ConsumerSubscriptionIds.text(consumerSubscriptionId, consumerSubscriptionIdText);
    consumerSubscriptionId = ConsumerSubscriptionIds.id(consumerSubscriptionIdText);
    filter = Objects.requireNonNullElse(filter, Optional.empty());
    Objects.requireNonNull(callback, "callback");
  }

  @JsonCreator
  static Subscription fromJson(
      @JsonProperty("subscriptionId") UUID subscriptionId,
      @JsonProperty("consumerSubscriptionId") String consumerSubscriptionId,
      @JsonProperty("filter") String filter,
      @JsonProperty("callback") String callback) {
    return new Subscription(
        subscriptionId,
        Optional.empty(),
        Optional.ofNullable(filter),
        callback,
        Optional.ofNullable(consumerSubscriptionId));
  }

  /** A subscription whose consumer id is echoed in its canonical (lower-case) form. */
  public Subscription(
      UUID subscriptionId,
      Optional<UUID> consumerSubscriptionId,
      Optional<String> filter,
      String callback) {
    this(subscriptionId, consumerSubscriptionId, filter, callback, Optional.empty());
  }
}
