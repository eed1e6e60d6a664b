package io.netweave.o2ims.server.internal.notify.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the embedded store files of one {@code storage.data_dir} can be written, for {@code
 * /readyz}, the metrics and the log, and the recovery of files whose write failed.
 *
 * <p>A failed write (a full file system: {@code No space left on device}) leaves the MVStore file
 * closed: H2 closes a store whose write failed, and its maps in memory may hold the change the disk
 * refused. The file is then reopened from what is on disk by {@link #recover()}, which the
 * composition root calls every second, and which writes to it once to learn whether the disk takes
 * writes again; until that write succeeds every operation on the file is refused with {@link
 * DataDirectoryWriteException} (a subscription create answers 503, deliveries from the outbox
 * wait).
 *
 * <p>The log gets one WARN line when a file's writes start failing and one INFO line when they
 * succeed again, not one per refused request or per retry. Thread-safe.
 */
public final class DataDirectoryHealth {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryHealth.class);

  private final Path dataDir;

  /** The files whose last write failed, with the failure's text. */
  private final Map<MvFile, String> failing = new ConcurrentHashMap<>();

  private final AtomicLong failures = new AtomicLong();
  private volatile boolean anyFailing;

  public DataDirectoryHealth(Path dataDir) {
    this.dataDir = dataDir.toAbsolutePath();
  }

  /**
   * Reopens every file whose write failed and writes to it once; a file whose write succeeds serves
   * again. Never throws. Called by one thread at a time (the composition root's schedule, tests).
   */
  public void recover() {
    if (!anyFailing) {
      return;
    }
    for (MvFile file : failing.keySet()) {
      file.recover();
    }
  }

  /** Why writes to the data directory fail, while one of its files' last write failed. */
  public Optional<String> failure() {
    if (!anyFailing) {
      return Optional.empty();
    }
    return failing.keySet().stream().findFirst().map(this::refusal);
  }

  /** Whether the last write of one of the files failed (metric {@code ..._write_failing}). */
  public boolean failing() {
    return anyFailing;
  }

  /** Failed writes since start (metric {@code ..._write_failures}). */
  public long failures() {
    return failures.get();
  }

  /** The text of a refusal while {@code file} cannot be written. */
  String refusal(MvFile file) {
    String why = failing.get(file);
    return "storage.data_dir "
        + dataDir
        + ": "
        + file.name()
        + " cannot be written"
        + (why == null ? "" : " (" + why + ")");
  }

  void failed(MvFile file, Throwable cause) {
    failures.incrementAndGet();
    String why = rootCause(cause);
    if (failing.put(file, why) == null) {
      anyFailing = true;
      LOG.warn(
          "storage.data_dir {}: writing {} failed ({}): subscription and alarm writes answer 503"
              + " and notifications wait in the outbox until a write succeeds again, tried every"
              + " second (free space on the volume or enlarge it; nothing needs a restart)",
          dataDir,
          file.name(),
          why);
    }
  }

  void succeeded(MvFile file) {
    if (anyFailing && failing.remove(file) != null) {
      anyFailing = !failing.isEmpty();
      LOG.info("storage.data_dir {}: writing {} succeeds again", dataDir, file.name());
    }
  }

  /** The innermost I/O error's text (H2 wraps it), else the failure's own. */
  private static String rootCause(Throwable cause) {
    String text = cause.toString();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null) {
        text = t.getMessage();
      }
    }
    return text;
  }
}
