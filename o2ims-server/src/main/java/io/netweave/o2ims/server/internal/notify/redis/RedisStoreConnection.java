package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.netweave.o2ims.cache.OutageLog;
import io.netweave.o2ims.cache.RedisConnector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The notification store's one connection to a standalone or Sentinel Redis, which a Redis down
 * when the gateway starts does not stop: {@link #open} tries once, as the start always did; if
 * Redis cannot be reached, the start goes on and the connection is opened again in the background
 * every {@code redis.retry_after} until it opens. Each failed attempt goes to the connector's
 * per-address outage log ({@link RedisConnector#openFailed}: one WARN naming the address and the
 * cause, at most one a minute, one INFO once open), which also reports the connection's later
 * reconnections. Until it is open, {@link #commands()} answers every command with a {@link
 * RedisConnectionException} saying so, which the stores already treat as Redis being down (503 for
 * requests, an outage for the notification engine's operations), exactly as while an open
 * connection is reconnecting.
 *
 * <p>A first connection Redis itself refuses at start (a wrong password, a database that does not
 * exist) is no outage: it stops the start, as before (later, in the background, it is one more
 * failed attempt in the outage log, which names Redis's answer). {@code onOpen} runs once, when the
 * connection opens, never on a Lettuce event loop (the persistence check waits for replies).
 * Thread-safe. {@link #close()} closes the connection and stops the attempts.
 */
public final class RedisStoreConnection implements AutoCloseable {
  private final RedisConnector connector;
  private final Consumer<StatefulRedisConnection<String, String>> onOpen;
  private final AtomicReference<StatefulRedisConnection<String, String>> connection =
      new AtomicReference<>();
  private final RedisCommands<String, String> commands;
  private volatile boolean closed;

  private RedisStoreConnection(
      RedisConnector connector, Consumer<StatefulRedisConnection<String, String>> onOpen) {
    this.connector = connector;
    this.onOpen = onOpen;
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
   * @param onOpen runs once the connection is open (on this thread if it opens at once)
   * @throws RedisConnectionException when Redis answers but refuses the connection
   */
  public static RedisStoreConnection open(
      RedisConnector connector, Consumer<StatefulRedisConnection<String, String>> onOpen) {
    RedisStoreConnection store = new RedisStoreConnection(connector, onOpen);
    try {
      store.opened(connector.connect(StringCodec.UTF8));
    } catch (RedisConnectionException e) {
      if (refusedByRedis(e)) {
        throw e;
      }
      store.failed(e);
    }
    return store;
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
    return connection.get() != null;
  }

  private Object invoke(Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> args[0] == commands;
        case "hashCode" -> System.identityHashCode(this);
        default -> "commands of the notification store's Redis connection";
      };
    }
    StatefulRedisConnection<String, String> open = connection.get();
    if (open == null) {
      throw new RedisConnectionException(
          "the notification store's connection to Redis at "
              + connector.target()
              + " is not open yet: Redis could not be reached since the start; trying again every "
              + OutageLog.text(connector.settings().retryAfter()));
    }
    try {
      return method.invoke(open.sync(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void opened(StatefulRedisConnection<String, String> open) {
    if (closed) {
      open.closeAsync();
      return;
    }
    connection.set(open);
    connector.opened();
    onOpen.accept(open);
  }

  private void failed(Throwable error) {
    if (closed) {
      return;
    }
    connector.openFailed(error);
    CompletableFuture.delayedExecutor(
            connector.settings().retryAfter().toNanos(), TimeUnit.NANOSECONDS)
        .execute(this::attempt);
  }

  private void attempt() {
    if (closed) {
      return;
    }
    ((RedisClient) connector.client())
        .connectAsync(StringCodec.UTF8, connector.uris().get(0))
        // not on the event loop: onOpen may wait for Redis's replies
        .whenCompleteAsync(
            (open, error) -> {
              if (error == null) {
                opened(open);
                return;
              }
              Throwable cause =
                  error instanceof CompletionException && error.getCause() != null
                      ? error.getCause()
                      : error;
              failed(cause);
            });
  }

  /** Whether Redis answered and refused (an error reply in the handshake), not an outage. */
  private static boolean refusedByRedis(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof RedisCommandExecutionException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> open = connection.getAndSet(null);
    if (open != null) {
      open.close();
    }
  }
}
