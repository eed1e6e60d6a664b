package io.netweave.o2ims.server.internal.notify;

import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy;
import io.netweave.o2ims.server.internal.notify.delivery.HostResolver;
import io.netweave.o2ims.server.internal.notify.redis.RedisLeases;
import io.netweave.o2ims.server.internal.notify.redis.RedisOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import io.netweave.o2ims.server.spi.NotificationLeases;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import okhttp3.OkHttpClient;

/** Builds engines for tests with tiny intervals and owns the HTTP clients it creates. */
final class Engines implements AutoCloseable {
  final MetricRegistry registry = new MetricRegistry();
  private final java.util.List<OkHttpClient> clients =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<NotificationEngine> engines =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  static NotificationSettings settings(int maxAttempts) {
    return NotificationSettings.builder()
        .retry(new RetryPolicy(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(80), 0.2))
        .deliveryTimeout(Duration.ofSeconds(2))
        .workers(4)
        .pollInterval(Duration.ofMillis(20))
        .leaseTtl(Duration.ofMillis(400))
        .subscriptionRefresh(Duration.ofMillis(50))
        .allowHttp(true)
        .callbackAllowList(List.of("127.0.0.1"))
        .build();
  }

  CallbackClient client(NotificationSettings settings, HostResolver resolver) {
    OkHttpClient base = new OkHttpClient.Builder().callTimeout(settings.deliveryTimeout()).build();
    clients.add(base);
    return new CallbackClient(
        base,
        new CallbackPolicy(settings.allowHttp(), settings.callbackAllowList(), resolver),
        settings.callbackAuth(),
        O2Json.newMapper(),
        Clock.systemUTC());
  }

  NotificationEngine start(
      NotificationSettings settings,
      TestInventory source,
      SubscriptionStore store,
      NotificationOutbox outbox,
      NotificationLeases leases,
      String owner) {
    return start(settings, source, store, outbox, leases, owner, HostResolver.system());
  }

  NotificationEngine start(
      NotificationSettings settings,
      TestInventory source,
      SubscriptionStore store,
      NotificationOutbox outbox,
      NotificationLeases leases,
      String owner,
      HostResolver resolver) {
    return start(settings, source, store, outbox, leases, owner, resolver, Clock.systemUTC());
  }

  /** An engine on {@code clock} (its retries wait for that clock; leases keep their own). */
  NotificationEngine start(
      NotificationSettings settings,
      TestInventory source,
      SubscriptionStore store,
      NotificationOutbox outbox,
      NotificationLeases leases,
      String owner,
      HostResolver resolver,
      Clock clock) {
    NotificationEngine engine =
        new NotificationEngine(
            settings,
            source,
            store,
            outbox,
            leases,
            client(settings, resolver),
            new NotificationMetrics(registry),
            O2Json.newMapper(),
            clock,
            owner);
    source.addListener(engine.listener());
    engine.start();
    engines.add(engine);
    return engine;
  }

  /** A producer storing into {@code outbox} for {@code index}'s subscriptions, metrics its own. */
  static NotificationProducer producer(
      NotificationOutbox outbox,
      SubscriptionIndex index,
      com.fasterxml.jackson.databind.ObjectMapper mapper) {
    return new NotificationProducer(
        outbox, index, mapper, Clock.systemUTC(), new NotificationMetrics(new MetricRegistry()));
  }

  /** A subscription store on {@code redis} under the key prefix the notification ITs use. */
  static RedisSubscriptionStore redisStore(RedisServerFixture redis) {
    return new RedisSubscriptionStore(redis.commands(), "test:");
  }

  /**
   * An outbox on {@code redis} under the notification ITs' prefix: every one made on the same
   * server is the same outbox, as replicas sharing a Redis see it.
   */
  static RedisOutbox redisOutbox(RedisServerFixture redis) {
    return new RedisOutbox(redis.commands(), "test:notify:");
  }

  /** Leases on {@code redis}, shared like {@link #redisOutbox}'s outbox. */
  static RedisLeases redisLeases(RedisServerFixture redis) {
    return new RedisLeases(redis.commands(), "test:notify:");
  }

  static StoredSubscription subscription(String callback, String filter, UUID consumerId) {
    UUID id = UUID.randomUUID();
    return new StoredSubscription(
        new Subscription(
            id, Optional.ofNullable(consumerId), Optional.ofNullable(filter), callback),
        "anonymous",
        callback + "|" + filter + "|" + consumerId + "|" + id,
        Instant.now());
  }

  @Override
  public void close() {
    engines.forEach(NotificationEngine::halt);
    for (OkHttpClient c : clients) {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    }
  }
}
