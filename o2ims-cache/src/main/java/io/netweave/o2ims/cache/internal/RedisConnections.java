package io.netweave.o2ims.cache.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netweave.o2ims.cache.RedisConnector;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two connections a Redis tier opens on a borrowed client: one multiplexed data connection
 * (binary keys and values) and one pub/sub connection subscribed to the invalidation channel. Works
 * the same for standalone, Sentinel and Cluster clients.
 *
 * <p>Connections are opened asynchronously, so an unreachable Redis never blocks the caller. Once
 * open, Lettuce reconnects them by itself (and re-subscribes); a connection that could not be
 * opened at all (Redis down, or a connect, handshake or SUBSCRIBE slower than its timeout) is
 * opened again on the next {@link #commands()} call, and in any case {@code reopenAfter} after the
 * failure, so that a tier nobody calls (its generations unknown, say) still connects once Redis
 * answers. Each failed attempt to open one, and each opened data connection, is reported to the
 * connector ({@link RedisConnector#openFailed}, {@link RedisConnector#opened}), so that a Redis
 * already down when the cache starts is logged like a reconnection's outage. Thread-safe. {@link
 * #close()} closes both connections, not the client.
 */
final class RedisConnections implements AutoCloseable {

  private record Data(
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands) {}

  private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);

  private final RedisConnector connector;
  private final byte[] channel;
  private final Consumer<byte[]> onMessage;
  private final Runnable onConnected;
  private final Duration reopenAfter;
  private final AtomicReference<CompletableFuture<Data>> data =
      new AtomicReference<>(new CompletableFuture<>());
  private final AtomicReference<CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>>
      pubSub = new AtomicReference<>(new CompletableFuture<>());
  private volatile boolean closed;

  /**
   * @param onMessage receives every message on {@code channel} (on a Lettuce event loop)
   * @param onConnected runs when the data connection is opened, when the pub/sub connection has
   *     subscribed (first or again after a failed attempt) and whenever it reconnects (messages may
   *     have been missed), on a Lettuce thread
   * @param reopenAfter how long after a failed attempt to open a connection it is tried again
   */
  RedisConnections(
      RedisConnector connector,
      byte[] channel,
      Consumer<byte[]> onMessage,
      Runnable onConnected,
      Duration reopenAfter) {
    this.connector = connector;
    this.channel = channel.clone();
    this.onMessage = onMessage;
    this.onConnected = onConnected;
    this.reopenAfter = reopenAfter;
  }

  /** Starts opening both connections; call once, after the callbacks' owner is constructed. */
  void start() {
    CompletableFuture<Data> first = new CompletableFuture<>();
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> firstSubscriber =
        new CompletableFuture<>();
    data.set(first);
    pubSub.set(firstSubscriber);
    watch(first);
    // One after the other, so that a cluster client loads its topology once.
    openData()
        .whenComplete(
            (d, e) -> {
              completeWith(first, d, e);
              openPubSub().whenComplete((c, f) -> completeWith(firstSubscriber, c, f));
            });
    firstSubscriber.whenComplete(
        (c, e) -> {
          if (e != null) {
            reopenLaterIf(e);
          } else if (!closed) {
            connector.opened();
            // what was published before the subscription took effect was missed
            onConnected.run();
          }
        });
  }

  /** After a failed attempt to open a connection: try again in {@code reopenAfter}. */
  private void reopenLaterIf(Throwable error) {
    if (error == null || closed) {
      return;
    }
    LOG.debug("Redis cache connection not opened ({}); trying again in {}", error, reopenAfter);
    connector.openFailed(error);
    CompletableFuture.delayedExecutor(reopenAfter.toNanos(), TimeUnit.NANOSECONDS)
        .execute(this::retryIfFailed);
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<Data> openData() {
    CompletionStage<? extends StatefulConnection<byte[], byte[]>> opening;
    if (connector.client() instanceof RedisClusterClient cluster) {
      // connectAsync does not load the topology by itself ("Partitions not initialized").
      opening =
          cluster
              .refreshPartitionsAsync()
              .thenCompose(ignored -> cluster.connectAsync(ByteArrayCodec.INSTANCE));
    } else {
      opening =
          ((RedisClient) connector.client())
              .connectAsync(ByteArrayCodec.INSTANCE, connector.uris().get(0));
    }
    return opening
        .thenApply(
            c -> {
              RedisClusterAsyncCommands<byte[], byte[]> commands =
                  c instanceof StatefulRedisClusterConnection<?, ?> cc
                      ? ((StatefulRedisClusterConnection<byte[], byte[]>) cc).async()
                      : ((StatefulRedisConnection<byte[], byte[]>) c).async();
              return new Data(c, commands);
            })
        .toCompletableFuture();
  }

  /**
   * Once {@code future} holds an open data connection: announce it, or close it if too late; if it
   * failed, try again later.
   */
  private void watch(CompletableFuture<Data> future) {
    future.whenComplete(
        (d, e) -> {
          if (e != null) {
            reopenLaterIf(e);
          } else if (closed) {
            d.connection().closeAsync();
          } else {
            connector.opened();
            onConnected.run();
          }
        });
  }

  private CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> openPubSub() {
    CompletionStage<? extends StatefulRedisPubSubConnection<byte[], byte[]>> opening;
    if (connector.client() instanceof RedisClusterClient cluster) {
      opening = cluster.connectPubSubAsync(ByteArrayCodec.INSTANCE);
    } else {
      opening =
          ((RedisClient) connector.client())
              .connectPubSubAsync(ByteArrayCodec.INSTANCE, connector.uris().get(0));
    }
    return opening
        .<StatefulRedisPubSubConnection<byte[], byte[]>>thenCompose(
            c -> {
              c.addListener(
                  new RedisPubSubAdapter<byte[], byte[]>() {
                    @Override
                    public void message(byte[] channel, byte[] message) {
                      onMessage.accept(message);
                    }
                  });
              c.addListener(
                  new RedisConnectionStateListener() {
                    @Override
                    public void onRedisConnected(
                        RedisChannelHandler<?, ?> connection, SocketAddress address) {
                      onConnected.run();
                    }
                  });
              if (closed) {
                c.closeAsync();
              }
              StatefulRedisPubSubConnection<byte[], byte[]> connection = c;
              return c.async()
                  .subscribe(channel)
                  .<StatefulRedisPubSubConnection<byte[], byte[]>>handle(
                      (ignored, error) -> {
                        if (error != null) {
                          // not subscribed: this connection is of no use, a new one is opened
                          connection.closeAsync();
                          throw error instanceof CompletionException ce
                              ? ce
                              : new CompletionException(error);
                        }
                        return connection;
                      });
            })
        .toCompletableFuture();
  }

  /**
   * The data commands if the data connection is open; otherwise a failed stage (and, if an earlier
   * attempt failed, a new attempt is started for later calls).
   */
  CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> commands() {
    retryIfFailed();
    CompletableFuture<Data> current = data.get();
    if (current.isDone() && !current.isCompletedExceptionally()) {
      return CompletableFuture.completedFuture(current.join().commands());
    }
    return CompletableFuture.failedFuture(
        new IllegalStateException("Redis data connection not open"));
  }

  private void retryIfFailed() {
    if (closed) {
      return;
    }
    CompletableFuture<Data> current = data.get();
    if (current.isCompletedExceptionally()) {
      CompletableFuture<Data> next = new CompletableFuture<>();
      if (data.compareAndSet(current, next)) {
        watch(next);
        openData().whenComplete((d, e) -> completeWith(next, d, e));
      }
    }
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> subscriber = pubSub.get();
    boolean dataOpen = data.get().isDone() && !data.get().isCompletedExceptionally();
    if (dataOpen && subscriber.isCompletedExceptionally()) {
      CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> next =
          new CompletableFuture<>();
      if (pubSub.compareAndSet(subscriber, next)) {
        openPubSub()
            .whenComplete(
                (c, e) -> {
                  completeWith(next, c, e);
                  if (e != null) {
                    reopenLaterIf(e);
                  } else if (!closed) {
                    connector.opened();
                    // messages published while it was not subscribed were missed
                    onConnected.run();
                  }
                });
      }
    }
  }

  private static <T> void completeWith(CompletableFuture<T> target, T value, Throwable error) {
    if (error != null) {
      target.completeExceptionally(error);
    } else {
      target.complete(value);
    }
  }

  /** Whether both connections are open now. */
  boolean connected() {
    CompletableFuture<Data> d = data.get();
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> p = pubSub.get();
    return d.isDone()
        && !d.isCompletedExceptionally()
        && d.join().connection().isOpen()
        && p.isDone()
        && !p.isCompletedExceptionally()
        && p.join().isOpen();
  }

  /** Closes both connections, waiting at most two seconds for them to close. */
  @Override
  public void close() {
    closed = true;
    CompletableFuture<Void> dataClosed =
        data.get().thenCompose(d -> d.connection().closeAsync()).exceptionally(e -> null);
    CompletableFuture<Void> pubSubClosed =
        pubSub.get().thenCompose(StatefulConnection::closeAsync).exceptionally(e -> null);
    try {
      CompletableFuture.allOf(dataClosed, pubSubClosed).get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // A connection still being opened is closed by watch/openPubSub once it opens.
      LOG.warn("Redis cache connections not closed within 2 s: {}", e.toString());
    }
  }
}
