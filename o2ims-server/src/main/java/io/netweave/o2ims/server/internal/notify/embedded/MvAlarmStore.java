package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.server.internal.alarms.AlarmRecordCodec;
import io.netweave.o2ims.server.spi.AlarmStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import org.h2.mvstore.MVMap;

/**
 * Alarm records and the alarm service configuration in one MVStore file ({@code alarms.mv.db} in
 * the data directory). Thread-safe: writes hold the instance lock and commit before returning, so a
 * kill -9 after a return loses nothing; reads are lock-free. Lifecycle: opened by the constructor,
 * closed by {@link #close()}. A write the disk refuses is not made ({@link
 * DataDirectoryWriteException}); the file is then closed until {@link
 * DataDirectoryHealth#recover()} reopens it, and reads and writes are refused meanwhile ({@link
 * MvFile}).
 */
public final class MvAlarmStore implements AlarmStore {
  private static final String CONFIGURATION = "configuration";
  private static final String REVISION = "revision";

  private final MvFile file;
  private volatile MVMap<String, String> records;
  private volatile MVMap<String, String> meta;
  private final AlarmRecordCodec codec = new AlarmRecordCodec();

  /**
   * @throws UncheckedIOException if the directory cannot be created
   * @throws org.h2.mvstore.MVStoreException if the file is locked by another process or corrupt
   */
  public MvAlarmStore(Path dataDir) {
    this(dataDir, new DataDirectoryHealth(dataDir));
  }

  /**
   * @throws UncheckedIOException if the directory cannot be created
   * @throws org.h2.mvstore.MVStoreException if the file is locked by another process or corrupt
   */
  public MvAlarmStore(Path dataDir, DataDirectoryHealth health) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    this.file =
        new MvFile(
            dataDir.resolve("alarms.mv.db"),
            0,
            health,
            store -> {
              records = store.openMap("alarms");
              meta = store.openMap("meta");
            });
  }

  @Override
  public Optional<AlarmEventRecord> get(UUID id) {
    Lock open = file.enter();
    try {
      return Optional.ofNullable(records.get(id.toString())).map(codec::decode);
    } finally {
      open.unlock();
    }
  }

  @Override
  public List<AlarmEventRecord> list() {
    Lock open = file.enter();
    try {
      List<AlarmEventRecord> all = new ArrayList<>(records.size());
      for (Map.Entry<String, String> e : records.entrySet()) {
        all.add(codec.decode(e.getValue()));
      }
      return all;
    } finally {
      open.unlock();
    }
  }

  @Override
  public boolean create(AlarmEventRecord record) {
    Lock open = file.enter();
    try {
      synchronized (this) {
        String key = record.alarmEventRecordId().toString();
        if (records.containsKey(key)) {
          return false;
        }
        records.put(key, codec.encode(record));
        bump();
        return true;
      }
    } finally {
      open.unlock();
    }
  }

  @Override
  public boolean replace(AlarmEventRecord expected, AlarmEventRecord updated) {
    if (!expected.alarmEventRecordId().equals(updated.alarmEventRecordId())) {
      throw new IllegalArgumentException("expected and updated records have different ids");
    }
    Lock open = file.enter();
    try {
      synchronized (this) {
        String key = expected.alarmEventRecordId().toString();
        String stored = records.get(key);
        if (stored == null || !codec.decode(stored).equals(expected)) {
          return false;
        }
        records.put(key, codec.encode(updated));
        bump();
        return true;
      }
    } finally {
      open.unlock();
    }
  }

  @Override
  public int purgeClearedBefore(Instant clearedBefore) {
    Lock open = file.enter();
    try {
      synchronized (this) {
        return purgeInOpenFile(clearedBefore);
      }
    } finally {
      open.unlock();
    }
  }

  private int purgeInOpenFile(Instant clearedBefore) {
    int removed = 0;
    for (Map.Entry<String, String> e : new ArrayList<>(records.entrySet())) {
      AlarmEventRecord r = codec.decode(e.getValue());
      if (r.alarmClearedTime()
          .map(AlarmEventRecord::instant)
          .filter(t -> t.isBefore(clearedBefore))
          .isPresent()) {
        records.remove(e.getKey());
        removed++;
      }
    }
    if (removed > 0) {
      bump();
    }
    return removed;
  }

  @Override
  public long revision() {
    Lock open = file.enter();
    try {
      return storedRevision();
    } finally {
      open.unlock();
    }
  }

  private long storedRevision() {
    return Long.parseLong(meta.getOrDefault(REVISION, "0"));
  }

  @Override
  public AlarmServiceConfiguration configuration() {
    Lock open = file.enter();
    try {
      String text = meta.get(CONFIGURATION);
      return text == null ? AlarmServiceConfiguration.defaults() : codec.decodeConfiguration(text);
    } finally {
      open.unlock();
    }
  }

  @Override
  public void configure(AlarmServiceConfiguration configuration) {
    Lock open = file.enter();
    try {
      synchronized (this) {
        meta.put(CONFIGURATION, codec.encode(configuration));
        file.commit(false);
      }
    } finally {
      open.unlock();
    }
  }

  @Override
  public synchronized boolean configure(
      AlarmServiceConfiguration expected, AlarmServiceConfiguration updated) {
    if (!configuration().equals(expected)) {
      return false;
    }
    configure(updated);
    return true;
  }

  private void bump() {
    meta.put(REVISION, Long.toString(storedRevision() + 1));
    file.commit(false);
  }

  @Override
  public void close() {
    file.close();
  }
}
