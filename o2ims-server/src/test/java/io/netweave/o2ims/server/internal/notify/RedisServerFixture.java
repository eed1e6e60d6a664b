package io.netweave.o2ims.server.internal.notify;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process on a free port for one test class (the cache test-jar's
 * {@link RedisServerProcess}), with Lettuce connections that are closed with it. Needs {@code
 * redis-server} on the PATH (Debian package {@code redis-server}).
 *
 * <p>Used as a JUnit 5 extension, the repeated start/stop of every Redis IT:
 *
 * <pre>
 * {@literal @}RegisterExtension static final RedisServerFixture.PerClass redis = RedisServerFixture.perClass();
 * ... redis.get().commands() ...
 * </pre>
 *
 * or started by hand with {@link #start()} and closed by the test.
 */
public final class RedisServerFixture implements AutoCloseable {
  private final RedisServerProcess server;
  private final RedisClient client;
  private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

  private RedisServerFixture(RedisServerProcess server) {
    this.server = server;
    this.client = RedisClient.create(server.uri());
  }

  /** An extension that starts a server before the class's tests and stops it after them. */
  public static PerClass perClass() {
    return new PerClass();
  }

  /** See {@link #perClass()}; {@link #get()} is the running server. */
  public static final class PerClass
      extends io.netweave.o2ims.cache.testing.PerClass<RedisServerFixture> {
    private PerClass() {
      super(RedisServerFixture::start);
    }
  }

  /** The server's {@code redis://} URI. */
  public String uri() {
    return server.uri();
  }

  /** Starts a server ({@link RedisServerProcess#start()}: a free port, waits for PING). */
  public static RedisServerFixture start() {
    return new RedisServerFixture(RedisServerProcess.start());
  }

  /** A new connection's synchronous commands (closed with the fixture). */
  public synchronized RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> c = client.connect();
    connections.add(c);
    return c.sync();
  }

  /** Closes a connection abruptly, as a dying replica would. */
  public synchronized void disconnect(RedisCommands<String, String> commands) {
    commands.getStatefulConnection().close();
  }

  public void flushAll() {
    RedisCommands<String, String> c = commands();
    c.flushall();
  }

  @Override
  public synchronized void close() {
    connections.forEach(StatefulRedisConnection::close);
    client.shutdown();
    server.close();
  }
}
