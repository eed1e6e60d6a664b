package io.netweave.o2ims.server.internal.notify.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.Subscription;
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
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A {@link SubscriptionStore} in one H2 MVStore file ({@code subscriptions.mv.db} in the data
 * directory). Every write is committed and synced before the method returns, so it survives a kill
 * -9 right after. Two maps: id to JSON, and dedup key to id; writes are serialized on this object
 * so that the duplicate check and the write are atomic. Reads are lock-free. Created and closed by
 * the composition root; a second process on the same directory fails to open it (file lock).
 *
 * <p>{@link #get} (once per delivery batch) and {@link #list} (each index refresh) keep each
 * subscription parsed next to the stored text it was parsed from and parses again only when the
 * stored text differs from that text: the map stays the only source of truth, the parsed copy only
 * spares the JSON parse.
 */
public final class MvSubscriptionStore implements SubscriptionStore {
  /** The stored form: the SPI record with the instant as epoch milliseconds. */
  record Row(Subscription subscription, String owner, String dedupKey, long createdAtMillis) {}

  private final MVStore store;
  private final MVMap<String, String> byId;
  private final MVMap<String, String> byDedupKey;
  private final ObjectMapper mapper;
  private final AtomicLong revision = new AtomicLong();

  /** A subscription parsed from its stored text. */
  private record Parsed(String json, StoredSubscription subscription) {}

  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  /**
   * Opens (or creates) the store.
   *
   * @throws UncheckedIOException if the directory cannot be created
   * @throws IllegalStateException if the file is locked by another process or corrupt
   */
  public MvSubscriptionStore(Path dataDir, ObjectMapper mapper) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    this.mapper = mapper;
    this.store =
        new MVStore.Builder()
            .fileName(dataDir.resolve("subscriptions.mv.db").toString())
            .autoCommitDisabled()
            .open();
    this.byId = store.openMap("subscriptions");
    this.byDedupKey = store.openMap("subscriptionsByDedupKey");
  }

  @Override
  public synchronized CreateOutcome create(StoredSubscription subscription) {
    String existing = byDedupKey.get(subscription.dedupKey());
    if (existing != null) {
      Optional<StoredSubscription> found = get(UUID.fromString(existing));
      if (found.isPresent()) {
        return new CreateOutcome.Duplicate(found.get());
      }
    }
    String id = subscription.subscription().subscriptionId().toString();
    byId.put(id, write(subscription));
    byDedupKey.put(subscription.dedupKey(), id);
    commit();
    revision.incrementAndGet();
    return new CreateOutcome.Created(subscription);
  }

  @Override
  public Optional<StoredSubscription> get(UUID subscriptionId) {
    String id = subscriptionId.toString();
    String json = byId.get(id);
    if (json == null) {
      parsed.remove(id);
      return Optional.empty();
    }
    return Optional.of(parsed(id, json));
  }

  /** The subscription stored as {@code json}, parsed once per stored text. */
  private StoredSubscription parsed(String id, String json) {
    Parsed known = parsed.get(id);
    if (known != null && known.json().equals(json)) {
      return known.subscription();
    }
    StoredSubscription read = read(json);
    parsed.put(id, new Parsed(json, read));
    return read;
  }

  @Override
  public List<StoredSubscription> list() {
    List<StoredSubscription> out = new ArrayList<>();
    for (Map.Entry<String, String> e : byId.entrySet()) {
      out.add(parsed(e.getKey(), e.getValue()));
    }
    return out;
  }

  @Override
  public synchronized boolean delete(UUID subscriptionId) {
    String json = byId.remove(subscriptionId.toString());
    if (json == null) {
      return false;
    }
    parsed.remove(subscriptionId.toString());
    byDedupKey.remove(read(json).dedupKey());
    commit();
    revision.incrementAndGet();
    return true;
  }

  /** Counted in memory: one process owns the file, so no other writer can move it. */
  @Override
  public long revision() {
    return revision.get();
  }

  @Override
  public synchronized void close() {
    store.close();
  }

  private void commit() {
    store.commit();
    store.sync();
  }

  private String write(StoredSubscription s) {
    try {
      return mapper.writeValueAsString(
          new Row(s.subscription(), s.owner(), s.dedupKey(), s.createdAt().toEpochMilli()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize subscription", e);
    }
  }

  private StoredSubscription read(String json) {
    try {
      Row row = mapper.readValue(json, Row.class);
      return new StoredSubscription(
          row.subscription(),
          row.owner(),
          row.dedupKey(),
          Instant.ofEpochMilli(row.createdAtMillis()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt subscription record", e);
    }
  }
}
