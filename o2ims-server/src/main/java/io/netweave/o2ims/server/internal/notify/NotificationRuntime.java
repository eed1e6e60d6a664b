package io.netweave.o2ims.server.internal.notify;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy;
import io.netweave.o2ims.server.internal.notify.delivery.HostResolver;
import io.netweave.o2ims.server.internal.notify.embedded.DataDirectoryCheck;
import io.netweave.o2ims.server.internal.notify.embedded.DataDirectoryHealth;
import io.netweave.o2ims.server.internal.notify.embedded.LocalLeases;
import io.netweave.o2ims.server.internal.notify.embedded.MvAlarmStore;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.internal.notify.embedded.MvSubscriptionStore;
import io.netweave.o2ims.server.internal.notify.embedded.StoreFormatFile;
import io.netweave.o2ims.server.internal.notify.redis.RedisAlarmStore;
import io.netweave.o2ims.server.internal.notify.redis.RedisDurability;
import io.netweave.o2ims.server.internal.notify.redis.RedisLeases;
import io.netweave.o2ims.server.internal.notify.redis.RedisOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisPersistenceCheck;
import io.netweave.o2ims.server.internal.notify.redis.RedisStoreConnection;
import io.netweave.o2ims.server.internal.notify.redis.RedisStoreFormat;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import io.netweave.o2ims.server.spi.AlarmStore;
import io.netweave.o2ims.server.spi.NotificationLeases;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * Everything the composition root needs for subscriptions' storage and notifications, created from
 * the {@code notifications} section: the subscription store, the outbox and leases ({@code
 * notify.embedded} MVStore files, or {@code notify.redis} on one connection opened from the
 * borrowed {@link RedisConnector}, keys under {@code subscriptions.redis_prefix} and {@code
 * notifications.redis_prefix}), the callback HTTP client, the callback validator for the
 * subscription route, the alarm records and alarm subscriptions beside them, and the engine. Owns
 * and closes all of them (engine first), never the borrowed connector. Lifecycle: {@link #open},
 * then {@link #start()} after the inventory source started, then {@link #close()}.
 */
public final class NotificationRuntime implements AutoCloseable {
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private final SubscriptionStore subscriptions;
  private final SubscriptionCallbackValidator validator;
  private final Optional<NotificationEngine> engine;
  private final SubscriptionStore alarmSubscriptions;
  private final AlarmStore alarms;
  private final Optional<DataDirectoryHealth> dataDirectory;

  private NotificationRuntime(
      SubscriptionStore subscriptions,
      SubscriptionStore alarmSubscriptions,
      AlarmStore alarms,
      SubscriptionCallbackValidator validator,
      Optional<NotificationEngine> engine,
      Optional<DataDirectoryHealth> dataDirectory) {
    this.dataDirectory = dataDirectory;
    this.alarmSubscriptions = alarmSubscriptions;
    this.alarms = alarms;
    this.subscriptions = subscriptions;
    this.validator = validator;
    this.engine = engine;
  }

  /**
   * Opens the storage and builds the engine, adding its listener to {@code source} (call before the
   * source starts).
   *
   * @param redis the composition root's connector; required when {@code notifications.store} is
   *     {@code redis}
   * @throws ConfigException when the settings cannot be used
   */
  public static NotificationRuntime open(
      ServerConfig config,
      Optional<RedisConnector> redis,
      InventorySource source,
      MetricRegistry registry,
      ObjectMapper mapper,
      Clock clock) {
    Deque<AutoCloseable> owned = new ArrayDeque<>();
    try {
      SubscriptionStore store;
      SubscriptionStore alarmSubscriptions;
      AlarmStore alarms;
      NotificationOutbox outbox;
      NotificationLeases leases;
      Optional<DataDirectoryHealth> dataDirectory = Optional.empty();
      NotificationSettings settings = NotificationSettings.from(config);
      if (config.notifications().store() == ServerConfig.Store.REDIS) {
        RedisConnector connector =
            redis.orElseThrow(
                () -> new ConfigException("notifications.store redis needs redis.url"));
        if (connector.settings().cluster()) {
          throw new ConfigException(
              "notifications.store redis needs a standalone or Sentinel redis.url: its scripts"
                  + " touch several keys at once, which Redis Cluster refuses (redis.cluster)");
        }
        // A Redis down at start does not stop it: the stores answer as during an outage until the
        // connection opens (RedisStoreConnection).
        RedisStoreConnection connection =
            RedisStoreConnection.open(
                connector,
                c -> RedisPersistenceCheck.run(c, java.time.Duration.ofSeconds(2)),
                RedisStoreFormat.of(
                        config.subscriptions().redisPrefix(), config.notifications().redisPrefix())
                    ::check);
        owned.push(connection);
        connection
            .refusal()
            .ifPresent(
                refusal -> {
                  throw new ConfigException(refusal);
                });
        RedisCommands<String, String> commands = connection.commands();
        RedisDurability durability =
            RedisDurability.waitFor(
                commands,
                config.notifications().redisWaitReplicas(),
                config.notifications().redisWaitTimeout());
        store =
            new RedisSubscriptionStore(commands, config.subscriptions().redisPrefix(), durability);
        String prefix = config.notifications().redisPrefix();
        outbox = new RedisOutbox(commands, prefix, durability);
        leases = new RedisLeases(commands, prefix);
        alarmSubscriptions =
            new RedisSubscriptionStore(
                commands, config.subscriptions().redisPrefix() + "alarm:", durability);
        alarms = new RedisAlarmStore(commands, prefix);
      } else {
        DataDirectoryCheck.requireWritable(config.dataDir());
        StoreFormatFile.require(config.dataDir());
        DataDirectoryHealth health = new DataDirectoryHealth(config.dataDir());
        dataDirectory = Optional.of(health);
        try {
          store = new MvSubscriptionStore(config.dataDir(), mapper, health);
          owned.push(store);
          alarmSubscriptions =
              new MvSubscriptionStore(config.dataDir().resolve("alarms"), mapper, health);
          owned.push(alarmSubscriptions);
          alarms = new MvAlarmStore(config.dataDir().resolve("alarms"), health);
          owned.push(alarms);
          outbox = new MvStoreOutbox(config.dataDir(), health);
        } catch (MVStoreException e) {
          if (accessDenied(e)) {
            // A store file of another owner in a writable directory (a directory copied as root)
            throw DataDirectoryCheck.refused(config.dataDir(), e);
          }
          if (e.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
            throw e;
          }
          throw new ConfigException(
              "storage.data_dir "
                  + config.dataDir().toAbsolutePath()
                  + " is in use by another process ("
                  + e.getMessage()
                  + "); stop it, or give this gateway its own directory with --data-dir DIR",
              e);
        }
        leases = new LocalLeases(clock);
        registry.gauge("storage.data_dir.write_failing", () -> () -> health.failing() ? 1 : 0);
        registry.gauge("storage.data_dir.write_failures", () -> health::failures);
        // A store file whose write failed (a full volume) is reopened and tried every second, so
        // the gateway recovers by itself once there is space again.
        java.util.concurrent.ScheduledExecutorService recovery =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "data-dir-recovery");
                  t.setDaemon(true);
                  return t;
                });
        recovery.scheduleWithFixedDelay(
            health::recover, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        owned.push(recovery::shutdownNow);
      }
      owned.push(outbox);
      owned.push(leases);
      OkHttpClient http = CallbackClient.baseClient(settings.deliveryTimeout(), settings.workers());
      owned.push(
          () -> {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
          });
      CallbackPolicy policy =
          new CallbackPolicy(
              settings.allowHttp(), settings.callbackAllowList(), HostResolver.system());
      CallbackClient callbacks =
          new CallbackClient(
              http, policy, settings.callbackAuth(), mapper, clock, settings.workers());
      owned.push(callbacks::close);
      SubscriptionCallbackValidator validator =
          new SubscriptionCallbackValidator(policy, callbacks, settings.probeCallbacks());
      Optional<NotificationEngine> engine = Optional.empty();
      if (config.notifications().enabled()) {
        NotificationEngine e =
            new NotificationEngine(
                settings,
                source,
                store,
                java.util.List.of(alarmSubscriptions),
                outbox,
                leases,
                callbacks,
                new NotificationMetrics(registry),
                mapper,
                clock,
                hostName() + "/" + UUID.randomUUID());
        source.addListener(e.listener());
        owned.push(e);
        engine = Optional.of(e);
      }
      NotificationRuntime runtime =
          new NotificationRuntime(
              store, alarmSubscriptions, alarms, validator, engine, dataDirectory);
      runtime.owned.addAll(owned);
      return runtime;
    } catch (RuntimeException e) {
      closeAll(owned);
      throw e;
    }
  }

  /** Starts producing and delivering (after the inventory source started). */
  public void start() {
    engine.ifPresent(NotificationEngine::start);
  }

  /** The subscription store the subscription routes use. */
  public SubscriptionStore subscriptions() {
    return subscriptions;
  }

  /** The alarm subscriptions (delivered by the same engine, from the same outbox). */
  public SubscriptionStore alarmSubscriptions() {
    return alarmSubscriptions;
  }

  /** The alarm records and alarm service configuration, beside the outbox. */
  public AlarmStore alarms() {
    return alarms;
  }

  /** What the subscription route calls on a new callback (policy and optional probe). */
  public SubscriptionCallbackValidator callbackValidator() {
    return validator;
  }

  /**
   * Why the embedded stores' data directory cannot be written, while a write to it failed ({@code
   * /readyz}); always empty with the Redis store.
   */
  public Optional<String> dataDirectoryFailure() {
    return dataDirectory.flatMap(DataDirectoryHealth::failure);
  }

  /** The engine, absent when {@code notifications.enabled} is false (admin routes, tests). */
  public Optional<NotificationEngine> engine() {
    return engine;
  }

  /** Re-index subscriptions before the next change (the subscription routes call it on writes). */
  public void subscriptionsChanged() {
    engine.ifPresent(NotificationEngine::subscriptionsChanged);
  }

  @Override
  public void close() {
    closeAll(owned);
  }

  private static void closeAll(Deque<AutoCloseable> owned) {
    while (!owned.isEmpty()) {
      try {
        owned.pop().close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(NotificationRuntime.class)
            .warn("closing notification resources failed", e);
      }
    }
  }

  private static boolean accessDenied(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.file.AccessDeniedException) {
        return true;
      }
    }
    return false;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "replica";
    }
  }
}
