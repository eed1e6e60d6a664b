package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.config.ConfigException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks, before the embedded stores open, that {@code storage.data_dir} can be created and written
 * by this process, so that a directory it may not use (a volume that kept its root owner, a path
 * naming a file) stops the start with one line naming the key, instead of a stack trace from the
 * first store that tries. Stateless; safe from any thread.
 */
public final class DataDirectoryCheck {
  private DataDirectoryCheck() {}

  /**
   * Creates {@code dir} if absent, writes and deletes a file in it, and checks that the store files
   * already there ({@code *.mv.db}, in it and in {@code alarms/}) are writable: H2 opens a file it
   * may not write read-only without a word, and the gateway then served while every subscription
   * write and notification failed.
   *
   * @throws ConfigException naming {@code storage.data_dir}, the directory and the cause when it
   *     cannot be created or written, or holds a store file this process may not write
   */
  public static void requireWritable(Path dir) {
    probe(dir);
    for (Path d : List.of(dir, dir.resolve("alarms"))) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.list(d)) {
        Optional<Path> readOnly =
            files
                .filter(f -> f.getFileName().toString().endsWith(".mv.db"))
                .filter(f -> !Files.isWritable(f))
                .findFirst();
        if (readOnly.isPresent()) {
          throw refused(
              dir,
              new AccessDeniedException(
                  readOnly.get().toString(), null, "not writable by this process"));
        }
      } catch (IOException e) {
        throw refused(dir, e);
      }
    }
  }

  private static void probe(Path dir) {
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
