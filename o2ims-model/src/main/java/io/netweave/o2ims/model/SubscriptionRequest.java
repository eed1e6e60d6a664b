package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The body of a subscription create request: a callback URL, an optional consumer id and an
 * optional filter. The server allocates the {@code subscriptionId}.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record SubscriptionRequest(
    String callback, Optional<UUID> consumerSubscriptionId, Optional<String> filter) {

  public SubscriptionRequest {
    Objects.requireNonNull(callback, "callback");
    consumerSubscriptionId = Objects.requireNonNullElse(consumerSubscriptionId, Optional.empty());
    filter = Objects.requireNonNullElse(filter, Optional.empty());
  }

  /** The subscription this request becomes once the server gives it an id. */
  public Subscription withId(UUID subscriptionId) {
    return new Subscription(subscriptionId, consumerSubscriptionId, filter, callback);
  }
}
