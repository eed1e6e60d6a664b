package io.netweave.o2ims.client;

import com.fasterxml.jackson.databind.ObjectReader;
import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.Pages;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The HTTP side that inventory and alarm subscriptions share: a paged list, get, find, create and
 * delete on one collection URL. Thread-safe; owned by {@link Subscriptions} and {@link
 * AlarmSubscriptions}, which add their own filter checks and Javadoc.
 */
final class SubscriptionCollection<T> {
  private final Api api;
  private final HttpUrl url;
  private final Class<T> type;
  private final ObjectSchema schema;
  private final ObjectReader listReader;

  SubscriptionCollection(Api api, HttpUrl url, Class<T> type, ObjectSchema schema) {
    this.api = api;
    this.url = url;
    this.type = type;
    this.schema = schema;
    this.listReader = api.json().listReader(type);
  }

  /** Refuses, before sending, a callback that is not an absolute http(s) URL. */
  static void checkCallback(SubscriptionRequest request) {
    URI callback;
    try {
      callback = new URI(request.callback());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the callback is not a URI: " + e.getMessage(), e);
    }
    String scheme = callback.getScheme();
    if (!callback.isAbsolute()
        || callback.getHost() == null
        || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
      throw new IllegalArgumentException(
          "the callback must be an absolute http(s) URL, not " + request.callback());
    }
  }

  Stream<T> list(Query query) {
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException("subscriptions are listed whole; drop the selector");
    }
    HttpUrl first = Api.withQuery(url, query.validate(schema));
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().list(page, listReader));
  }

  T get(UUID id) {
    return api.json().object(api.get(item(id)), type);
  }

  Optional<T> find(UUID id) {
    try {
      return Optional.of(get(id));
    } catch (O2imsApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  T create(SubscriptionRequest request) {
    return api.json().object(api.post(url, request), type);
  }

  void delete(UUID id) {
    api.delete(item(id));
  }

  private HttpUrl item(UUID id) {
    return url.newBuilder().addPathSegment(id.toString()).build();
  }
}
