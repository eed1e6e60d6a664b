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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The two connections a Redis tier opens on a borrowed client: one multiplexed data connection
 * (binary keys and values) and one pub/sub connection subscribed to the invalidation channel. Works
 * the same for standalone, Sentinel and Cluster clients.
 *
 * <p>Connections are opened asynchronously, so an unreachable Redis never blocks the caller. Once
 * open, Lettuce reconnects them by itself (and re-subscribes); a connection that could not be
 * opened at all is opened again on the next {@link #commands()} call, which callers only make when
 * their circuit breaker lets them. Thread-safe. {@link #close()} closes both connections, not the
 * client.
 */
final class RedisConnections implements AutoCloseable {

  private record Data(
      StatefulConnection<byte[], byte[]> connection,
      RedisClusterAsyncCommands<byte[], byte[]> commands) {}

  private final RedisConnector connector;
  private final byte[] channel;
  private final Consumer<byte[]> onMessage;
  private final Runnable onConnected;
  private final AtomicReference<CompletableFuture<Data>> data = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>>
      pubSub = new AtomicReference<>();
  private volatile boolean closed;

  /**
   * @param onMessage receives every message on {@code channel} (on a Lettuce event loop)
   * @param onConnected runs when the data connection is first opened and whenever the pub/sub
   *     connection reconnects (messages may have been missed), on a Lettuce thread
   */
  RedisConnections(
      RedisConnector connector, byte[] channel, Consumer<byte[]> onMessage, Runnable onConnected) {
    this.connector = connector;
    this.channel = channel.clone();
    this.onMessage = onMessage;
    this.onConnected = onConnected;
    data.set(openData());
    pubSub.set(openPubSub());
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<Data> openData() {
    CompletionStage<? extends StatefulConnection<byte[], byte[]>> opening;
    if (connector.client() instanceof RedisClusterClient cluster) {
      opening = cluster.connectAsync(ByteArrayCodec.INSTANCE);
    } else {
      opening =
          ((RedisClient) connector.client())
              .connectAsync(ByteArrayCodec.INSTANCE, connector.uris().get(0));
    }
    CompletableFuture<Data> future =
        opening
            .thenApply(
                c -> {
                  RedisClusterAsyncCommands<byte[], byte[]> commands =
                      c instanceof StatefulRedisClusterConnection<?, ?> cc
                          ? ((StatefulRedisClusterConnection<byte[], byte[]>) cc).async()
                          : ((StatefulRedisConnection<byte[], byte[]>) c).async();
                  return new Data(c, commands);
                })
            .toCompletableFuture();
    future.thenRun(
        () -> {
          if (closed) {
            future.thenAccept(d -> d.connection().closeAsync());
          } else {
            onConnected.run();
          }
        });
    return future;
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
              return c.async().subscribe(channel).thenApply(ignored -> connection);
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
        openData().whenComplete((d, e) -> completeWith(next, d, e));
      }
    }
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> subscriber = pubSub.get();
    if (subscriber.isCompletedExceptionally()) {
      CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> next =
          new CompletableFuture<>();
      if (pubSub.compareAndSet(subscriber, next)) {
        openPubSub().whenComplete((c, e) -> completeWith(next, c, e));
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

  @Override
  public void close() {
    closed = true;
    data.get().thenAccept(d -> d.connection().closeAsync());
    pubSub.get().thenAccept(StatefulConnection::closeAsync);
  }
}
