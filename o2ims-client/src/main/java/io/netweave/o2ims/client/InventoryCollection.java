package io.netweave.o2ims.client;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.Exchange;
import io.netweave.o2ims.client.internal.Pages;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.ObjectType;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * One read-only inventory collection of a server ({@code resourcePools}, {@code
 * resourcePools/{id}/resources}, {@code resourceTypes}, {@code deploymentManagers}). Lists are
 * streams that follow the server's SOL013 pages: the first page is fetched by the call, the next
 * ones as the stream is consumed (each page is one GET, retried as the client's {@link RetryPolicy}
 * says). Queries are checked against the type's {@link ObjectSchema} before anything is sent.
 * Thread-safe; obtained from {@link O2imsClient} and valid until it is closed.
 *
 * <p>Every method throws {@link InvalidQueryException} for a query that does not fit the type,
 * {@link O2imsApiException} for a non-2xx answer (404 for an unknown id or pool; while a list's
 * stream is consumed, {@link O2imsPageMarkerException} when the server refuses the next page's
 * link, as after a restart: list again from the first page), and the other {@link O2imsException}s
 * for transport failures, timeouts and unreadable answers.
 *
 * @param <T> the record type of the collection's objects
 */
public final class InventoryCollection<T extends InventoryObject> {
  private final Api api;
  private final HttpUrl url;
  private final Class<T> type;
  private final ObjectType objectType;
  private final ApiView view;
  private final ObjectReader listReader;

  InventoryCollection(Api api, HttpUrl url, Class<T> type, ObjectType objectType) {
    this(api, url, type, objectType, ApiView.V1);
  }

  InventoryCollection(Api api, HttpUrl url, Class<T> type, ObjectType objectType, ApiView view) {
    this.api = api;
    this.url = url;
    this.type = type;
    this.objectType = objectType;
    this.view = view;
    this.listReader = api.json().listReader(type);
  }

  /**
   * The objects matching the query with the size of the whole filtered result, as the server's
   * {@code X-Total-Count} gives it (read from the first page, fetched by this call).
   *
   * @throws IllegalArgumentException as {@link #list(Query)}
   */
  public Listing<T> listWithTotal(Query query) {
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException(
          "a query with fields/exclude_fields returns partial objects: use select(query)");
    }
    HttpUrl first = Api.withQuery(url, query.validate(schema()));
    java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong(-1);
    Stream<T> items =
        Pages.stream(
            api.getRequest(first),
            api::get,
            page -> {
              if (total.get() < 0) {
                total.set(Listing.totalCount(page.headers().get("X-Total-Count")));
              }
              return api.json().list(page, listReader);
            });
    return new Listing<>(total.get(), items);
  }

  /** Every object, page after page. */
  public Stream<T> list() {
    return list(Query.all());
  }

  /** The objects matching the filter. */
  public Stream<T> list(Filter filter) {
    return list(Query.filter(filter));
  }

  /**
   * The objects matching the query, as records.
   *
   * @throws IllegalArgumentException if the query has an attribute selector (projected objects are
   *     not whole records: use {@link #select(Query)})
   */
  public Stream<T> list(Query query) {
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException(
          "a query with fields/exclude_fields returns partial objects: use select(query)");
    }
    HttpUrl first = Api.withQuery(url, query.validate(schema()));
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().list(page, listReader));
  }

  /** The objects matching the query, as JSON objects projected by its selector. */
  public Stream<ObjectNode> select(Query query) {
    HttpUrl first = Api.withQuery(url, query.validate(schema()));
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().trees(page));
  }

  /**
   * One object.
   *
   * @throws O2imsApiException with status 404 if there is no such object
   */
  public T get(UUID id) {
    return api.json().object(api.get(url.newBuilder().addPathSegment(id.toString()).build()), type);
  }

  /** One object, or empty if the server answers 404. */
  public Optional<T> find(UUID id) {
    try {
      return Optional.of(get(id));
    } catch (O2imsApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * One object as JSON, projected by the query's selector.
   *
   * @throws IllegalArgumentException if the query has a filter (a single object is not filtered)
   */
  public ObjectNode select(UUID id, Query query) {
    if (query.hasFilter()) {
      throw new IllegalArgumentException("a single-object GET takes no filter; use select(query)");
    }
    HttpUrl target =
        Api.withQuery(
            url.newBuilder().addPathSegment(id.toString()).build(), query.validate(schema()));
    Exchange answer = api.get(target);
    return api.json().tree(answer);
  }

  private ObjectSchema schema() {
    return view.schema(objectType);
  }

  @Override
  public String toString() {
    return "InventoryCollection[" + url + "]";
  }
}
