package io.netweave.o2ims.server.internal.notify;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process on a free port for one test class, with connections that are
 * closed with it. Needs {@code redis-server} on the PATH (Debian package {@code redis-server}).
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
  private final Process process;
  private final RedisClient client;
  private final String uri;
  private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

  private RedisServerFixture(Process process, int port) {
    this.process = process;
    this.uri = "redis://127.0.0.1:" + port;
    this.client = RedisClient.create(uri);
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
    return uri;
  }

  public static RedisServerFixture start() {
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path dir = Files.createTempDirectory("redis-notify");
      Process p =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      RedisServerFixture fixture = new RedisServerFixture(p, port);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> "PONG".equals(fixture.commands().ping()));
      return fixture;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    process.destroy();
  }
}
