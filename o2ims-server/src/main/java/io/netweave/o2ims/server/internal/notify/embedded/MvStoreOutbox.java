package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.notify.EntryCodec;
import io.netweave.o2ims.server.spi.DeadLetter;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import io.netweave.o2ims.server.spi.OutboxEntry;
import io.netweave.o2ims.server.spi.StaleProducerException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The outbox in one MVStore file ({@code outbox.mv.db} in the data directory). Thread-safe: every
 * operation holds the instance lock and commits before returning, so a batch's maps change together
 * on disk (MVStore commits are atomic) and a kill -9 after a return loses nothing. Lifecycle:
 * opened by the constructor, closed by {@link #close()}; {@link #halt()} closes without a final
 * commit, as a crash would.
 */
public final class MvStoreOutbox implements NotificationOutbox {
  private static final String BASELINE_INITIALIZED = "baselineInitialized";
  private static final String FENCE = "fence";

  private final MVStore store;
  private final MVMap<String, String> queue;
  private final MVMap<String, Long> sequences;
  private final MVMap<String, String> dead;
  private final MVMap<String, String> baseline;
  private final MVMap<String, String> meta;
  private final Map<UUID, Long> depths = new HashMap<>();
  private final EntryCodec codec = new EntryCodec();
  private static final long GROUP_COMMIT_NANOS = 100_000_000L;
  private long lastCommitNanos = System.nanoTime();

  /**
   * Opens (creating if needed) {@code outbox.mv.db} in {@code dataDir}.
   *
   * @throws org.h2.mvstore.MVStoreException if the file cannot be opened (e.g. locked by another
   *     process)
   */
  public MvStoreOutbox(Path dataDir) {
    this.store =
        new MVStore.Builder()
            .fileName(dataDir.resolve("outbox.mv.db").toString())
            .autoCommitDisabled()
            .open();
    this.queue = store.openMap("queue");
    this.sequences = store.openMap("sequences");
    this.dead = store.openMap("dead");
    this.baseline = store.openMap("baseline");
    this.meta = store.openMap("meta");
    for (String key : queue.keySet()) {
      depths.merge(subscriptionOf(key), 1L, Long::sum);
    }
  }

  @Override
  public synchronized long newFencingToken() {
    long token = Long.parseLong(meta.getOrDefault(FENCE, "0")) + 1;
    meta.put(FENCE, Long.toString(token));
    store.commit();
    return token;
  }

  @Override
  public synchronized void append(OutboxBatch batch) {
    checkToken(batch.fencingToken());
    for (NewNotification n : batch.notifications()) {
      String sub = n.subscriptionId().toString();
      long seq = sequences.getOrDefault(sub, 0L) + 1;
      sequences.put(sub, seq);
      queue.put(key(n.subscriptionId(), seq), codec.encode(n.toEntry(seq)));
      depths.merge(n.subscriptionId(), 1L, Long::sum);
    }
    baseline.putAll(batch.baselinePuts());
    batch.baselineRemovals().forEach(baseline::remove);
    store.commit();
  }

  @Override
  public synchronized Optional<OutboxEntry> head(UUID subscriptionId) {
    String prefix = subscriptionId + "/";
    String first = queue.ceilingKey(prefix);
    if (first == null || !first.startsWith(prefix)) {
      return Optional.empty();
    }
    return Optional.of(codec.decode(subscriptionId, sequenceOf(first), queue.get(first)));
  }

  @Override
  public synchronized boolean complete(UUID subscriptionId, long sequence) {
    if (queue.remove(key(subscriptionId, sequence)) == null) {
      return false;
    }
    decrement(subscriptionId);
    commitSoon();
    return true;
  }

  @Override
  public synchronized boolean update(OutboxEntry entry) {
    String key = key(entry.subscriptionId(), entry.sequence());
    if (!queue.containsKey(key)) {
      return false;
    }
    queue.put(key, codec.encode(entry));
    commitSoon();
    return true;
  }

  @Override
  public synchronized boolean deadLetter(OutboxEntry entry, String reason, Instant deadAt) {
    if (queue.remove(key(entry.subscriptionId(), entry.sequence())) == null) {
      return false;
    }
    decrement(entry.subscriptionId());
    UUID id = DeadLetter.idOf(entry.subscriptionId(), entry.notificationId());
    dead.put(id.toString(), codec.encode(new DeadLetter(id, entry, reason, deadAt)));
    commitSoon();
    return true;
  }

  @Override
  public synchronized List<DeadLetter> deadLetters() {
    List<DeadLetter> all = new ArrayList<>();
    for (String stored : dead.values()) {
      all.add(codec.decodeDeadLetter(stored));
    }
    all.sort(Comparator.comparing(DeadLetter::deadAt).thenComparing(d -> d.id().toString()));
    return all;
  }

  @Override
  public synchronized boolean replay(UUID deadLetterId, Instant dueAt) {
    String stored = dead.remove(deadLetterId.toString());
    if (stored == null) {
      return false;
    }
    OutboxEntry old = codec.decodeDeadLetter(stored).entry();
    String sub = old.subscriptionId().toString();
    long seq = sequences.getOrDefault(sub, 0L) + 1;
    sequences.put(sub, seq);
    OutboxEntry fresh =
        new OutboxEntry(
            old.subscriptionId(), seq, old.notificationId(), old.body(), 0, dueAt, old.createdAt());
    queue.put(key(old.subscriptionId(), seq), codec.encode(fresh));
    depths.merge(old.subscriptionId(), 1L, Long::sum);
    store.commit();
    return true;
  }

  @Override
  public synchronized Map<UUID, Long> depths() {
    return Map.copyOf(depths);
  }

  @Override
  public synchronized void purge(UUID subscriptionId) {
    String prefix = subscriptionId + "/";
    List<String> keys = new ArrayList<>();
    for (String k = queue.ceilingKey(prefix);
        k != null && k.startsWith(prefix);
        k = queue.higherKey(k)) {
      keys.add(k);
    }
    keys.forEach(queue::remove);
    depths.remove(subscriptionId);
    List<String> deadIds = new ArrayList<>();
    dead.forEach(
        (id, stored) -> {
          if (codec.decodeDeadLetter(stored).entry().subscriptionId().equals(subscriptionId)) {
            deadIds.add(id);
          }
        });
    deadIds.forEach(dead::remove);
    store.commit();
  }

  @Override
  public synchronized Map<String, String> baseline() {
    return new TreeMap<>(baseline);
  }

  @Override
  public synchronized boolean baselineInitialized() {
    return meta.containsKey(BASELINE_INITIALIZED);
  }

  @Override
  public synchronized void initializeBaseline(long fencingToken, Map<String, String> objects) {
    checkToken(fencingToken);
    baseline.clear();
    baseline.putAll(objects);
    meta.put(BASELINE_INITIALIZED, "true");
    store.commit();
  }

  @Override
  public synchronized void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }

  /** Closes the file without committing or compacting, as a crash would (tests, shutdown hooks). */
  public synchronized void halt() {
    if (!store.isClosed()) {
      store.closeImmediately();
    }
  }

  /**
   * Group commit for outcomes of deliveries: losing one in a crash only means a redelivery (the
   * contract allows it), so they are committed at most every 100 ms, or with the next durable
   * write.
   */
  private void commitSoon() {
    long now = System.nanoTime();
    if (now - lastCommitNanos > GROUP_COMMIT_NANOS) {
      store.commit();
      lastCommitNanos = now;
    }
  }

  private void checkToken(long token) {
    long newest = Long.parseLong(meta.getOrDefault(FENCE, "0"));
    if (token < newest) {
      throw new StaleProducerException(token, newest);
    }
  }

  private void decrement(UUID subscriptionId) {
    depths.computeIfPresent(subscriptionId, (k, v) -> v <= 1 ? null : v - 1);
  }

  private static String key(UUID subscriptionId, long sequence) {
    return subscriptionId + "/" + String.format("%019d", sequence);
  }

  private static UUID subscriptionOf(String key) {
    return UUID.fromString(key.substring(0, key.indexOf('/')));
  }

  private static long sequenceOf(String key) {
    return Long.parseLong(key.substring(key.indexOf('/') + 1));
  }
}
