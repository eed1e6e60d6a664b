package io.netweave.o2ims.cache;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netweave.o2ims.cache.internal.RedisConnectionLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The Redis client and its Netty resources, created from {@link RedisSettings} by the composition
 * root and closed by it (whoever creates a thing closes it). Caches and other Redis users borrow
 * it: they open their own connections from {@link #client()} and close only those.
 *
 * <p>The client is a {@link RedisClient} for standalone and Sentinel URIs and a {@link
 * RedisClusterClient} for cluster seeds. Options: connect timeout = {@code dial_timeout}, command
 * timeout = {@code read_timeout + write_timeout}, automatic reconnection with a jittered back-off
 * capped at 2 s, and commands issued while disconnected are rejected at once (a cache would rather
 * miss than queue).
 *
 * <p>Every connection opened on it, whoever opened it, reports its reconnections through one {@link
 * OutageLog} per Redis address (logger {@code RedisConnectionLog}, from Lettuce's event bus): one
 * WARN naming {@code host:port} and the cause at the first failed reconnection, at most one a
 * minute while it keeps failing, one INFO once a connection to it is back. A connection that could
 * not be opened at all (Redis down at start) is its user's to report ({@link #openFailed}, {@link
 * #opened}), into the same log.
 *
 * <p>Thread-safe. {@link #close()} shuts the client and its resources down; connections opened from
 * it must be closed first.
 */
public final class RedisConnector implements AutoCloseable {

  /** The longest delay between two reconnection attempts of a connection. */
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

  private final RedisSettings settings;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final RedisConnectionLog connectionLog;

  private RedisConnector(
      RedisSettings settings,
      ClientResources resources,
      AbstractRedisClient client,
      RedisConnectionLog connectionLog) {
    this.settings = settings;
    this.resources = resources;
    this.client = client;
    this.connectionLog = connectionLog;
  }

  /**
   * Creates the client resources and the client. Does not connect: connections are opened by their
   * users, so an unreachable Redis does not stop the start. The outage log's times come from the
   * system clock.
   */
  public static RedisConnector create(RedisSettings settings) {
    return create(settings, Clock.systemUTC());
  }

  /**
   * {@link #create(RedisSettings)}, the times of the reconnections' outage log (how long an outage
   * lasted, when to warn again) coming from {@code clock}.
   */
  public static RedisConnector create(RedisSettings settings, Clock clock) {
    ClientResources resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.fullJitter(
                    Duration.ofMillis(20),
                    MAX_RECONNECT_DELAY,
                    100,
                    java.util.concurrent.TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(settings.dialTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
    List<RedisURI> uris = settings.redisUris();
    AbstractRedisClient client;
    if (settings.cluster()) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
      cluster.setOptions(
          ClusterClientOptions.builder()
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .build());
      client = cluster;
    } else {
      RedisClient standalone = RedisClient.create(resources);
      standalone.setOptions(
          ClientOptions.builder()
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .build());
      client = standalone;
    }
    RedisConnectionLog connectionLog =
        new RedisConnectionLog(resources.eventBus(), MAX_RECONNECT_DELAY, clock);
    return new RedisConnector(settings, resources, client, connectionLog);
  }

  /** The settings the client was made from. */
  public RedisSettings settings() {
    return settings;
  }

  /**
   * The client: a {@link RedisClusterClient} when {@link RedisSettings#cluster()}, else a {@link
   * RedisClient} to be used with {@link #uris()}.
   */
  public AbstractRedisClient client() {
    return client;
  }

  /** The parsed URIs (for a {@link RedisClient}, connect with the first). */
  public List<RedisURI> uris() {
    return settings.redisUris();
  }

  /**
   * Opens a connection to the master of a standalone or Sentinel deployment (Sentinel is asked
   * where the master is). The caller owns and closes the connection.
   *
   * @throws IllegalStateException in cluster mode (use {@link #connectCluster})
   */
  public <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
    if (!(client instanceof RedisClient standalone)) {
      throw new IllegalStateException("redis.cluster is on: open a cluster connection instead");
    }
    return standalone.connect(codec, uris().get(0));
  }

  /**
   * Opens a connection to a Redis Cluster. The caller owns and closes the connection.
   *
   * @throws IllegalStateException when not in cluster mode (use {@link #connect})
   */
  public <K, V> StatefulRedisClusterConnection<K, V> connectCluster(RedisCodec<K, V> codec) {
    if (!(client instanceof RedisClusterClient cluster)) {
      throw new IllegalStateException("redis.cluster is off: open a standalone connection instead");
    }
    return cluster.connect(codec);
  }

  /**
   * Reports that a connection could not be opened at all (Redis down or unreachable when its user
   * first connects, which Lettuce, having no connection to reconnect, does not report): it goes to
   * the same per-address outage log as the reconnections, one WARN naming {@link #target()} and the
   * cause, then at most one a minute. The user is expected to try again every {@code
   * redis.retry_after} and to call {@link #opened()} once it has a connection.
   */
  public void openFailed(Throwable cause) {
    connectionLog.openFailed(target(), settings.retryAfter(), why(cause));
  }

  /**
   * The cause that says why: Lettuce's "Unable to connect to host:port" and the future's wrapper
   * name no reason, their cause does ("Connection refused: /10.0.0.5:6379"), as in a reconnection's
   * event.
   */
  private static Throwable why(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof RedisConnectionException)
        && e.getCause() != null
        && e.getCause() != e) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Reports that a connection was opened: ends, with one INFO, an outage {@link #openFailed} began.
   */
  public void opened() {
    connectionLog.opened(target());
  }

  /**
   * What a first connection is opened to, as the outage log names it: {@code host:port} of a
   * standalone Redis, {@code master <name> via Sentinel host:port[,host:port]}, or the cluster
   * seeds' {@code host:port} separated by commas.
   */
  public String target() {
    List<RedisURI> uris = uris();
    if (settings.mode() == RedisSettings.Mode.SENTINEL) {
      RedisURI uri = uris.get(0);
      return "master "
          + uri.getSentinelMasterId()
          + " via Sentinel "
          + String.join(
              ",", uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort()).toList());
    }
    return String.join(",", uris.stream().map(u -> u.getHost() + ":" + u.getPort()).toList());
  }

  /** The Netty resources the client runs on. */
  public ClientResources resources() {
    return resources;
  }

  /** Shuts down the client, then its resources; waits at most a few seconds. */
  @Override
  public void close() {
    connectionLog.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
