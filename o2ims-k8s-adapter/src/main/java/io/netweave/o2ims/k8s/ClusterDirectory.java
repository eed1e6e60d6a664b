package io.netweave.o2ims.k8s;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watched directory of kubeconfig files, one per cluster, named after it ({@code edge-7} or
 * {@code edge-7.yaml}): the way a Kubernetes Secret or ConfigMap volume presents its keys. A file
 * that appears adds its cluster to a {@link MultiClusterInventorySource}, one that disappears
 * removes it, one whose content changes re-adds it (its ids do not change: they derive from the
 * cluster's kube-system UID).
 *
 * <p>Design note. Kubernetes updates such a volume atomically: the files live in a hidden
 * timestamped directory, {@code ..data} is a symlink to it, each visible name a symlink through
 * {@code ..data}, and an update writes a new timestamped directory and renames a new {@code ..data}
 * symlink over the old one. So no event names the changed file: any event in the directory (and, as
 * a safety net, a periodic rescan) triggers a full comparison of the visible names and the SHA-256
 * of what they resolve to. Names starting with {@code .} are never clusters; a name that does not
 * resolve to a regular file (a dangling link during the swap) is skipped until it does.
 *
 * <p>Thread-safe. Lifecycle: {@link #start()} scans once synchronously, then watches on its own
 * daemon thread until {@link #close()}.
 */
public final class ClusterDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDirectory.class);

  private final Path directory;
  private final MultiClusterInventorySource clusters;
  private final BiFunction<String, Path, KubernetesSettings> settings;
  private final Duration rescan;
  private final Map<String, String> known = new TreeMap<>();
  private final Thread watcher;
  private volatile WatchService watch;
  private volatile boolean running = true;

  /**
   * @param settings the settings of a cluster, from its name and kubeconfig file
   * @param rescan the longest time between two scans when no event arrives
   */
  public ClusterDirectory(
      Path directory,
      MultiClusterInventorySource clusters,
      BiFunction<String, Path, KubernetesSettings> settings,
      Duration rescan) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clusters = Objects.requireNonNull(clusters, "clusters");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.rescan = Objects.requireNonNull(rescan, "rescan");
    this.watcher = new Thread(this::watchLoop, "k8s-clusters-dir");
    this.watcher.setDaemon(true);
  }

  /**
   * Adds the clusters present now, then watches for changes.
   *
   * @throws KubernetesAdapterException if the directory cannot be read or watched
   */
  public void start() {
    try {
      watch = directory.getFileSystem().newWatchService();
      directory.register(
          watch,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_DELETE,
          StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException e) {
      throw new KubernetesAdapterException(
          "cannot watch kubernetes.clusters_dir " + directory + ": " + e.getMessage(), e);
    }
    scan();
    watcher.start();
  }

  /** The clusters this directory currently contributes, by name. */
  public synchronized java.util.Set<String> clusterNames() {
    return java.util.Set.copyOf(known.keySet());
  }

  /** Compares the directory with what is known and adds, removes or re-adds clusters. */
  synchronized void scan() {
    Map<String, Path> files = new LinkedHashMap<>();
    Map<String, String> digests = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (file.startsWith(".") || !Files.isRegularFile(entry)) {
          continue;
        }
        String name = clusterName(file);
        files.put(name, entry);
        digests.put(name, digest(Files.readAllBytes(entry)));
      }
    } catch (IOException e) {
      LOG.warn(
          "reading kubernetes.clusters_dir {} failed, will retry: {}", directory, e.toString());
      return;
    }
    for (String name : java.util.List.copyOf(known.keySet())) {
      String now = digests.get(name);
      if (now == null || !now.equals(known.get(name))) {
        clusters.removeCluster(name);
        known.remove(name);
      }
    }
    digests.forEach(
        (name, digest) -> {
          if (!known.containsKey(name)) {
            try {
              clusters.addCluster(name, settings.apply(name, files.get(name)));
              known.put(name, digest);
            } catch (RuntimeException e) {
              LOG.warn(
                  "cluster {} from {} cannot be added: {}", name, files.get(name), e.toString());
            }
          }
        });
  }

  private static String clusterName(String file) {
    for (String suffix : new String[] {".yaml", ".yml", ".kubeconfig"}) {
      if (file.endsWith(suffix) && file.length() > suffix.length()) {
        return file.substring(0, file.length() - suffix.length());
      }
    }
    return file;
  }

  private static String digest(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void watchLoop() {
    while (running) {
      try {
        WatchKey key = watch.poll(rescan.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
        scan();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("watching kubernetes.clusters_dir failed, continuing", e);
      }
    }
  }

  /** Stops watching; the clusters added stay in the multi-cluster source (it closes them). */
  @Override
  public void close() {
    running = false;
    watcher.interrupt();
    try {
      if (watch != null) {
        watch.close();
      }
    } catch (IOException e) {
      LOG.debug("closing the watch service failed", e);
    }
  }
}
