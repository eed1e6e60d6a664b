package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The body of a subscription create request: a callback URL, an optional consumer id and an
 * optional filter. The server allocates the {@code subscriptionId}. Written without {@code
 * Optional}s as {@code SubscriptionRequest.to(callback).withFilter("(eq,objectType,Resource)")};
 * the filter is not parsed here (the SDK parses it for the view it creates the subscription in).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record SubscriptionRequest(
    String callback, Optional<UUID> consumerSubscriptionId, Optional<String> filter) {

  public SubscriptionRequest {
    Objects.requireNonNull(callback, "callback");
    consumerSubscriptionId = Objects.requireNonNullElse(consumerSubscriptionId, Optional.empty());
    filter = Objects.requireNonNullElse(filter, Optional.empty());
  }

  /** A request for every change to be sent to {@code callback}, with no consumer id. */
  public static SubscriptionRequest to(java.net.URI callback) {
    return new SubscriptionRequest(
        Objects.requireNonNull(callback, "callback").toString(),
        Optional.empty(),
        Optional.empty());
  }

  /** This request with the given filter expression instead of its own. */
  public SubscriptionRequest withFilter(String expression) {
    return new SubscriptionRequest(
        callback,
        consumerSubscriptionId,
        Optional.of(Objects.requireNonNull(expression, "filter")));
  }

  /** This request with the given consumer subscription id instead of its own. */
  public SubscriptionRequest withConsumerSubscriptionId(UUID id) {
    return new SubscriptionRequest(
        callback, Optional.of(Objects.requireNonNull(id, "consumerSubscriptionId")), filter);
  }

  /** The subscription this request becomes once the server gives it an id. */
  public Subscription withId(UUID subscriptionId) {
    return new Subscription(subscriptionId, consumerSubscriptionId, filter, callback);
  }
}
