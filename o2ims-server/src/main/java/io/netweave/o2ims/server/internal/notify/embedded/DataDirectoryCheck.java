package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before the embedded stores open, that {@code storage.data_dir} can be created and written
 * by this process, so that a directory it may not use (a volume that kept its root owner, a path
 * naming a file) stops the start with one line naming the key, instead of a stack trace from the
 * first store that tries. Stateless; safe from any thread.
 */
public final class DataDirectoryCheck {
  private DataDirectoryCheck() {}

  /**
   * Creates {@code dir} if absent and writes and deletes a file in it.
   *
   * @throws ConfigException naming {@code storage.data_dir}, the directory and the cause when it
   *     cannot be created or written
   */
  public static void requireWritable(Path dir) {
    Path probe = null;
    try {
      Files.createDirectories(dir);
      probe = Files.createTempFile(dir, ".write-check", ".tmp");
    } catch (IOException | SecurityException e) {
      throw refused(dir, e);
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          throw refused(dir, e);
        }
      }
    }
  }

  /** The refusal of a data directory (or a store file in it) this process cannot use. */
  public static ConfigException refused(Path dir, Exception cause) {
    return new ConfigException(
        "storage.data_dir "
            + dir.toAbsolutePath()
            + " cannot be used by this process ("
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage()
            + "): give the gateway's user write access to it (the Helm chart runs as UID 10001"
            + " with fsGroup 10001; a volume that ignores fsGroup needs its owner set), or choose"
            + " another directory with --data-dir DIR",
        cause);
  }
}
