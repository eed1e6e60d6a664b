package io.netweave.o2ims.server.internal.backend;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The O-Cloud id the O-Cloud's own cluster derived (from its kube-system UID), kept in the data
 * directory so that a restart while that cluster is unreachable serves the same id at once instead
 * of waiting for it (DECISIONS, "O-Cloud"). Only used when {@code ocloud.id} is not configured; the
 * file names the cluster it came from and is ignored when the own cluster is another one. Written
 * atomically (temporary file, then rename). Thread-safe (stateless between calls).
 */
final class RememberedOCloudId {
  static final String FILE = "ocloud-id.properties";
  private static final Logger LOG = LoggerFactory.getLogger(RememberedOCloudId.class);

  private final Path file;
  private final String cluster;

  RememberedOCloudId(Path file, String cluster) {
    this.file = file;
    this.cluster = cluster;
  }

  /** The id kept for this cluster, if any (an unreadable file is logged and ignored). */
  Optional<UUID> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      if (!cluster.equals(p.getProperty("cluster"))) {
        LOG.info(
            "{} names cluster {}, not the O-Cloud's own cluster {}: ignored",
            file,
            p.getProperty("cluster"),
            cluster);
        return Optional.empty();
      }
      return Optional.of(UUID.fromString(p.getProperty("oCloudId", "")));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("{} cannot be read, ignored: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** Keeps {@code oCloudId} as this cluster's. */
  void write(UUID oCloudId) {
    Properties p = new Properties();
    p.setProperty("oCloudId", oCloudId.toString());
    p.setProperty("cluster", cluster);
    try {
      Files.createDirectories(file.getParent());
      StringWriter text = new StringWriter();
      p.store(text, "O-Cloud id derived from the kube-system UID of cluster " + cluster);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(text.toString());
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the O-Cloud id in " + file, e);
    }
  }
}
