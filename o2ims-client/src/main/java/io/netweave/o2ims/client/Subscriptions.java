package io.netweave.o2ims.client;

import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.SubscriptionFilter;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The inventory subscriptions of a server: list, get, create and delete. Creating and deleting are
 * retried only after a 429, which refuses a request before it is processed ({@link RetryPolicy});
 * never after a transport failure or a timeout, which leave it unknown whether the server acted
 * (list to find out; a create sent again meets the first as a 409 naming it). Thread-safe; obtained
 * from {@link O2imsClient} and valid until it is closed.
 *
 * <p>Errors: {@link InvalidQueryException} for a malformed subscription filter or list query
 * (before sending), {@link IllegalArgumentException} for a callback that is not an absolute http(s)
 * URL, {@link O2imsApiException} for non-2xx answers (400 for a callback the server refuses, 404
 * for an unknown id, 409 for a duplicate: when the existing subscription is the caller's, or the
 * caller is an admin, {@code additionalAttributes.subscriptionId} names it; when it is another
 * client's, the problem has no id and its detail says so), and the other {@link O2imsException}s
 * for transport failures.
 */
public final class Subscriptions {
  private final ApiView view;
  private final SubscriptionCollection<Subscription> collection;

  Subscriptions(Api api) {
    this(api, ApiView.V1);
  }

  Subscriptions(Api api, ApiView view) {
    this.view = view;
    this.collection =
        new SubscriptionCollection<>(
            api,
            api.inventory(view.segment(), "subscriptions"),
            Subscription.class,
            ObjectSchema.SUBSCRIPTION_V1);
  }

  /** Every subscription, page after page. */
  public Stream<Subscription> list() {
    return list(Query.all());
  }

  /**
   * The subscriptions matching the query.
   *
   * @throws IllegalArgumentException if the query has an attribute selector
   */
  public Stream<Subscription> list(Query query) {
    return collection.list(query);
  }

  /**
   * One subscription.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public Subscription get(UUID id) {
    return collection.get(id);
  }

  /** One subscription, or empty if the server answers 404. */
  public Optional<Subscription> find(UUID id) {
    return collection.find(id);
  }

  /** Subscribes a callback to every inventory change. */
  public Subscription create(URI callback) {
    return create(new SubscriptionRequest(callback.toString(), Optional.empty(), Optional.empty()));
  }

  /**
   * Creates a subscription; its filter is parsed with the model's {@link SubscriptionFilter} first.
   *
   * @return the stored subscription with its server-assigned id
   */
  public Subscription create(SubscriptionRequest request) {
    SubscriptionCollection.checkCallback(request);
    request.filter().ifPresent(f -> SubscriptionFilter.parse(f, view));
    return collection.create(request);
  }

  /**
   * Deletes a subscription.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public void delete(UUID id) {
    collection.delete(id);
  }
}
