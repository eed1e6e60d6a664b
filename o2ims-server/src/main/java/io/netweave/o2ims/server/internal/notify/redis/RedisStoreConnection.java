package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.netweave.o2ims.cache.OutageLog;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.server.internal.redis.LateConnection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification store's one connection to a standalone or Sentinel Redis, which a Redis down
 * when the gateway starts does not stop ({@link LateConnection}: tried once at start, then in the
 * background every {@code redis.retry_after}, each failure in the connector's outage log). Until it
 * is open, {@link #commands()} answers every command with a {@link RedisConnectionException} saying
 * so, which the stores already treat as Redis being down (503 for requests, an outage for the
 * notification engine's operations), exactly as while an open connection is reconnecting.
 *
 * <p>The commands are a {@link Proxy} over {@link RedisCommands} that hands each call to the open
 * connection's own synchronous API (itself Lettuce's proxy over its asynchronous one), so that the
 * Redis stores, the leases and the WAIT durability keep taking {@code RedisCommands} unchanged.
 *
 * <p>A Redis that answers and refuses the first connection (password, database) stops the start, as
 * before. A store whose format mark this release does not read ({@link RedisStoreFormat}) is
 * refused: {@link #refusal()} says why (the composition root stops the start with it), and when the
 * connection opened late every command answers a {@link RedisConnectionException} with it, so that
 * nothing is read from or written into that store. Thread-safe. {@link #close()} closes the
 * connection and stops the attempts.
 */
public final class RedisStoreConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisStoreConnection.class);
  private final LateConnection<StatefulRedisConnection<String, String>> connection;
  private final Duration retryEvery;
  private final RedisCommands<String, String> commands;
  private final AtomicReference<String> refused;

  private RedisStoreConnection(
      LateConnection<StatefulRedisConnection<String, String>> connection,
      Duration retryEvery,
      AtomicReference<String> refused) {
    this.connection = connection;
    this.retryEvery = retryEvery;
    this.refused = refused;
    this.commands =
        (RedisCommands<String, String>)
            Proxy.newProxyInstance(
                RedisCommands.class.getClassLoader(),
                new Class<?>[] {RedisCommands.class},
                (proxy, method, args) -> invoke(method, args));
  }

  /**
   * Opens the connection, or, when Redis cannot be reached, starts opening it in the background.
   *
   * @param onOpen runs once the connection is open (the persistence check)
   * @throws RedisConnectionException when Redis answers but refuses the connection
   */
  public static RedisStoreConnection open(
      RedisConnector connector, Consumer<StatefulRedisConnection<String, String>> onOpen) {
    return open(connector, onOpen, c -> Optional.empty());
  }

  /**
   * Opens the connection as {@link #open(RedisConnector, Consumer)} does, and once it is open
   * (after {@code onOpen}) checks the store's format.
   *
   * @param formatCheck the refusal of the store's format, or empty when this release reads it
   *     ({@link RedisStoreFormat#check}); a Redis that does not answer it is only warned about
   * @throws RedisConnectionException when Redis answers but refuses the connection
   */
  public static RedisStoreConnection open(
      RedisConnector connector,
      Consumer<StatefulRedisConnection<String, String>> onOpen,
      Function<RedisCommands<String, String>, Optional<String>> formatCheck) {
    AtomicReference<String> refused = new AtomicReference<>();
    AtomicBoolean started = new AtomicBoolean();
    LateConnection<StatefulRedisConnection<String, String>> late =
        LateConnection.open(
            connector,
            () -> connector.connect(StringCodec.UTF8),
            () ->
                ((RedisClient) connector.client())
                    .connectAsync(StringCodec.UTF8, connector.uris().get(0)),
            c -> {
              onOpen.accept(c);
              check(c, formatCheck)
                  .ifPresent(
                      refusal -> {
                        refused.set(refusal);
                        if (started.get()) {
                          // opened late: no start to stop, so the log says it
                          LOG.error("{}; every notification store operation fails", refusal);
                        }
                      });
            });
    started.set(true);
    return new RedisStoreConnection(late, connector.settings().retryAfter(), refused);
  }

  private static Optional<String> check(
      StatefulRedisConnection<String, String> open,
      Function<RedisCommands<String, String>, Optional<String>> formatCheck) {
    try {
      return formatCheck.apply(open.sync());
    } catch (RedisException e) {
      LOG.warn(
          "could not check the notification store's format mark in Redis ({}); going on without",
          e.toString());
      return Optional.empty();
    }
  }

  /** Why this release does not use the store, once the connection opened; empty while it may. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refused.get());
  }

  /**
   * The synchronous commands of the connection: Lettuce's while it is open (and while it
   * reconnects); a {@link RedisConnectionException} for every command until it is.
   */
  public RedisCommands<String, String> commands() {
    return commands;
  }

  /** Whether the connection was opened (it may be reconnecting now). */
  public boolean isOpen() {
    return connection.get().isPresent();
  }

  private Object invoke(Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args[0] == commands;
        case "hashCode" -> System.identityHashCode(this);
        default -> "commands of the notification store's Redis connection";
      };
    }
    String refusal = refused.get();
    if (refusal != null) {
      throw new RedisConnectionException(refusal);
    }
    StatefulRedisConnection<String, String> open =
        connection
            .get()
            .orElseThrow(
                () ->
                    new RedisConnectionException(
                        "the notification store's connection to Redis at "
                            + connection.target()
                            + " is not open yet: Redis could not be reached since the start;"
                            + " trying again every "
                            + OutageLog.text(retryEvery)));
    try {
      return method.invoke(open.sync(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
