package io.netweave.o2ims.server.internal.notify.embedded;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.h2.mvstore.MVStore;

/**
 * One MVStore file of the data directory that outlives a failed write. H2 closes a store whose
 * write failed (its "panic"), and would stay closed until a restart. Here the owning store's
 * operations run between {@link #enter()} and the returned lock's release; a failed {@link #commit}
 * closes the store (if H2 did not) and reports to the {@link DataDirectoryHealth}; {@link
 * #recover()} then opens the file again from what is on disk (the last commit that succeeded: what
 * failed is not there), lets the owner rebuild its maps and in-memory state ({@code onOpen}, which
 * runs while no operation is inside), and writes once to learn whether the disk takes writes again.
 * While the file is closed {@link #enter()} refuses with {@link DataDirectoryWriteException}.
 *
 * <p>Design note: operations hold the read lock of a read-write lock, reopening holds the write
 * lock, so no operation mixes the maps or in-memory state of two openings. Owners take {@link
 * #enter()} before their own monitor, never inside it. Thread-safe.
 */
final class MvFile implements AutoCloseable {
  private static final String PROBE_MAP = "writeCheck";

  private final Path path;
  private final int cacheMb;
  private final DataDirectoryHealth health;
  private final Consumer<MVStore> onOpen;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile MVStore store;
  private volatile boolean closed;

  /**
   * Opens the file (creating it) and calls {@code onOpen} with the store.
   *
   * @param cacheMb MVStore's page cache in MB, or 0 for its default
   * @throws org.h2.mvstore.MVStoreException if the file cannot be opened (locked, corrupt)
   */
  MvFile(Path path, int cacheMb, DataDirectoryHealth health, Consumer<MVStore> onOpen) {
    this.path = path;
    this.cacheMb = cacheMb;
    this.health = health;
    this.onOpen = onOpen;
    this.store = open();
    onOpen.accept(store);
  }

  /** The file's name, for messages. */
  String name() {
    Path parent = path.getParent();
    return parent != null
            && parent.getFileName() != null
            && "alarms".equals(parent.getFileName().toString())
        ? "alarms/" + path.getFileName()
        : path.getFileName().toString();
  }

  /**
   * Starts an operation: returns the held read lock, with the store open.
   *
   * @throws DataDirectoryWriteException while a failed write has left the file closed
   */
  Lock enter() {
    Lock read = lock.readLock();
    read.lock();
    if (store.isClosed()) {
      read.unlock();
      throw new DataDirectoryWriteException(health.refusal(this));
    }
    return read;
  }

  /** The open store (inside an operation). */
  MVStore store() {
    return store;
  }

  /**
   * Commits the store's changes (and, with {@code sync}, forces them to the disk).
   *
   * @throws DataDirectoryWriteException when the write fails; the store is then closed, and what
   *     the maps held beyond the last good commit is dropped when {@link #recover()} reopens it
   */
  void commit(boolean sync) {
    MVStore s = store;
    try {
      s.commit();
      if (sync) {
        s.sync();
      }
    } catch (RuntimeException e) {
      if (closed) {
        throw e;
      }
      if (!s.isClosed()) {
        s.closeImmediately();
      }
      health.failed(this, e);
      throw new DataDirectoryWriteException(health.refusal(this));
    }
    health.succeeded(this);
  }

  /** Reopens the file after a failed write and writes to it once; see the class comment. */
  void recover() {
    lock.writeLock().lock();
    try {
      if (closed || !store.isClosed()) {
        return;
      }
      MVStore reopened;
      try {
        reopened = open();
      } catch (RuntimeException e) {
        health.failed(this, e);
        return;
      }
      try {
        onOpen.accept(reopened);
        reopened.<String, String>openMap(PROBE_MAP).put("at", Long.toString(System.nanoTime()));
        reopened.commit();
        store = reopened;
      } catch (RuntimeException e) {
        if (!reopened.isClosed()) {
          reopened.closeImmediately();
        }
        health.failed(this, e);
        return;
      }
      health.succeeded(this);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      if (!store.isClosed()) {
        store.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Closes without committing, as a crash would. */
  void halt() {
    closed = true;
    MVStore s = store;
    if (!s.isClosed()) {
      s.closeImmediately();
    }
  }

  private MVStore open() {
    MVStore.Builder builder = new MVStore.Builder().fileName(path.toString()).autoCommitDisabled();
    if (cacheMb > 0) {
      builder.cacheSize(cacheMb);
    }
    return builder.open();
  }
}
