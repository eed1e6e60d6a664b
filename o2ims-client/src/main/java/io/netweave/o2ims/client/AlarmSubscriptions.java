package io.netweave.o2ims.client;

import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.model.AlarmSubscription;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The alarm subscriptions of a server: list, get, create and delete. A subscription's {@code
 * filter} is a bare event token ({@code NEW}, {@code CHANGE}, {@code CLEAR}, {@code ACKNOWLEDGE})
 * or a filter expression over alarm record attributes and {@code notificationEventType}; the server
 * validates it and evaluates it on the record as each event leaves it and as the subscriber last
 * heard of it, and sends the event if either matches: {@code (eq,perceivedSeverity,0)} is sent the
 * NEW, ACKNOWLEDGE and CLEAR events of critical alarms (a cleared record carries {@code
 * perceivedSeverity} 5); times compare as instants. Creating and deleting are retried only after a
 * 429 (see {@link RetryPolicy}). Thread-safe; obtained from {@link O2imsClient} and valid until it
 * is closed.
 *
 * <p>Errors: {@link IllegalArgumentException} for a callback that is not an absolute http(s) URL,
 * {@link O2imsApiException} for non-2xx answers (400 a refused filter or callback, 404 an unknown
 * id, 409 a duplicate, whose {@code additionalAttributes.alarmSubscriptionId} names the existing
 * one when it is the caller's or the caller is an admin, and is absent when it is another client's,
 * or a server without a globalCloudId), other {@link O2imsException}s for transport failures.
 */
public final class AlarmSubscriptions {
  private final SubscriptionCollection<AlarmSubscription> collection;

  AlarmSubscriptions(Api api) {
    this.collection =
        new SubscriptionCollection<>(
            api,
            api.monitoring("v1", "alarmSubscriptions"),
            AlarmSubscription.class,
            ObjectSchema.ALARM_SUBSCRIPTION);
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
    return collection.list(query);
  }

  /**
   * One alarm subscription.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public AlarmSubscription get(UUID id) {
    return collection.get(id);
  }

  /** One alarm subscription, or empty if the server answers 404. */
  public Optional<AlarmSubscription> find(UUID id) {
    return collection.find(id);
  }

  /** Subscribes a callback to every alarm event. */
  public AlarmSubscription create(URI callback) {
    return create(new SubscriptionRequest(callback.toString(), Optional.empty(), Optional.empty()));
  }

  /** Creates an alarm subscription; the server assigns its {@code alarmSubscriptionId}. */
  public AlarmSubscription create(SubscriptionRequest request) {
    SubscriptionCollection.checkCallback(request);
    return collection.create(request);
  }

  /**
   * Deletes an alarm subscription.
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public void delete(UUID id) {
    collection.delete(id);
  }
}
