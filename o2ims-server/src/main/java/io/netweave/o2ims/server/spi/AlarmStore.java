package io.netweave.o2ims.server.spi;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable storage of alarm records and of the alarm service configuration, kept beside the
 * notification outbox (embedded file or Redis, shared by every replica). Thread-safe. A method that
 * returns normally has made its change durable. Writers never overwrite blindly: {@link #create}
 * only adds, {@link #replace} is a compare-and-set on the whole record, so the producer (raising,
 * changing, clearing) and any replica's API (acknowledging) never lose each other's updates.
 * Created and closed by the composition root.
 */
public interface AlarmStore extends AutoCloseable {

  /** The record with this id. */
  Optional<AlarmEventRecord> get(UUID alarmEventRecordId);

  /** Every record, in id order (as strings). */
  List<AlarmEventRecord> list();

  /** Stores a new record; false (and nothing written) if one with its id exists. */
  boolean create(AlarmEventRecord record);

  /**
   * Replaces {@code expected} by {@code updated} (same id) if the stored record still equals {@code
   * expected}; false otherwise (someone else changed it, or it is gone).
   *
   * @throws IllegalArgumentException if the ids differ
   */
  boolean replace(AlarmEventRecord expected, AlarmEventRecord updated);

  /**
   * Removes the cleared records whose {@code alarmClearedTime} is before {@code clearedBefore};
   * active records are never removed. Returns how many were removed.
   */
  int purgeClearedBefore(Instant clearedBefore);

  /**
   * A number that changes whenever a record is written (created, replaced, purged), so a reader can
   * tell cheaply whether the records changed since it last looked.
   */
  long revision();

  /** The service configuration; the defaults if never written. */
  AlarmServiceConfiguration configuration();

  /** Replaces the service configuration. */
  void configure(AlarmServiceConfiguration configuration);

  /**
   * Replaces the service configuration by {@code updated} if it still equals {@code expected} (the
   * defaults count as the configuration when none was written); false otherwise (someone else
   * changed it). A merge (PATCH) is read, merged and stored with this, so two merges on any
   * replicas never lose each other's members.
   */
  boolean configure(AlarmServiceConfiguration expected, AlarmServiceConfiguration updated);

  @Override
  void close();
}
