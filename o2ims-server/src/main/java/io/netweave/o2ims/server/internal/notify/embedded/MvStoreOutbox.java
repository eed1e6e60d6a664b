package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.notify.EntryCodec;
import io.netweave.o2ims.server.spi.DeadLetter;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import io.netweave.o2ims.server.spi.OutboxEntry;
import io.netweave.o2ims.server.spi.StaleProducerException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
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
 * <p>Shared bodies: a change that fans out to many subscriptions appends the same body (the same
 * {@code String}) for each of them. Within one {@link #append}, a body used by several entries is
 * stored once in {@code bodies} (keyed by the sequence of its first entry) and each entry holds
 * {@code @<that key>} instead of the text, so a change to 1,000 subscriptions writes its body once,
 * not 1,000 times, and the entries in the page cache stay small. How many queued entries refer to
 * each shared body is counted in memory (rebuilt at open). A body is removed only after a commit
 * that made the removal of its last entry durable (by the group-commit thread), so no stored entry
 * ever refers to a missing body; a body left without entries by a crash is removed at open. An
 * entry's body field is {@code @<key>} (shared), {@code ~<text>} (a body that starts with {@code @}
 * or {@code ~}) or the text itself.
 *
 * <p>Durability: {@link #newFencingToken}, {@link #append}, {@link #replay}, {@link #purge} and
 * {@link #initializeBaseline} commit before returning (MVStore commits are atomic, so a batch's
 * maps change together on disk and a kill -9 after a return loses nothing); appended entries become
 * visible to {@link #head} only once committed. Delivery outcomes are committed in groups by a
 * background thread every 100 ms (losing one in a crash only means a redelivery, which the contract
 * allows). Commits run outside the instance lock, so deliveries never wait for the disk.
 *
 * <p>A write the disk refuses (a full file system) leaves the file closed ({@link MvFile}): the
 * refused {@link #append} throws {@link DataDirectoryWriteException} (its notifications are not
 * stored; the producer stores them again from its baseline, which that commit did not move either),
 * and every operation is refused the same way, so deliveries wait, until {@link
 * DataDirectoryHealth#recover()} reopens the file. The queues in memory are then read again from
 * the file: delivery outcomes recorded since the last group commit are lost, and those entries are
 * sent again (the same notifications, as after a crash).
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

  /**
   * MVStore's page cache, in MB (its default is 16). A commit writes every changed page to a new
   * place in the file and caches it there; an outbox entry is usually read and removed within
   * milliseconds of its commit, after which its page is dead (the next change is written elsewhere)
   * but stays cached until the cache's bound pushes it out. A 16 MB cache kept seconds of such
   * pages alive: each young collection copied them (8 to 9 MB per collection under 5,000
   * deliveries/s, against about 3 MB with 2 MB here) and its pause grew with them.
   * docs/performance.md, "Ninth pass, eleventh session".
   */
  private static final int PAGE_CACHE_MB = 2;

  private final MvFile file;

  // The maps of the file's current opening (set by load, which runs while no operation is inside).

  /** Values: {@code byte[]} (this format) or {@code String} (written by earlier versions). */
  private MVMap<Long, Object> entries;

  private MVMap<String, String> dead;
  private MVMap<String, String> baseline;
  private MVMap<String, String> meta;

  /** Values: UTF-8 {@code byte[]} (this format) or {@code String} (earlier versions). */
  private MVMap<Long, Object> bodies;

  /** The recently used shared bodies' text, so each delivery does not decode its body again. */
  private volatile RecentBodies recentBodies = new RecentBodies(256);

  /** Queued entries referring to each shared body; guarded by {@code this}. */
  private final Map<Long, Integer> bodyRefs = new HashMap<>();

  /** Shared bodies whose last entry was removed, to remove after the next commit. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Long> unreferenced =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Each subscription's queued sequences, committed entries only; guarded by {@code this}. */
  private final Map<UUID, Sequences> queues = new HashMap<>();

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
    this(dataDir, new DataDirectoryHealth(dataDir));
  }

  /**
   * Opens (creating if needed) {@code outbox.mv.db} in {@code dataDir}, reporting failed writes to
   * {@code health}.
   *
   * @throws org.h2.mvstore.MVStoreException if the file cannot be opened (e.g. locked by another
   *     process)
   */
  public MvStoreOutbox(Path dataDir, DataDirectoryHealth health) {
    this.file = new MvFile(dataDir.resolve("outbox.mv.db"), PAGE_CACHE_MB, health, this::load);
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

  /**
   * Opens the maps of a newly opened file and rebuilds the queues and shared-body counts from it.
   * The sequence never goes back: a reopened file lacks the sequences of a refused append, and they
   * are not given out again.
   */
  private void load(MVStore store) {
    synchronized (this) {
      entries = store.openMap("entries");
      dead = store.openMap("dead");
      baseline = store.openMap("baseline");
      meta = store.openMap("meta");
      bodies = store.openMap("bodies");
      queues.clear();
      bodyRefs.clear();
      unreferenced.clear();
      recentBodies = new RecentBodies(256);
      uncommitted.set(false);
      Long lastKey = entries.lastKey();
      lastSequence =
          Math.max(
              lastSequence,
              Math.max(
                  Long.parseLong(meta.getOrDefault(LAST_SEQUENCE, "0")),
                  lastKey == null ? 0 : lastKey));
      migratePreviousLayout(store);
      for (Map.Entry<Long, Object> e : entries.entrySet()) {
        queues.computeIfAbsent(subscriptionOf(e.getValue()), k -> new Sequences()).add(e.getKey());
        long body = sharedBodyOf(e.getValue());
        if (body >= 0) {
          bodyRefs.merge(body, 1, Integer::sum);
        }
      }
      List<Long> orphans = new ArrayList<>();
      for (Long key : bodies.keySet()) {
        if (!bodyRefs.containsKey(key)) {
          orphans.add(key);
        }
      }
      if (!orphans.isEmpty()) {
        orphans.forEach(bodies::remove);
        store.commit();
      }
    }
  }

  /** Moves the entries of the previous layout (one key per subscription and sequence). */
  private void migratePreviousLayout(MVStore store) {
    if (!store.hasMap("queue")) {
      return;
    }
    MVMap<String, String> old = store.openMap("queue");
    for (Map.Entry<String, String> e : old.entrySet()) {
      String key = e.getKey();
      UUID sub = UUID.fromString(key.substring(0, key.indexOf('/')));
      OutboxEntry entry =
          codec.decode(sub, Long.parseLong(key.substring(key.indexOf('/') + 1)), e.getValue());
      entries.put(++lastSequence, stored(sub, entry, NO_SHARED_BODY));
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
    Lock open = file.enter();
    try {
      long token;
      synchronized (this) {
        token = Long.parseLong(meta.getOrDefault(FENCE, "0")) + 1;
        meta.put(FENCE, Long.toString(token));
      }
      file.commit(false);
      return token;
    } finally {
      open.unlock();
    }
  }

  @Override
  public void append(OutboxBatch batch) {
    Lock open = file.enter();
    try {
      appendToOpenFile(batch);
    } finally {
      open.unlock();
    }
  }

  private void appendToOpenFile(OutboxBatch batch) {
    List<NewNotification> notifications = batch.notifications();
    long first;
    synchronized (this) {
      checkToken(batch.fencingToken());
      first = lastSequence + 1;
      lastSequence += notifications.size();
      meta.put(LAST_SEQUENCE, Long.toString(lastSequence));
    }
    // The sequences are this batch's alone, and MVMap writes are thread-safe: deliveries go on.
    // A body used by several entries of the batch is stored once, before the entries (a commit in
    // between may store a body without entries, never an entry without its body).
    Map<String, Integer> uses = new java.util.IdentityHashMap<>();
    for (NewNotification n : notifications) {
      uses.merge(n.body(), 1, Integer::sum);
    }
    Map<String, Long> shared = new java.util.IdentityHashMap<>();
    for (int i = 0; i < notifications.size(); i++) {
      String body = notifications.get(i).body();
      if (uses.get(body) > 1 && !shared.containsKey(body)) {
        shared.put(body, first + i);
        bodies.put(first + i, body.getBytes(StandardCharsets.UTF_8));
        recentBodies.put(first + i, body);
      }
    }
    if (!shared.isEmpty()) {
      synchronized (this) {
        shared.forEach((body, key) -> bodyRefs.put(key, uses.get(body)));
      }
    }
    for (int i = 0; i < notifications.size(); i++) {
      NewNotification n = notifications.get(i);
      Long key = shared.get(n.body());
      entries.put(
          first + i,
          stored(n.subscriptionId(), n.toEntry(first + i), key == null ? NO_SHARED_BODY : key));
    }
    baseline.putAll(batch.baselinePuts());
    batch.baselineRemovals().forEach(baseline::remove);
    file.commit(false);
    synchronized (this) {
      for (int i = 0; i < notifications.size(); i++) {
        queues
            .computeIfAbsent(notifications.get(i).subscriptionId(), k -> new Sequences())
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
    Lock open = file.enter();
    try {
      return headsInOpenFile(subscriptionId, max);
    } finally {
      open.unlock();
    }
  }

  private List<OutboxEntry> headsInOpenFile(UUID subscriptionId, int max) {
    List<Long> sequences = new ArrayList<>();
    synchronized (this) {
      Sequences queue = queues.get(subscriptionId);
      if (queue == null) {
        return List.of();
      }
      for (int i = 0; i < queue.size() && i < max; i++) {
        sequences.add(queue.get(i));
      }
    }
    // MVMap reads are thread-safe; a page read from the file does not hold up other queues.
    List<OutboxEntry> found = new ArrayList<>(sequences.size());
    for (long seq : sequences) {
      Object value = entries.get(seq);
      if (value == null) {
        break; // removed meanwhile (purged): the queue ends here
      }
      OutboxEntry entry = decode(subscriptionId, seq, value);
      if (entry == null) {
        break; // its shared body is gone: removed meanwhile
      }
      found.add(entry);
    }
    return found;
  }

  @Override
  public boolean complete(UUID subscriptionId, long sequence) {
    return complete(subscriptionId, List.of(sequence)) == 1;
  }

  @Override
  public int complete(UUID subscriptionId, Collection<Long> sequences) {
    Lock open = file.enter();
    try {
      return completeInOpenFile(subscriptionId, sequences);
    } finally {
      open.unlock();
    }
  }

  private int completeInOpenFile(UUID subscriptionId, Collection<Long> sequences) {
    List<Long> removed = new ArrayList<>(sequences.size());
    synchronized (this) {
      Sequences queue = queues.get(subscriptionId);
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
    List<Long> released = new ArrayList<>();
    for (long seq : removed) {
      Object old = entries.remove(seq);
      if (old != null && sharedBodyOf(old) >= 0) {
        released.add(sharedBodyOf(old));
      }
    }
    release(released);
    uncommitted.set(true);
    return removed.size();
  }

  @Override
  public boolean update(OutboxEntry entry) {
    Lock open = file.enter();
    try {
      synchronized (this) {
        Sequences queue = queues.get(entry.subscriptionId());
        if (queue == null || !queue.contains(entry.sequence())) {
          return false;
        }
        Object old = entries.get(entry.sequence());
        long body = old == null ? NO_SHARED_BODY : sharedBodyOf(old);
        entries.put(entry.sequence(), stored(entry.subscriptionId(), entry, body));
      }
      uncommitted.set(true);
      return true;
    } finally {
      open.unlock();
    }
  }

  @Override
  public boolean deadLetter(OutboxEntry entry, String reason, Instant deadAt) {
    UUID id = DeadLetter.idOf(entry.subscriptionId(), entry.notificationId());
    String letter = codec.encode(new DeadLetter(id, entry, reason, deadAt));
    Lock open = file.enter();
    try {
      synchronized (this) {
        if (!dequeue(entry.subscriptionId(), entry.sequence())) {
          return false;
        }
        dead.put(id.toString(), letter);
      }
      uncommitted.set(true);
      return true;
    } finally {
      open.unlock();
    }
  }

  @Override
  public List<DeadLetter> deadLetters() {
    Lock open = file.enter();
    try {
      List<DeadLetter> all = new ArrayList<>();
      synchronized (this) {
        for (String stored : dead.values()) {
          all.add(codec.decodeDeadLetter(stored));
        }
      }
      all.sort(Comparator.comparing(DeadLetter::deadAt).thenComparing(d -> d.id().toString()));
      return all;
    } finally {
      open.unlock();
    }
  }

  @Override
  public boolean replay(UUID deadLetterId, Instant dueAt) {
    Lock open = file.enter();
    try {
      return replayInOpenFile(deadLetterId, dueAt);
    } finally {
      open.unlock();
    }
  }

  private boolean replayInOpenFile(UUID deadLetterId, Instant dueAt) {
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
      entries.put(seq, stored(sub, fresh, NO_SHARED_BODY));
    }
    file.commit(false);
    synchronized (this) {
      queues.computeIfAbsent(sub, k -> new Sequences()).add(seq);
    }
    return true;
  }

  @Override
  public Map<UUID, Long> depths() {
    Lock open = file.enter();
    try {
      synchronized (this) {
        Map<UUID, Long> depths = new HashMap<>(queues.size() * 2);
        queues.forEach((sub, queue) -> depths.put(sub, (long) queue.size()));
        return depths;
      }
    } finally {
      open.unlock();
    }
  }

  @Override
  public void purge(UUID subscriptionId) {
    Lock open = file.enter();
    try {
      purgeInOpenFile(subscriptionId);
    } finally {
      open.unlock();
    }
  }

  private void purgeInOpenFile(UUID subscriptionId) {
    synchronized (this) {
      Sequences queue = queues.remove(subscriptionId);
      if (queue != null) {
        List<Long> released = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
          Object old = entries.remove(queue.get(i));
          if (old != null && sharedBodyOf(old) >= 0) {
            released.add(sharedBodyOf(old));
          }
        }
        release(released);
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
    file.commit(false);
  }

  @Override
  public Map<String, String> baseline() {
    Lock open = file.enter();
    try {
      synchronized (this) {
        return new TreeMap<>(baseline);
      }
    } finally {
      open.unlock();
    }
  }

  @Override
  public boolean baselineInitialized() {
    Lock open = file.enter();
    try {
      synchronized (this) {
        return meta.containsKey(BASELINE_INITIALIZED);
      }
    } finally {
      open.unlock();
    }
  }

  @Override
  public void initializeBaseline(long fencingToken, Map<String, String> objects) {
    Lock open = file.enter();
    try {
      synchronized (this) {
        checkToken(fencingToken);
        baseline.clear();
        baseline.putAll(objects);
        meta.put(BASELINE_INITIALIZED, "true");
      }
      file.commit(false);
    } finally {
      open.unlock();
    }
  }

  @Override
  public void close() {
    committer.shutdown();
    try {
      committer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    file.close();
  }

  /** Closes the file without committing or compacting, as a crash would (tests, shutdown hooks). */
  public void halt() {
    committer.shutdownNow();
    file.halt();
  }

  /** Commits the delivery outcomes recorded since the last commit (group commit). */
  private void groupCommit() {
    if (!uncommitted.get()) {
      return;
    }
    Lock open;
    try {
      open = file.enter();
    } catch (DataDirectoryWriteException e) {
      return; // the file is closed after a failed write: reopening reads the outcomes from it
    }
    try {
      if (!uncommitted.getAndSet(false)) {
        return;
      }
      // Bodies whose last entry was removed before this commit: removed once it is durable.
      List<Long> release = new ArrayList<>();
      for (Long key = unreferenced.poll(); key != null; key = unreferenced.poll()) {
        release.add(key);
      }
      file.commit(false);
      if (!release.isEmpty()) {
        for (Long key : release) {
          recentBodies.forget(key);
          bodies.remove(key);
        }
        uncommitted.set(true);
      }
    } catch (RuntimeException e) {
      // A refused write is logged once by DataDirectoryHealth; anything else here is the closing.
      LOG.debug("group commit of delivery outcomes failed: {}", e.toString());
    } finally {
      open.unlock();
    }
  }

  /**
   * Counts down the shared bodies of removed entries; those left without entries are removed after
   * the next commit.
   */
  private void release(List<Long> sharedBodies) {
    if (sharedBodies.isEmpty()) {
      return;
    }
    synchronized (this) {
      for (long key : sharedBodies) {
        Integer left = bodyRefs.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
        if (left == null) {
          unreferenced.add(key);
        }
      }
    }
  }

  /** Removes a queued entry; guarded by {@code this}. */
  private boolean dequeue(UUID subscriptionId, long sequence) {
    Sequences queue = queues.get(subscriptionId);
    if (queue == null || !queue.remove(sequence)) {
      return false;
    }
    if (queue.isEmpty()) {
      queues.remove(subscriptionId);
    }
    Object old = entries.remove(sequence);
    if (old != null && sharedBodyOf(old) >= 0) {
      release(List.of(sharedBodyOf(old)));
    }
    return true;
  }

  private void checkToken(long token) {
    long newest = Long.parseLong(meta.getOrDefault(FENCE, "0"));
    if (token < newest) {
      throw new StaleProducerException(token, newest);
    }
  }

  private static final long NO_SHARED_BODY = -1;

  /** First byte of an entry stored with its own body (UTF-8) in this version's binary form. */
  private static final byte OWN_BODY = 1;

  /** First byte of an entry whose body is a shared body, in this version's binary form. */
  private static final byte SHARED_BODY = 2;

  /** Bytes before the body: kind, subscription id, notification id, attempts, next, created. */
  private static final int HEADER = 1 + 16 + 16 + 4 + 8 + 8;

  /**
   * The stored form: a {@code byte[]} of the kind ({@link #OWN_BODY} or {@link #SHARED_BODY}), the
   * subscription and notification ids (two longs each), attempts (int), next attempt and creation
   * (epoch milliseconds, long), then the body in UTF-8 or the shared body's key (long), big-endian.
   * MVStore writes a {@code byte[]} in one copy, where it wrote a {@code String} character by
   * character in every commit that rewrote its page (4 to 9 % of the engine's samples at 1,000
   * subscriptions). Earlier versions stored text ({@link #decodeText}); both are read.
   *
   * @param sharedBody the key of the entry's shared body, or {@link #NO_SHARED_BODY}
   */
  private static byte[] stored(UUID subscriptionId, OutboxEntry entry, long sharedBody) {
    byte[] body = sharedBody >= 0 ? null : entry.body().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(HEADER + (body == null ? 8 : body.length));
    out.put(body == null ? SHARED_BODY : OWN_BODY)
        .putLong(subscriptionId.getMostSignificantBits())
        .putLong(subscriptionId.getLeastSignificantBits())
        .putLong(entry.notificationId().getMostSignificantBits())
        .putLong(entry.notificationId().getLeastSignificantBits())
        .putInt(entry.attempts())
        .putLong(entry.nextAttemptAt().toEpochMilli())
        .putLong(entry.createdAt().toEpochMilli());
    if (body == null) {
      out.putLong(sharedBody);
    } else {
      out.put(body);
    }
    return out.array();
  }

  /** The key of the shared body {@code stored} refers to, or -1 if its body is its own. */
  private static long sharedBodyOf(Object stored) {
    if (stored instanceof byte[] bytes) {
      return bytes[0] == SHARED_BODY ? ByteBuffer.wrap(bytes).getLong(HEADER) : NO_SHARED_BODY;
    }
    String text = (String) stored;
    int at = bodyFieldStart(text);
    return at + 1 < text.length() && text.charAt(at) == '@'
        ? Long.parseLong(text, at + 1, text.length(), 10)
        : NO_SHARED_BODY;
  }

  private static int bodyFieldStart(String stored) {
    int at = 0;
    for (int field = 0; field < 5; field++) {
      at = stored.indexOf(' ', at) + 1;
    }
    return at;
  }

  private static UUID subscriptionOf(Object stored) {
    if (stored instanceof byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      return new UUID(in.getLong(1), in.getLong(9));
    }
    String text = (String) stored;
    return UUID.fromString(text.substring(0, text.indexOf(' ')));
  }

  /** The entry, or null if it refers to a shared body that is gone (removed meanwhile). */
  private OutboxEntry decode(UUID subscriptionId, long sequence, Object stored) {
    if (!(stored instanceof byte[] bytes)) {
      return decodeText(subscriptionId, sequence, (String) stored);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    String body;
    if (bytes[0] == SHARED_BODY) {
      body = sharedBody(in.getLong(HEADER));
      if (body == null) {
        return null;
      }
    } else {
      body = new String(bytes, HEADER, bytes.length - HEADER, StandardCharsets.UTF_8);
    }
    return new OutboxEntry(
        subscriptionId,
        sequence,
        new UUID(in.getLong(17), in.getLong(25)),
        body,
        in.getInt(33),
        Instant.ofEpochMilli(in.getLong(37)),
        Instant.ofEpochMilli(in.getLong(45)));
  }

  /** A shared body's text (either stored form), or null if it is gone. */
  private String sharedBody(long key) {
    return recentBodies.get(key, this::storedSharedBody);
  }

  private String storedSharedBody(long key) {
    Object body = bodies.get(key);
    if (body instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return (String) body;
  }

  /**
   * An entry stored by an earlier version: one line of space-separated fields, the subscription id,
   * the notification id, attempts, next attempt and creation (epoch milliseconds), then the body
   * field, {@code @<key>} (a shared body), {@code ~<text>} (a body that starts with {@code @} or
   * {@code ~}) or the text itself. Such entries are read as they are, and rewritten in the binary
   * form when updated.
   */
  private OutboxEntry decodeText(UUID subscriptionId, long sequence, String stored) {
    int a = stored.indexOf(' ');
    int b = stored.indexOf(' ', a + 1);
    int c = stored.indexOf(' ', b + 1);
    int d = stored.indexOf(' ', c + 1);
    int e = stored.indexOf(' ', d + 1);
    String body;
    char kind = e + 1 < stored.length() ? stored.charAt(e + 1) : ' ';
    if (kind == '@') {
      body = sharedBody(Long.parseLong(stored, e + 2, stored.length(), 10));
      if (body == null) {
        return null;
      }
    } else if (kind == '~') {
      body = stored.substring(e + 2);
    } else {
      body = stored.substring(e + 1);
    }
    return new OutboxEntry(
        subscriptionId,
        sequence,
        UUID.fromString(stored.substring(a + 1, b)),
        body,
        Integer.parseInt(stored.substring(b + 1, c)),
        Instant.ofEpochMilli(Long.parseLong(stored.substring(c + 1, d))),
        Instant.ofEpochMilli(Long.parseLong(stored.substring(d + 1, e))));
  }

  /**
   * One queue's sequences in ascending order, as a growable array (a {@code TreeSet<Long>} cost a
   * tree node and a boxed {@code Long} per entry, and its {@code put} was 3 % of the engine's
   * samples at 1,000 subscriptions). Sequences are appended in ascending order (the outbox's
   * sequence only grows) and delivered from the front, so adding and completing are O(1); any other
   * order is still kept sorted. Not thread-safe (guarded by the outbox's lock).
   */
  static final class Sequences {
    private long[] items = new long[4];
    private int head;
    private int tail;

    int size() {
      return tail - head;
    }

    boolean isEmpty() {
      return head == tail;
    }

    /** The {@code i}-th smallest sequence. */
    long get(int i) {
      return items[head + i];
    }

    boolean contains(long seq) {
      return java.util.Arrays.binarySearch(items, head, tail, seq) >= 0;
    }

    void add(long seq) {
      if (head < tail && items[tail - 1] >= seq) {
        int at = java.util.Arrays.binarySearch(items, head, tail, seq);
        if (at >= 0) {
          return;
        }
        makeRoom();
        int insert = -(java.util.Arrays.binarySearch(items, head, tail, seq) + 1);
        System.arraycopy(items, insert, items, insert + 1, tail - insert);
        items[insert] = seq;
        tail++;
        return;
      }
      makeRoom();
      items[tail++] = seq;
    }

    boolean remove(long seq) {
      if (head < tail && items[head] == seq) {
        head++;
      } else {
        int at = java.util.Arrays.binarySearch(items, head, tail, seq);
        if (at < 0) {
          return false;
        }
        System.arraycopy(items, at + 1, items, at, tail - at - 1);
        tail--;
      }
      if (head == tail) {
        head = 0;
        tail = 0;
      }
      return true;
    }

    /** Ensures one free slot at the end (moving the sequences to the front, or growing). */
    private void makeRoom() {
      if (tail < items.length) {
        return;
      }
      int n = tail - head;
      long[] target = head > 0 && n < items.length / 2 ? items : new long[items.length * 2];
      System.arraycopy(items, head, target, 0, n);
      items = target;
      head = 0;
      tail = n;
    }
  }
}
