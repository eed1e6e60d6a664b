package io.netweave.o2ims.server.internal.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.netweave.o2ims.cache.RedisConnector;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A connection that a Redis down when the gateway starts does not stop: {@link #open} tries once,
 * as the start always did; if Redis cannot be reached, the start goes on and the connection is
 * opened again in the background every {@code redis.retry_after} until it opens. Each failed
 * attempt goes to the connector's per-address outage log ({@link RedisConnector#openFailed}: one
 * WARN naming the address and the cause, at most one a minute, one INFO once open), which also
 * reports the connection's later reconnections. Until it is open, {@link #get()} is empty; its user
 * answers as while an open connection is down.
 *
 * <p>A first connection Redis itself refuses at start (a wrong password, a database that does not
 * exist) is no outage: {@link #open} throws, and the start stops as before (later, in the
 * background, it is one more failed attempt in the outage log, which names Redis's answer). {@code
 * onOpen} runs once, when the connection opens, never on a Lettuce event loop (it may wait for
 * replies). Thread-safe. {@link #close()} closes the connection and stops the attempts.
 */
public final class LateConnection<C extends StatefulConnection<?, ?>> implements AutoCloseable {
  private final RedisConnector connector;
  private final Supplier<? extends CompletionStage<C>> reopen;
  private final Consumer<C> onOpen;
  private final AtomicReference<C> connection = new AtomicReference<>();
  private volatile boolean closed;

  private LateConnection(
      RedisConnector connector, Supplier<? extends CompletionStage<C>> reopen, Consumer<C> onOpen) {
    this.connector = connector;
    this.reopen = reopen;
    this.onOpen = onOpen;
  }

  /**
   * Opens the connection with {@code connect}, or, when Redis cannot be reached, starts opening it
   * in the background with {@code reopen}.
   *
   * @param onOpen runs once the connection is open (on this thread if it opens at once)
   * @throws RedisConnectionException when Redis answers but refuses the connection
   */
  public static <C extends StatefulConnection<?, ?>> LateConnection<C> open(
      RedisConnector connector,
      Supplier<C> connect,
      Supplier<? extends CompletionStage<C>> reopen,
      Consumer<C> onOpen) {
    LateConnection<C> late = new LateConnection<>(connector, reopen, onOpen);
    try {
      late.opened(connect.get());
    } catch (RedisConnectionException e) {
      if (refusedByRedis(e)) {
        throw e;
      }
      late.failed(e);
    }
    return late;
  }

  /** The connection once opened (it may be reconnecting now); empty until then. */
  public Optional<C> get() {
    return Optional.ofNullable(connection.get());
  }

  /** What the connection is opened to, as the outage log names it. */
  public String target() {
    return connector.target();
  }

  private void opened(C open) {
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
    CompletionStage<C> opening;
    try {
      opening = reopen.get();
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    // not on the event loop: onOpen may wait for Redis's replies
    opening.whenCompleteAsync(
        (open, error) -> {
          if (error == null) {
            opened(open);
          } else {
            failed(
                error instanceof CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error);
          }
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
    C open = connection.getAndSet(null);
    if (open != null) {
      open.close();
    }
  }
}
