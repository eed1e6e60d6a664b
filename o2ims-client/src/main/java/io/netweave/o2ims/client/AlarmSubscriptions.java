package io.netweave.o2ims.client;

import com.fasterxml.jackson.databind.ObjectReader;
import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.Pages;
import io.netweave.o2ims.model.AlarmSubscription;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The alarm subscriptions of a server: list, get, create and delete. A subscription's {@code
 * filter} is a bare event token ({@code NEW}, {@code CHANGE}, {@code CLEAR}, {@code ACKNOWLEDGE})
 * or a filter expression over alarm record attributes and {@code notificationEventType}; the server
 * validates it. Creating and deleting are never retried. Thread-safe; obtained from {@link
 * O2imsClient} and valid until it is closed.
 *
 * <p>Errors: {@link IllegalArgumentException} for a callback that is not an absolute http(s) URL,
 * {@link O2imsApiException} for non-2xx answers (400 a refused filter or callback, 404 an unknown
 * id, 409 a duplicate, whose {@code additionalAttributes.alarmSubscriptionId} names the existing
 * one, or a server without a globalCloudId), other {@link O2imsException}s for transport failures.
 */
public final class AlarmSubscriptions {
  private final Api api;
  private final HttpUrl url;
  private final ObjectReader listReader;

  AlarmSubscriptions(Api api) {
    this.api = api;
    this.url = api.monitoring("v1", "alarmSubscriptions");
    this.listReader = api.json().listReader(AlarmSubscription.class);
  }

  /** Every alarm subscription the caller may see, page after page. */
  public Stream<AlarmSubscription> list() {
    return list(Query.all());
  }

  /**
   * The alarm subscriptions matching the query.
   *
   * @throws IllegalArgumentException if the query has an attribute selector
   */
  public Stream<AlarmSubscription> list(Query query) {
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException("subscriptions are listed whole; drop the selector");
    }
    HttpUrl first = Api.withQuery(url, query.validate(ObjectSchema.ALARM_SUBSCRIPTION));
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().list(page, listReader));
  }

  /**
   * One alarm subscription.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public AlarmSubscription get(UUID id) {
    return api.json().object(api.get(item(id)), AlarmSubscription.class);
  }

  /** One alarm subscription, or empty if the server answers 404. */
  public Optional<AlarmSubscription> find(UUID id) {
    try {
      return Optional.of(get(id));
    } catch (O2imsApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Subscribes a callback to every alarm event. */
  public AlarmSubscription create(URI callback) {
    return create(new SubscriptionRequest(callback.toString(), Optional.empty(), Optional.empty()));
  }

  /** Creates an alarm subscription; the server assigns its {@code alarmSubscriptionId}. */
  public AlarmSubscription create(SubscriptionRequest request) {
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
    return api.json().object(api.post(url, request), AlarmSubscription.class);
  }

  /**
   * Deletes an alarm subscription.
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
