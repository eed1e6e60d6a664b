package io.netweave.o2ims.client;

import com.fasterxml.jackson.databind.ObjectReader;
import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.Pages;
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
import okhttp3.HttpUrl;

/**
 * The inventory subscriptions of a server: list, get, create and delete. Creating and deleting are
 * never retried (a transport failure leaves it unknown whether the server acted; list to find out).
 * Thread-safe; obtained from {@link O2imsClient} and valid until it is closed.
 *
 * <p>Errors: {@link InvalidQueryException} for a malformed subscription filter or list query
 * (before sending), {@link IllegalArgumentException} for a callback that is not an absolute http(s)
 * URL, {@link O2imsApiException} for non-2xx answers (400 for a callback the server refuses, 404
 * for an unknown id, 409 for a duplicate, whose {@code additionalAttributes.subscriptionId} names
 * the existing subscription), and the other {@link O2imsException}s for transport failures.
 */
public final class Subscriptions {
  private final Api api;
  private final HttpUrl url;
  private final ApiView view;
  private final ObjectReader listReader;

  Subscriptions(Api api) {
    this(api, ApiView.V1);
  }

  Subscriptions(Api api, ApiView view) {
    this.api = api;
    this.view = view;
    this.url = api.inventory(view.segment(), "subscriptions");
    this.listReader = api.json().listReader(Subscription.class);
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
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException("subscriptions are listed whole; drop the selector");
    }
    HttpUrl first = Api.withQuery(url, query.validate(ObjectSchema.SUBSCRIPTION_V1));
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().list(page, listReader));
  }

  /**
   * One subscription.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public Subscription get(UUID id) {
    return api.json().object(api.get(item(id)), Subscription.class);
  }

  /** One subscription, or empty if the server answers 404. */
  public Optional<Subscription> find(UUID id) {
    try {
      return Optional.of(get(id));
    } catch (O2imsApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
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
    URI callback;
    try {
      callback = new URI(request.callback());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("the callback is not a URI: " + e.getMessage(), e);
    }
    String scheme = callback.getScheme();
    if (!callback.isAbsolute()
        || callback.getHost() == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
      throw new IllegalArgumentException(
          "the callback must be an absolute http(s) URL, not " + request.callback());
    }
    request.filter().ifPresent(f -> SubscriptionFilter.parse(f, view));
    return api.json().object(api.post(url, request), Subscription.class);
  }

  /**
   * Deletes a subscription.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public void delete(UUID id) {
    api.delete(item(id));
  }

  private HttpUrl item(UUID id) {
    return url.newBuilder().addPathSegment(id.toString()).build();
  }
}
