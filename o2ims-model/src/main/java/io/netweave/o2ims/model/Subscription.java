package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A stored inventory subscription ({@code SubscriptionInfo}), as the server returns it. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Subscription(
    UUID subscriptionId,
    Optional<UUID> consumerSubscriptionId,
    Optional<String> filter,
    String callback) {

  public Subscription {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    consumerSubscriptionId = Objects.requireNonNullElse(consumerSubscriptionId, Optional.empty());
    filter = Objects.requireNonNullElse(filter, Optional.empty());
    Objects.requireNonNull(callback, "callback");
  }
}
