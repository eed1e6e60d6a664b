package io.netweave.o2ims.server.spi;

import io.netweave.o2ims.model.Subscription;
import java.time.Instant;
import java.util.Objects;

/**
 * A subscription as the store keeps it: the API object plus what the gateway needs besides.
 *
 * @param owner who created it, as an {@link OwnerKeys owner key}: how its principal authenticated
 *     and its subject ({@code token:<issuer>|<sub>}, {@code cert:<DN>}, {@code anonymous} without
 *     authentication, or {@code legacy:<subject>} for a record stored before owners were
 *     namespaced); never part of an API answer
 * @param dedupKey the canonical (view, callback, filter, consumerSubscriptionId) key used to refuse
 *     duplicates; it starts with {@code v2\n} for a subscription of the v2 view (so every store
 *     keeps the view without a schema change, and the same request in two views is no duplicate)
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

  /** The prefix of the dedup key of a subscription of the v2 view. */
  public static final String V2_KEY_PREFIX = "v2\n";

  /** The API view the subscription was created in (its notifications carry that view's shapes). */
  public io.netweave.o2ims.model.ApiView view() {
    return dedupKey.startsWith(V2_KEY_PREFIX)
        ? io.netweave.o2ims.model.ApiView.V2
        : io.netweave.o2ims.model.ApiView.V1;
  }
}
