package io.netweave.o2ims.server.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real shaded jar as an operator would ({@code java -jar o2ims-server.jar ...}) in
 * subprocesses, reads the URL from its startup line, and kills them all (SIGKILL) on {@link
 * #close()}, or after each test when registered with {@code @RegisterExtension} (register it after
 * the callback receivers its processes deliver to, so that it is closed before them: JUnit runs
 * extensions' after-each callbacks in reverse order). Failsafe runs after {@code package}, so the
 * jar exists in {@code mvn verify}. One instance per test.
 */
public final class GatewayProcesses implements AutoCloseable, AfterEachCallback {
  private static final Pattern LISTENING = Pattern.compile("listening on (https?)://\\S+:(\\d+)");

  /**
   * The notification engine's timings shortened for a jar that is killed and restarted while
   * notifications are pending: retries every 20 to 100 ms without giving up, the outbox polled
   * every 20 ms, a producer lease that a restarted process takes over within a second.
   */
  public static final Map<String, String> FAST_NOTIFICATIONS =
      Map.of(
          "NETWEAVE_NOTIFICATIONS_RETRY_INITIAL_DELAY", "20ms",
          "NETWEAVE_NOTIFICATIONS_RETRY_MAX_DELAY", "100ms",
          "NETWEAVE_NOTIFICATIONS_MAX_ATTEMPTS", "100000",
          "NETWEAVE_NOTIFICATIONS_POLL_INTERVAL", "20ms",
          "NETWEAVE_NOTIFICATIONS_LEASE_TTL", "1s");

  private final List<Process> started = new ArrayList<>();

  /** The jar under test. */
  public static Path jar() {
    Path jar = Path.of("target", "o2ims-server.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run the ITs with `mvn verify` (Failsafe runs after `package`)");
    }
    return jar;
  }

  /**
   * Starts the jar with these arguments; the environment loses every inherited {@code NETWEAVE_}
   * variable and gains {@code env}. Standard error is discarded.
   */
  public Process launch(Map<String, String> env, String... args) {
    return launch(env, ProcessBuilder.Redirect.DISCARD, args);
  }

  /** Starts the jar as {@link #launch(Map, String...)} does, with standard error in a file. */
  public Process launch(Map<String, String> env, Path stderr, String... args) {
    return launch(env, ProcessBuilder.Redirect.to(stderr.toFile()), args);
  }

  /**
   * Starts the jar as {@link #launch(Map, String...)} does, with standard error to {@code stderr}.
   */
  public Process launch(Map<String, String> env, ProcessBuilder.Redirect stderr, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("NETWEAVE_"));
    pb.environment().putAll(env);
    pb.redirectError(stderr);
    try {
      Process p = pb.start();
      started.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (up to 60 s) for the startup line and returns the loopback base URL it announces. */
  public static String awaitUrl(Process p) throws Exception {
    return awaitUrl(p, Duration.ofSeconds(60));
  }

  /**
   * Waits up to {@code timeout} for the startup line and returns the base URL it announces ({@code
   * https} when the listener is TLS).
   */
  public static String awaitUrl(Process p, Duration timeout) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> url =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    return m.group(1) + "://127.0.0.1:" + m.group(2);
                  }
                }
                throw new IllegalStateException("the server exited without a startup line");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The processes started so far, oldest first. */
  public List<Process> started() {
    return List.copyOf(started);
  }

  /** Kills every process started (SIGKILL) and waits for each to exit. */
  @Override
  public void close() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    close();
  }
}
