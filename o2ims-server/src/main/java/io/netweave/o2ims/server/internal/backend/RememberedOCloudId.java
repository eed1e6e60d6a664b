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
 * The O-Cloud id kept in the data directory ({@code ocloud-id.properties}), used only when {@code
 * ocloud.id} is not configured (DECISIONS, "O-Cloud"). Two owners write it, each naming itself in
 * the file, and a file another owner wrote is ignored (then replaced by the next write):
 *
 * <ul>
 *   <li>the O-Cloud's own Kubernetes cluster ({@link #ofCluster}): the id it derived from its
 *       kube-system UID, so that a restart while that cluster is unreachable serves the same id at
 *       once instead of waiting for it; the cluster stays authoritative (a new derived id is
 *       written over the kept one);
 *   <li>the embedded demo O-Cloud ({@link #ofDemo}): its identity, derived from {@code ocloud.name}
 *       at the first start on the directory and kept from then on, so that a rename changes the
 *       O-Cloud's name only, not its id and every id derived from it. The name it was last started
 *       with is kept beside it.
 * </ul>
 *
 * <p>Written atomically (temporary file, then rename). Thread-safe (stateless between calls).
 */
final class RememberedOCloudId {
  static final String FILE = "ocloud-id.properties";
  private static final Logger LOG = LoggerFactory.getLogger(RememberedOCloudId.class);

  /** What the file holds for its owner: the id, and the O-Cloud's name when the owner keeps it. */
  record Kept(UUID oCloudId, Optional<String> name) {}

  private final Path file;
  private final String ownerKey;
  private final String owner;
  private final String comment;

  private RememberedOCloudId(Path file, String ownerKey, String owner, String comment) {
    this.file = file;
    this.ownerKey = ownerKey;
    this.owner = owner;
    this.comment = comment;
  }

  /** The id the O-Cloud's own cluster {@code cluster} derived, kept in {@code file}. */
  static RememberedOCloudId ofCluster(Path file, String cluster) {
    return new RememberedOCloudId(
        file,
        "cluster",
        cluster,
        "O-Cloud id derived from the kube-system UID of cluster " + cluster);
  }

  /** The embedded demo O-Cloud's id, kept in {@code file}. */
  static RememberedOCloudId ofDemo(Path file) {
    return new RememberedOCloudId(
        file,
        "backend",
        "demo",
        "Id of the embedded demo O-Cloud, derived from its first name and kept across renames"
            + " (ocloud.name); ocloud.id, when set, wins");
  }

  /** Where the id is kept. */
  Path file() {
    return file;
  }

  /** The id kept for this owner, if any (an unreadable file is logged and ignored). */
  Optional<UUID> read() {
    return readKept().map(Kept::oCloudId);
  }

  /** The id and name kept for this owner, if any (an unreadable file is logged and ignored). */
  Optional<Kept> readKept() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      if (!owner.equals(p.getProperty(ownerKey))) {
        LOG.info(
            "{} holds the O-Cloud id of {}, not of {} {}: ignored",
            file,
            ownerOf(p),
            ownerKey,
            owner);
        return Optional.empty();
      }
      return Optional.of(
          new Kept(
              UUID.fromString(p.getProperty("oCloudId", "")),
              Optional.ofNullable(p.getProperty("name"))));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("{} cannot be read, ignored: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Keeps {@code oCloudId} as this owner's.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  void write(UUID oCloudId) {
    write(oCloudId, Optional.empty());
  }

  /**
   * Keeps {@code oCloudId} and the O-Cloud's {@code name} as this owner's.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  void write(UUID oCloudId, Optional<String> name) {
    Properties p = new Properties();
    p.setProperty("oCloudId", oCloudId.toString());
    p.setProperty(ownerKey, owner);
    name.ifPresent(n -> p.setProperty("name", n));
    try {
      Files.createDirectories(file.getParent());
      StringWriter text = new StringWriter();
      p.store(text, comment);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(text.toString());
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the O-Cloud id in " + file, e);
    }
  }

  private static String ownerOf(Properties p) {
    if (p.getProperty("cluster") != null) {
      return "cluster " + p.getProperty("cluster");
    }
    if (p.getProperty("backend") != null) {
      return "backend " + p.getProperty("backend");
    }
    return "no named owner";
  }
}
