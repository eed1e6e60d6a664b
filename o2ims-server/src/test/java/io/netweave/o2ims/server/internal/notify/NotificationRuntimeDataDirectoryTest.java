package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's data directory, when this process cannot use it, stops the start with one
 * line naming {@code storage.data_dir} (Main prints a ConfigException's message, exit code 2).
 * Before, an UncheckedIOException or H2's MVStoreException reached the top as a stack trace (exit
 * code 1): the operator's case is a volume whose owner the pod's user is not.
 */
class NotificationRuntimeDataDirectoryTest {
  @TempDir Path tmp;

  private static NotificationRuntime open(ServerConfig config, DemoInventorySource source) {
    return NotificationRuntime.open(
        config,
        Optional.empty(),
        source,
        new MetricRegistry(),
        O2Json.newMapper(),
        Clock.systemUTC());
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsRefusedNamingTheKey() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");
    ServerConfig config = ServerConfig.defaults(0, file.resolve("data")).with(Map.of());
    UUID ocloud = UUID.randomUUID();
    try (DemoInventorySource source =
        new DemoInventorySource(
            new DemoInventory(ocloud, ocloud, "o", "http://localhost", 1, 1), 1)) {
      assertThatThrownBy(() -> open(config, source))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "storage.data_dir " + file.resolve("data").toAbsolutePath() + " cannot be used")
          .hasMessageContaining("--data-dir");
    }
  }

  @Test
  void aWritableDataDirectoryKeepsNoTraceOfTheCheck() throws Exception {
    Path data = tmp.resolve("data");
    ServerConfig config = ServerConfig.defaults(0, data).with(Map.of());
    UUID ocloud = UUID.randomUUID();
    try (DemoInventorySource source =
            new DemoInventorySource(
                new DemoInventory(ocloud, ocloud, "o", "http://localhost", 1, 1), 1);
        NotificationRuntime runtime = open(config, source)) {
      assertThat(runtime.subscriptions()).isNotNull();
      try (var files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith(".write-check"));
      }
    }
  }
}
