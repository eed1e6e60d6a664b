package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.notify.StoreFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded store's format mark, {@code <data_dir>/store-format}: checked before the stores
 * open, and written (format {@link StoreFormat#CURRENT}) when absent, which is a directory of an
 * earlier release (they all wrote that format) or a new one. Stateless.
 */
public final class StoreFormatFile {
  /** The mark's file name in the data directory. */
  public static final String NAME = "store-format";

  private StoreFormatFile() {}

  /**
   * Checks the mark in {@code dataDir} (which must exist and be writable), writing it if absent.
   *
   * @throws ConfigException naming the file when it holds another format, or cannot be read or
   *     written
   */
  public static void require(Path dataDir) {
    Path mark = dataDir.resolve(NAME);
    try {
      if (Files.exists(mark)) {
        String text = Files.readString(mark, StandardCharsets.UTF_8);
        StoreFormat.refusal("storage.data_dir file " + mark.toAbsolutePath(), text)
            .ifPresent(
                refusal -> {
                  throw new ConfigException(refusal);
                });
        return;
      }
      Path written = Files.createTempFile(dataDir, "." + NAME, ".tmp");
      Files.writeString(written, StoreFormat.CURRENT + "\n", StandardCharsets.UTF_8);
      Files.move(written, mark, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw DataDirectoryCheck.refused(dataDir, e);
    }
  }
}
