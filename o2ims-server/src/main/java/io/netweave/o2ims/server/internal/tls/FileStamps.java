package io.netweave.o2ims.server.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reloading TLS parts compare to notice that their files changed: each file's modification
 * time and size (a file that cannot be read has size -1). Stateless and thread-safe.
 */
final class FileStamps {
  private FileStamps() {}

  /** One file's stamp. */
  record Stamp(Path file, FileTime modified, long size) {}

  /** The stamps of the files, in order. */
  static List<Stamp> of(List<Path> files) {
    List<Stamp> stamps = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        stamps.add(new Stamp(file, Files.getLastModifiedTime(file), Files.size(file)));
      } catch (IOException e) {
        stamps.add(new Stamp(file, FileTime.fromMillis(0), -1));
      }
    }
    return List.copyOf(stamps);
  }
}
