package io.netweave.o2ims.server.spi;

import io.netweave.o2ims.model.Subscription;
import java.time.Instant;
import java.util.Objects;

/**
 * A subscription as the store keeps it: the API object plus what the gateway needs besides.
 *
 * @param owner the identity that created it ({@code anonymous} without authentication)
 * @param dedupKey the canonical (callback, filter, consumerSubscriptionId) key used to refuse
 *     duplicates
 * @param createdAt when the store accepted it
 */
public record StoredSubscription(
    Subscription subscription, String owner, String dedupKey, Instant createdAt) {
  public StoredSubscription {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
