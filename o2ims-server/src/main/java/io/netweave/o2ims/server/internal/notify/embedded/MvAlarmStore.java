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
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Alarm records and the alarm service configuration in one MVStore file ({@code alarms.mv.db} in
 * the data directory). Thread-safe: writes hold the instance lock and commit before returning, so a
 * kill -9 after a return loses nothing; reads are lock-free. Lifecycle: opened by the constructor,
 * closed by {@link #close()}.
 */
public final class MvAlarmStore implements AlarmStore {
  private static final String CONFIGURATION = "configuration";
  private static final String REVISION = "revision";

  private final MVStore store;
  private final MVMap<String, String> records;
  private final MVMap<String, String> meta;
  private final AlarmRecordCodec codec = new AlarmRecordCodec();

  /**
   * @throws UncheckedIOException if the directory cannot be created
   * @throws org.h2.mvstore.MVStoreException if the file is locked by another process or corrupt
   */
  public MvAlarmStore(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    this.store =
        new MVStore.Builder()
            .fileName(dataDir.resolve("alarms.mv.db").toString())
            .autoCommitDisabled()
            .open();
    this.records = store.openMap("alarms");
    this.meta = store.openMap("meta");
  }

  @Override
  public Optional<AlarmEventRecord> get(UUID id) {
    return Optional.ofNullable(records.get(id.toString())).map(codec::decode);
  }

  @Override
  public List<AlarmEventRecord> list() {
    List<AlarmEventRecord> all = new ArrayList<>(records.size());
    for (Map.Entry<String, String> e : records.entrySet()) {
      all.add(codec.decode(e.getValue()));
    }
    return all;
  }

  @Override
  public synchronized boolean create(AlarmEventRecord record) {
    String key = record.alarmEventRecordId().toString();
    if (records.containsKey(key)) {
      return false;
    }
    records.put(key, codec.encode(record));
    bump();
    return true;
  }

  @Override
  public synchronized boolean replace(AlarmEventRecord expected, AlarmEventRecord updated) {
    if (!expected.alarmEventRecordId().equals(updated.alarmEventRecordId())) {
      throw new IllegalArgumentException("expected and updated records have different ids");
    }
    String key = expected.alarmEventRecordId().toString();
    String stored = records.get(key);
    if (stored == null || !codec.decode(stored).equals(expected)) {
      return false;
    }
    records.put(key, codec.encode(updated));
    bump();
    return true;
  }

  @Override
  public synchronized int purgeClearedBefore(Instant clearedBefore) {
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
    return Long.parseLong(meta.getOrDefault(REVISION, "0"));
  }

  @Override
  public AlarmServiceConfiguration configuration() {
    String text = meta.get(CONFIGURATION);
    return text == null ? AlarmServiceConfiguration.defaults() : codec.decodeConfiguration(text);
  }

  @Override
  public synchronized void configure(AlarmServiceConfiguration configuration) {
    meta.put(CONFIGURATION, codec.encode(configuration));
    store.commit();
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
    meta.put(REVISION, Long.toString(revision() + 1));
    store.commit();
  }

  @Override
  public synchronized void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }
}
