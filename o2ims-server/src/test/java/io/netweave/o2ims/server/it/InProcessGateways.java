package io.netweave.o2ims.server.it;

import io.netweave.o2ims.server.Main;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The one way a test starts the real gateway inside the test's JVM ({@link Main#start}, as {@code
 * main} does): the defaults of {@link ServerConfig#defaults} on a free port (port 0) with its data
 * under {@code dataDir}, plus the test's settings, written as a configuration file writes them. The
 * test owns the returned {@link Gateway}: it closes it (try-with-resources, or {@code @AfterAll} /
 * {@code @AfterEach} in the order its other parts need), and reads the chosen port from {@link
 * Gateway#port()} ({@link GatewayHttp#base} for the loopback URL).
 *
 * <p>The shaded jar as an operator starts it is {@link GatewayProcesses}; the production profile
 * (TLS, tokens) is {@code ProductionGateways}, which starts through this class.
 */
public final class InProcessGateways {
  private InProcessGateways() {}

  /**
   * Starts a gateway on the system clock.
   *
   * @throws ConfigException on an unknown key or a bad value, or when the gateway refuses the
   *     configuration at start
   */
  public static Gateway start(Path dataDir, Map<String, String> settings) {
    return start(config(dataDir, settings));
  }

  /**
   * Starts a gateway that reads the time from {@code clock}.
   *
   * @throws ConfigException as {@link #start(Path, Map)}
   */
  public static Gateway start(Path dataDir, Map<String, String> settings, Clock clock) {
    return Main.start(config(dataDir, settings), clock);
  }

  /**
   * Starts a gateway on a configuration the test built itself (from a file, say), system clock.
   *
   * @throws ConfigException when the gateway refuses the configuration at start
   */
  public static Gateway start(ServerConfig config) {
    return Main.start(config, Clock.systemUTC());
  }

  /**
   * The configuration {@link #start(Path, Map)} starts with, for a test that checks what {@link
   * Main#start} makes of it.
   *
   * @throws ConfigException on an unknown key or a bad value
   */
  public static ServerConfig config(Path dataDir, Map<String, String> settings) {
    return ServerConfig.defaults(0, dataDir).with(settings);
  }
}
