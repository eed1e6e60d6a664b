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
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's format mark ({@code <data_dir>/store-format}): a directory of an earlier
 * release (no mark; they all wrote format 1) is marked and used, a directory a later release marked
 * with another format, or with a mark that is no number, stops the start with one line naming the
 * file and leaves every store file as it was. Before the mark, this release opened any directory
 * and read a later release's stores as its own.
 */
class NotificationRuntimeStoreFormatTest {
  @TempDir Path tmp;

  private static NotificationRuntime open(Path data) {
    UUID ocloud = UUID.randomUUID();
    DemoInventorySource source =
        new DemoInventorySource(
            new DemoInventory(ocloud, ocloud, "o", "http://localhost", 1, 1), 1);
    try {
      return NotificationRuntime.open(
          ServerConfig.defaults(0, data).with(Map.of()),
          Optional.empty(),
          source,
          new MetricRegistry(),
          O2Json.newMapper(),
          Clock.systemUTC());
    } finally {
      source.close();
    }
  }

  /** A store file with one entry, as any release leaves it. */
  private static Path storeWithOneEntry(Path data) throws Exception {
    Files.createDirectories(data);
    Path file = data.resolve("subscriptions.mv.db");
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    store.<String, String>openMap("subscriptions").put("kept", "{}");
    store.close();
    return file;
  }

  @Test
  void aDataDirectoryOfAnEarlierReleaseIsMarkedWithTheFormatItWasWrittenIn() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    try (NotificationRuntime runtime = open(data)) {
      assertThat(runtime.subscriptions()).isNotNull();
    }
    assertThat(Files.readString(data.resolve("store-format"))).isEqualTo("1\n");
    try (NotificationRuntime runtime = open(data)) {
      assertThat(runtime.subscriptions()).isNotNull();
    }
    assertThat(Files.readString(data.resolve("store-format"))).isEqualTo("1\n");
  }

  @Test
  void aDataDirectoryALaterReleaseMarkedWithAnotherFormatIsRefusedAndLeftAsItWas()
      throws Exception {
    Path data = tmp.resolve("data");
    Path file = storeWithOneEntry(data);
    Files.writeString(data.resolve("store-format"), "2\n");
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> open(data).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "storage.data_dir file " + data.resolve("store-format").toAbsolutePath())
        .hasMessageContaining("format 2, written by a later release")
        .hasMessageContaining("reads and writes format 1 only");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(Files.readString(data.resolve("store-format"))).isEqualTo("2\n");
    assertThat(data.resolve("outbox.mv.db")).doesNotExist();
    assertThat(data.resolve("alarms")).doesNotExist();
  }

  @Test
  void aMarkThatIsNoFormatNumberIsRefused() throws Exception {
    Path data = tmp.resolve("data");
    Path file = storeWithOneEntry(data);
    Files.writeString(data.resolve("store-format"), "v2-json\n");
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> open(data).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("holds \"v2-json\", not a store format number");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }
}
