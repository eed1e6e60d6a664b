package io.netweave.o2ims.server.internal.notify.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A {@link SubscriptionStore} in one H2 MVStore file ({@code subscriptions.mv.db} in the data
 * directory). Every write is committed and synced before the method returns, so it survives a kill
 * -9 right after. Two maps: id to JSON, and dedup key to id; writes are serialized on this object
 * so that the duplicate check, the owner's count and the write are atomic (one process owns the
 * file, so the count is over the parsed copy below, legacy bare-owner records included). Reads are
 * lock-free. Created and closed by the composition root; a second process on the same directory
 * fails to open it (file lock).
 *
 * <p>A write the disk refuses (a full file system) is not made: create and delete throw {@link
 * DataDirectoryWriteException} (a 503) and the parsed copy keeps what the file keeps; the file is
 * reopened by {@link DataDirectoryHealth#recover()} ({@link MvFile}). Reads are served from the
 * parsed copy meanwhile.
 *
 * <p>{@link #get} (once per delivery batch) and {@link #list} (each index refresh) read a parsed
 * copy of every subscription, by id, read from the file when it is opened and changed by {@link
 * #create} and {@link #delete} together with the file (under the same lock): one process owns the
 * file, so nothing else changes it. A delivery's lookup is then one hash lookup, not a search of
 * the map's pages with MVStore's generic key comparisons and a check of the stored text.
 */
public final class MvSubscriptionStore implements SubscriptionStore {
  /**
   * The stored form: the SPI record with the instant as epoch milliseconds, and the owner in two
   * fields ({@link OwnerKeys#storedSubject}, {@link OwnerKeys#storedKey}): {@code owner} as earlier
   * releases wrote and read it (a bare subject, so that a rollback still finds each owner's
   * subscriptions), {@code ownerKey} the owner key, null in a record an earlier release wrote.
   */
  record Row(
      Subscription subscription,
      String owner,
      String dedupKey,
      long createdAtMillis,
      String ownerKey) {}

  private final MvFile file;
  private MVMap<String, String> byId;
  private MVMap<String, String> byDedupKey;
  private final ObjectMapper mapper;
  private final AtomicLong revision = new AtomicLong();

  /** Every stored subscription, parsed; changed only with the file, under {@code this}. */
  private final Map<UUID, StoredSubscription> parsed = new ConcurrentHashMap<>();

  /**
   * Opens (or creates) the store.
   *
   * @throws UncheckedIOException if the directory cannot be created
   * @throws IllegalStateException if the file is locked by another process or corrupt
   */
  public MvSubscriptionStore(Path dataDir, ObjectMapper mapper) {
    this(dataDir, mapper, new DataDirectoryHealth(dataDir));
  }

  /**
   * Opens (or creates) the store, reporting failed writes to {@code health}.
   *
   * @throws UncheckedIOException if the directory cannot be created
   * @throws IllegalStateException if the file is locked by another process or corrupt
   */
  public MvSubscriptionStore(Path dataDir, ObjectMapper mapper, DataDirectoryHealth health) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    this.mapper = mapper;
    this.file = new MvFile(dataDir.resolve("subscriptions.mv.db"), 0, health, this::load);
  }

  /** Opens the maps of a newly opened file and reads the parsed copy from it. */
  private void load(MVStore store) {
    byId = store.openMap("subscriptions");
    byDedupKey = store.openMap("subscriptionsByDedupKey");
    Map<UUID, StoredSubscription> fromFile = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : byId.entrySet()) {
      fromFile.put(UUID.fromString(e.getKey()), read(e.getValue()));
    }
    parsed.keySet().retainAll(fromFile.keySet());
    parsed.putAll(fromFile);
  }

  @Override
  public CreateOutcome create(StoredSubscription subscription, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1, not " + limit);
    }
    Lock open = file.enter();
    try {
      synchronized (this) {
        return createInOpenFile(subscription, limit);
      }
    } finally {
      open.unlock();
    }
  }

  private CreateOutcome createInOpenFile(StoredSubscription subscription, int limit) {
    String existing = byDedupKey.get(subscription.dedupKey());
    if (existing != null) {
      Optional<StoredSubscription> found = get(UUID.fromString(existing));
      if (found.isPresent()) {
        return new CreateOutcome.Duplicate(found.get());
      }
    }
    if (limit < Integer.MAX_VALUE) {
      long held =
          parsed.values().stream()
              .filter(s -> OwnerKeys.owns(subscription.owner(), s.owner()))
              .count();
      if (held >= limit) {
        return new CreateOutcome.QuotaUsedUp(held);
      }
    }
    String id = subscription.subscription().subscriptionId().toString();
    String json = write(subscription);
    byId.put(id, json);
    byDedupKey.put(subscription.dedupKey(), id);
    file.commit(true);
    // as stored (the creation instant in milliseconds), as a reopened store reads it
    parsed.put(subscription.subscription().subscriptionId(), read(json));
    revision.incrementAndGet();
    return new CreateOutcome.Created(subscription);
  }

  @Override
  public Optional<StoredSubscription> get(UUID subscriptionId) {
    return Optional.ofNullable(parsed.get(subscriptionId));
  }

  @Override
  public List<StoredSubscription> list() {
    // In the file's order (ids as text), from the parsed copy, which is also there while the file
    // is closed after a failed write.
    List<StoredSubscription> out = new ArrayList<>(parsed.values());
    out.sort(java.util.Comparator.comparing(s -> s.subscription().subscriptionId().toString()));
    return out;
  }

  @Override
  public boolean delete(UUID subscriptionId) {
    Lock open = file.enter();
    try {
      synchronized (this) {
        String json = byId.remove(subscriptionId.toString());
        if (json == null) {
          return false;
        }
        byDedupKey.remove(read(json).dedupKey());
        file.commit(true);
        parsed.remove(subscriptionId);
        revision.incrementAndGet();
        return true;
      }
    } finally {
      open.unlock();
    }
  }

  /** Counted in memory: one process owns the file, so no other writer can move it. */
  @Override
  public long revision() {
    return revision.get();
  }

  @Override
  public void close() {
    file.close();
  }

  private String write(StoredSubscription s) {
    try {
      return mapper.writeValueAsString(
          new Row(
              s.subscription(),
              OwnerKeys.storedSubject(s.owner()),
              s.dedupKey(),
              s.createdAt().toEpochMilli(),
              OwnerKeys.storedKey(s.owner()).orElse(null)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize subscription", e);
    }
  }

  private StoredSubscription read(String json) {
    try {
      Row row = mapper.readValue(json, Row.class);
      return new StoredSubscription(
          row.subscription(),
          OwnerKeys.fromStored(row.owner(), row.ownerKey()),
          row.dedupKey(),
          Instant.ofEpochMilli(row.createdAtMillis()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt subscription record", e);
    }
  }
}
