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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox in one MVStore file ({@code outbox.mv.db} in the data directory), for one replica.
 *
 * <p>Layout: every queued entry under one outbox-wide sequence number ({@code entries}: sequence to
 * subscription id and entry), so entries are stored in the order they were appended and delivered
 * entries are removed near the start of the map whatever subscription they belong to: a commit
 * rewrites few pages (a key per subscription and sequence scattered the removals of 1,000 busy
 * queues over the whole map, and every commit rewrote most of it). Each subscription's queue is an
 * in-memory sorted set of its sequences, rebuilt from the map when the file is opened. Files of the
 * previous layout ({@code queue} keyed by subscription and per-queue sequence) are migrated when
 * opened.
 *
 * <p>Durability: {@link #newFencingToken}, {@link #append}, {@link #replay}, {@link #purge} and
 * {@link #initializeBaseline} commit before returning (MVStore commits are atomic, so a batch's
 * maps change together on disk and a kill -9 after a return loses nothing); appended entries become
 * visible to {@link #head} only once committed. Delivery outcomes are committed in groups by a
 * background thread every 100 ms (losing one in a crash only means a redelivery, which the contract
 * allows). Commits run outside the instance lock, so deliveries never wait for the disk.
 *
 * <p>Thread-safe: the in-memory queues and map writes are guarded by the instance lock. Lifecycle:
 * opened by the constructor, closed by {@link #close()}; {@link #halt()} closes without a final
 * commit, as a crash would.
 */
public final class MvStoreOutbox implements NotificationOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(MvStoreOutbox.class);
  private static final String BASELINE_INITIALIZED = "baselineInitialized";
  private static final String FENCE = "fence";
  private static final String LAST_SEQUENCE = "lastSequence";
  private static final long GROUP_COMMIT_MILLIS = 100;

  private final MVStore store;
  private final MVMap<Long, String> entries;
  private final MVMap<String, String> dead;
  private final MVMap<String, String> baseline;
  private final MVMap<String, String> meta;

  /** Each subscription's queued sequences, committed entries only; guarded by {@code this}. */
  private final Map<UUID, TreeSet<Long>> queues = new HashMap<>();

  private long lastSequence;
  private final EntryCodec codec = new EntryCodec();
  private final AtomicBoolean uncommitted = new AtomicBoolean();
  private final ScheduledExecutorService committer;

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
    this.entries = store.openMap("entries");
    this.dead = store.openMap("dead");
    this.baseline = store.openMap("baseline");
    this.meta = store.openMap("meta");
    Long lastKey = entries.lastKey();
    lastSequence =
        Math.max(
            Long.parseLong(meta.getOrDefault(LAST_SEQUENCE, "0")), lastKey == null ? 0 : lastKey);
    migratePreviousLayout();
    for (Map.Entry<Long, String> e : entries.entrySet()) {
      queues.computeIfAbsent(subscriptionOf(e.getValue()), k -> new TreeSet<>()).add(e.getKey());
    }
    this.committer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "outbox-group-commit");
              t.setDaemon(true);
              return t;
            });
    committer.scheduleWithFixedDelay(
        this::groupCommit, GROUP_COMMIT_MILLIS, GROUP_COMMIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Moves the entries of the previous layout (one key per subscription and sequence). */
  private void migratePreviousLayout() {
    if (!store.hasMap("queue")) {
      return;
    }
    MVMap<String, String> old = store.openMap("queue");
    for (Map.Entry<String, String> e : old.entrySet()) {
      String key = e.getKey();
      UUID sub = UUID.fromString(key.substring(0, key.indexOf('/')));
      OutboxEntry entry =
          codec.decode(sub, Long.parseLong(key.substring(key.indexOf('/') + 1)), e.getValue());
      entries.put(++lastSequence, stored(sub, entry));
    }
    meta.put(LAST_SEQUENCE, Long.toString(lastSequence));
    store.removeMap("queue");
    if (store.hasMap("sequences")) {
      store.removeMap("sequences");
    }
    store.commit();
  }

  @Override
  public long newFencingToken() {
    long token;
    synchronized (this) {
      token = Long.parseLong(meta.getOrDefault(FENCE, "0")) + 1;
      meta.put(FENCE, Long.toString(token));
    }
    store.commit();
    return token;
  }

  @Override
  public void append(OutboxBatch batch) {
    List<NewNotification> notifications = batch.notifications();
    long first;
    synchronized (this) {
      checkToken(batch.fencingToken());
      first = lastSequence + 1;
      lastSequence += notifications.size();
      meta.put(LAST_SEQUENCE, Long.toString(lastSequence));
    }
    // The sequences are this batch's alone, and MVMap writes are thread-safe: deliveries go on.
    for (int i = 0; i < notifications.size(); i++) {
      NewNotification n = notifications.get(i);
      entries.put(first + i, stored(n.subscriptionId(), n.toEntry(first + i)));
    }
    baseline.putAll(batch.baselinePuts());
    batch.baselineRemovals().forEach(baseline::remove);
    store.commit();
    synchronized (this) {
      for (int i = 0; i < notifications.size(); i++) {
        queues
            .computeIfAbsent(notifications.get(i).subscriptionId(), k -> new TreeSet<>())
            .add(first + i);
      }
    }
  }

  @Override
  public Optional<OutboxEntry> head(UUID subscriptionId) {
    List<OutboxEntry> first = heads(subscriptionId, 1);
    return first.isEmpty() ? Optional.empty() : Optional.of(first.get(0));
  }

  @Override
  public List<OutboxEntry> heads(UUID subscriptionId, int max) {
    List<Long> sequences = new ArrayList<>();
    synchronized (this) {
      TreeSet<Long> queue = queues.get(subscriptionId);
      if (queue == null) {
        return List.of();
      }
      for (Iterator<Long> it = queue.iterator(); it.hasNext() && sequences.size() < max; ) {
        sequences.add(it.next());
      }
    }
    // MVMap reads are thread-safe; a page read from the file does not hold up other queues.
    List<OutboxEntry> found = new ArrayList<>(sequences.size());
    for (long seq : sequences) {
      String value = entries.get(seq);
      if (value == null) {
        break; // removed meanwhile (purged): the queue ends here
      }
      found.add(decode(subscriptionId, seq, value));
    }
    return found;
  }

  @Override
  public boolean complete(UUID subscriptionId, long sequence) {
    return complete(subscriptionId, List.of(sequence)) == 1;
  }

  @Override
  public int complete(UUID subscriptionId, Collection<Long> sequences) {
    List<Long> removed = new ArrayList<>(sequences.size());
    synchronized (this) {
      TreeSet<Long> queue = queues.get(subscriptionId);
      if (queue == null) {
        return 0;
      }
      for (long seq : sequences) {
        if (queue.remove(seq)) {
          removed.add(seq);
        }
      }
      if (queue.isEmpty()) {
        queues.remove(subscriptionId);
      }
    }
    // Out of the queue already, so no reader asks for them; MVMap writes are thread-safe.
    removed.forEach(entries::remove);
    uncommitted.set(true);
    return removed.size();
  }

  @Override
  public boolean update(OutboxEntry entry) {
    synchronized (this) {
      TreeSet<Long> queue = queues.get(entry.subscriptionId());
      if (queue == null || !queue.contains(entry.sequence())) {
        return false;
      }
      entries.put(entry.sequence(), stored(entry.subscriptionId(), entry));
    }
    uncommitted.set(true);
    return true;
  }

  @Override
  public boolean deadLetter(OutboxEntry entry, String reason, Instant deadAt) {
    UUID id = DeadLetter.idOf(entry.subscriptionId(), entry.notificationId());
    String letter = codec.encode(new DeadLetter(id, entry, reason, deadAt));
    synchronized (this) {
      if (!dequeue(entry.subscriptionId(), entry.sequence())) {
        return false;
      }
      dead.put(id.toString(), letter);
    }
    uncommitted.set(true);
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
  public boolean replay(UUID deadLetterId, Instant dueAt) {
    UUID sub;
    long seq;
    synchronized (this) {
      String stored = dead.remove(deadLetterId.toString());
      if (stored == null) {
        return false;
      }
      OutboxEntry old = codec.decodeDeadLetter(stored).entry();
      sub = old.subscriptionId();
      seq = ++lastSequence;
      meta.put(LAST_SEQUENCE, Long.toString(lastSequence));
      OutboxEntry fresh =
          new OutboxEntry(sub, seq, old.notificationId(), old.body(), 0, dueAt, old.createdAt());
      entries.put(seq, stored(sub, fresh));
    }
    store.commit();
    synchronized (this) {
      queues.computeIfAbsent(sub, k -> new TreeSet<>()).add(seq);
    }
    return true;
  }

  @Override
  public synchronized Map<UUID, Long> depths() {
    Map<UUID, Long> depths = new HashMap<>(queues.size() * 2);
    queues.forEach((sub, queue) -> depths.put(sub, (long) queue.size()));
    return depths;
  }

  @Override
  public void purge(UUID subscriptionId) {
    synchronized (this) {
      TreeSet<Long> queue = queues.remove(subscriptionId);
      if (queue != null) {
        queue.forEach(entries::remove);
      }
      List<String> deadIds = new ArrayList<>();
      dead.forEach(
          (id, stored) -> {
            if (codec.decodeDeadLetter(stored).entry().subscriptionId().equals(subscriptionId)) {
              deadIds.add(id);
            }
          });
      deadIds.forEach(dead::remove);
    }
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
  public void initializeBaseline(long fencingToken, Map<String, String> objects) {
    synchronized (this) {
      checkToken(fencingToken);
      baseline.clear();
      baseline.putAll(objects);
      meta.put(BASELINE_INITIALIZED, "true");
    }
    store.commit();
  }

  @Override
  public void close() {
    committer.shutdown();
    try {
      committer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (!store.isClosed()) {
        store.close();
      }
    }
  }

  /** Closes the file without committing or compacting, as a crash would (tests, shutdown hooks). */
  public void halt() {
    committer.shutdownNow();
    synchronized (this) {
      if (!store.isClosed()) {
        store.closeImmediately();
      }
    }
  }

  /** Commits the delivery outcomes recorded since the last commit (group commit). */
  private void groupCommit() {
    if (!uncommitted.getAndSet(false)) {
      return;
    }
    try {
      if (!store.isClosed()) {
        store.commit();
      }
    } catch (RuntimeException e) {
      LOG.debug("group commit of delivery outcomes failed (store closing?): {}", e.toString());
    }
  }

  /** Removes a queued entry; guarded by {@code this}. */
  private boolean dequeue(UUID subscriptionId, long sequence) {
    TreeSet<Long> queue = queues.get(subscriptionId);
    if (queue == null || !queue.remove(sequence)) {
      return false;
    }
    if (queue.isEmpty()) {
      queues.remove(subscriptionId);
    }
    entries.remove(sequence);
    return true;
  }

  private void checkToken(long token) {
    long newest = Long.parseLong(meta.getOrDefault(FENCE, "0"));
    if (token < newest) {
      throw new StaleProducerException(token, newest);
    }
  }

  /**
   * The stored form, one line of space-separated fields: the subscription id, the notification id,
   * attempts, next attempt and creation (epoch milliseconds), then the body as it is (no JSON
   * escaping to write and read for every entry).
   */
  private static String stored(UUID subscriptionId, OutboxEntry entry) {
    return subscriptionId
        + " "
        + entry.notificationId()
        + " "
        + entry.attempts()
        + " "
        + entry.nextAttemptAt().toEpochMilli()
        + " "
        + entry.createdAt().toEpochMilli()
        + " "
        + entry.body();
  }

  private static OutboxEntry decode(UUID subscriptionId, long sequence, String stored) {
    int a = stored.indexOf(' ');
    int b = stored.indexOf(' ', a + 1);
    int c = stored.indexOf(' ', b + 1);
    int d = stored.indexOf(' ', c + 1);
    int e = stored.indexOf(' ', d + 1);
    return new OutboxEntry(
        subscriptionId,
        sequence,
        UUID.fromString(stored.substring(a + 1, b)),
        stored.substring(e + 1),
        Integer.parseInt(stored.substring(b + 1, c)),
        Instant.ofEpochMilli(Long.parseLong(stored.substring(c + 1, d))),
        Instant.ofEpochMilli(Long.parseLong(stored.substring(d + 1, e))));
  }

  private static UUID subscriptionOf(String stored) {
    return UUID.fromString(stored.substring(0, stored.indexOf(' ')));
  }
}
