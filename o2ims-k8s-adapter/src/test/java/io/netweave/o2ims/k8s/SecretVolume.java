package io.netweave.o2ims.k8s;

import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory laid out as the kubelet mounts a Secret volume of kubeconfigs ({@code ..data} symlink
 * to a timestamped directory, each key a symlink through it) and updated as the kubelet updates it,
 * with an atomic symlink swap. Part of the test-jar, so the server tests publish clusters the same
 * way. Not thread-safe: one test thread publishes.
 */
public final class SecretVolume {
  private final Path dir;
  private final AtomicInteger generation = new AtomicInteger();

  /** A volume in {@code dir} (an empty directory). */
  public SecretVolume(Path dir) {
    this.dir = dir;
  }

  /** Publishes a new version of the volume holding exactly these keys, as the kubelet does. */
  public void publish(Map<String, KubeApiEmulator> keys) throws IOException {
    Path data = dir.resolve("..data");
    Path old = Files.isSymbolicLink(data) ? Files.readSymbolicLink(data) : null;
    Path version = dir.resolve("..2026_12_06_00_00_0" + generation.incrementAndGet() + ".1234");
    Files.createDirectory(version);
    for (var e : keys.entrySet()) {
      e.getValue().writeKubeconfig(version.resolve(e.getKey()));
    }
    Path tmp = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, version.getFileName());
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String key : keys.keySet()) {
      Path link = dir.resolve(key);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of("..data").resolve(key));
      }
    }
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && !keys.containsKey(name)) {
          Files.delete(p);
        }
      }
    }
    if (old != null) {
      try (var files = Files.list(dir.resolve(old))) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir.resolve(old));
    }
  }
}
