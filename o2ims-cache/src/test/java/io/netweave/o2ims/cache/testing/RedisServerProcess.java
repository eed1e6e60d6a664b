package io.netweave.o2ims.cache.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} process on a free local port, without persistence, for tests; or a
 * Redis Sentinel monitoring one ({@link #startSentinel}). {@link #start()} waits until it answers
 * PING; {@link #kill()} sends SIGKILL (the data is lost, as with a crashed pod); {@link #restart()}
 * starts a fresh server on the same port.
 *
 * <p>Use one per test class ({@link #perClass()}) and isolate tests by key prefix. Not thread-safe.
 * {@link #close()} kills the process and deletes its directory.
 *
 * @throws IllegalStateException from {@link #start()} if {@code redis-server} is not on the PATH
 *     (install it: {@code apt-get install -y redis-server}) or does not answer within 30 s
 */
public final class RedisServerProcess implements AutoCloseable {

  private final int port;
  private final List<String> extraArgs;
  private final Path directory;
  private final int sentinelOfPort;
  private Process process;

  private RedisServerProcess(int port, List<String> extraArgs, int sentinelOfPort) {
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.sentinelOfPort = sentinelOfPort;
    try {
      this.directory = Files.createTempDirectory("redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A JUnit 5 extension that starts a standalone server before the class's tests and closes it
   * after them (see {@link PerClass}).
   */
  public static PerClass<RedisServerProcess> perClass() {
    return new PerClass<>(RedisServerProcess::start);
  }

  /** Starts a standalone server on a free port. */
  public static RedisServerProcess start() {
    return start(List.of());
  }

  /** Starts a server on a free port with extra command-line options (e.g. {@code --replicaof}). */
  public static RedisServerProcess start(List<String> extraArgs) {
    RedisServerProcess server = new RedisServerProcess(freePort(), extraArgs, -1);
    server.launch();
    return server;
  }

  /**
   * A standalone server on a free port that is not started yet (a Redis down when its clients
   * start): {@link #restart()} starts it. The port is free when this returns; nothing holds it.
   */
  public static RedisServerProcess notStarted() {
    return new RedisServerProcess(freePort(), List.of(), -1);
  }

  /**
   * Starts a Redis Sentinel (the same {@code redis-server} binary in {@code --sentinel} mode) on a
   * free port, monitoring {@code master} under the name {@value #SENTINEL_MASTER} with quorum 1.
   */
  public static RedisServerProcess startSentinel(RedisServerProcess master) {
    RedisServerProcess sentinel = new RedisServerProcess(freePort(), List.of(), master.port());
    sentinel.launch();
    return sentinel;
  }

  /** The master name a Sentinel started by {@link #startSentinel} monitors. */
  public static final String SENTINEL_MASTER = "mymaster";

  /** A free TCP port on the loopback interface. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path of {@code redis-server}; fails with an installation hint when it is missing. */
  static String executable() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "redis-server");
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "redis-server is not on the PATH; the Redis tests need a real server: "
            + "apt-get install -y redis-server (Debian/Ubuntu) or brew install redis (macOS)");
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(executable());
    if (sentinelOfPort > 0) {
      Path config = directory.resolve("sentinel.conf");
      try {
        Files.writeString(
            config,
            "sentinel monitor " + SENTINEL_MASTER + " 127.0.0.1 " + sentinelOfPort + " 1\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      command.add(config.toString());
      command.add("--sentinel");
    } else {
      command.addAll(List.of("--save", "", "--appendonly", "no"));
    }
    command.addAll(
        List.of(
            "--port", String.valueOf(port),
            "--bind", "127.0.0.1",
            "--protected-mode", "no",
            "--dir", directory.toString(),
            "--logfile", directory.resolve("redis.log").toString()));
    command.addAll(extraArgs);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      await("redis-server on port " + port + " answering PING")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(25))
          .until(() -> !process.isAlive() || ping());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new IllegalStateException("redis-server did not answer PING: " + log(), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("redis-server exited at start: " + log());
    }
  }

  private String log() {
    try {
      Path log = directory.resolve("redis.log");
      String text = Files.exists(log) ? Files.readString(log) : "";
      return text + Files.readString(directory.resolve("stdout.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Whether the server answers PING now. */
  public boolean ping() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, 7);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** How many connections are subscribed to {@code channel} now ({@code PUBSUB NUMSUB}). */
  public long subscribers(String channel) {
    byte[] name = channel.getBytes(StandardCharsets.UTF_8);
    String command =
        "*3\r\n$6\r\nPUBSUB\r\n$6\r\nNUMSUB\r\n$" + name.length + "\r\n" + channel + "\r\n";
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(command.getBytes(StandardCharsets.UTF_8));
      out.flush();
      // *2, $len, the channel, :count
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1; c = in.read()) {
        if (c == '\n') {
          if (line.charAt(0) == ':') {
            return Long.parseLong(line.substring(1).trim());
          }
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      throw new IllegalStateException("no PUBSUB NUMSUB count from port " + port);
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server on port " + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends one command on a fresh connection and returns the first line of the reply (e.g. {@code
   * +OK}, {@code -ERR ...}); for test set-up such as {@code CLIENT PAUSE}.
   */
  public String call(String... args) {
    StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      command.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(command.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * {@code redis-sentinel://127.0.0.1:<port>#mymaster}, for a process started by {@link
   * #startSentinel}.
   */
  public String sentinelUri() {
    if (sentinelOfPort <= 0) {
      throw new IllegalStateException("not a Sentinel: use uri()");
    }
    return "redis-sentinel://127.0.0.1:" + port + "#" + SENTINEL_MASTER;
  }

  /** Whether the process is running. */
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Kills the process with SIGKILL and waits until it is gone. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing redis-server", e);
    }
  }

  /** Kills the server if it runs, then starts a fresh one on the same port and waits for PING. */
  public void restart() {
    kill();
    launch();
  }

  /** The directory holding the server's files and logs. */
  public Path directory() {
    return directory;
  }

  @Override
  public void close() {
    kill();
    try (var files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
