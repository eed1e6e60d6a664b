package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.server.internal.notify.EntryCodec;
import io.netweave.o2ims.server.spi.DeadLetter;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import io.netweave.o2ims.server.spi.OutboxEntry;
import io.netweave.o2ims.server.spi.StaleProducerException;
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

/**
 * The outbox in Redis, shared by every replica. Layout under the key prefix: {@code fence} (the
 * newest fencing token), {@code e:<sub>} (hash sequence to entry) with {@code q:<sub>} (sorted set
 * of sequences), {@code seq:<sub>} (sequence counter), {@code depth} (hash subscription to queue
 * length), {@code dead} and {@code deadorder} (dead letters), {@code baseline} (hash object key to
 * notified JSON) and {@code baseline:init}. Every multi-key change is one Lua script, so it is
 * atomic; writes of the producer compare its fencing token with {@code fence} inside the script.
 * Scripts are called by digest ({@code EVALSHA}, see {@link RedisScript}).
 *
 * <p>Thread-safe (Lettuce connections are). Borrows the connection: {@link #close()} does not close
 * it. Durability is Redis's: run it with AOF ({@code appendfsync everysec} or {@code always}).
 */
public final class RedisOutbox implements NotificationOutbox {
  private static final String CHECK_FENCE =
      "local f = tonumber(redis.call('GET', KEYS[1]) or '0') "
          + "if tonumber(ARGV[1]) < f then return redis.error_reply('STALE ' .. f) end ";

  private static final RedisScript APPEND =
      new RedisScript(
          CHECK_FENCE
              + "local p = ARGV[2] local n = tonumber(ARGV[3]) local i = 4 "
              + "for _ = 1, n do local sub = ARGV[i] local entry = ARGV[i + 1] i = i + 2 "
              + "  local seq = redis.call('INCR', p .. 'seq:' .. sub) "
              + "  redis.call('HSET', p .. 'e:' .. sub, seq, entry) "
              + "  redis.call('ZADD', p .. 'q:' .. sub, seq, seq) "
              + "  redis.call('HINCRBY', p .. 'depth', sub, 1) end "
              + "local puts = tonumber(ARGV[i]) i = i + 1 "
              + "for _ = 1, puts do redis.call('HSET', p .. 'baseline', ARGV[i], ARGV[i + 1]) "
              + "  i = i + 2 end "
              + "local dels = tonumber(ARGV[i]) i = i + 1 "
              + "for _ = 1, dels do redis.call('HDEL', p .. 'baseline', ARGV[i]) i = i + 1 end "
              + "return 1");

  private static final RedisScript HEAD =
      new RedisScript(
          "local s = redis.call('ZRANGE', KEYS[1], 0, 0) "
              + "if #s == 0 then return false end "
              + "return {s[1], redis.call('HGET', KEYS[2], s[1])}");

  private static final RedisScript HEADS =
      new RedisScript(
          "local s = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1) "
              + "if #s == 0 then return {} end "
              + "local e = redis.call('HMGET', KEYS[2], unpack(s)) local out = {} "
              + "for i = 1, #s do if e[i] then out[#out + 1] = s[i] out[#out + 1] = e[i] end end "
              + "return out");

  private static final RedisScript REMOVE_ALL =
      new RedisScript(
          "local n = 0 "
              + "for i = 2, #ARGV do if redis.call('HDEL', KEYS[1], ARGV[i]) == 1 then "
              + "  redis.call('ZREM', KEYS[2], ARGV[i]) n = n + 1 end end "
              + "if n > 0 and redis.call('HINCRBY', KEYS[3], ARGV[1], -n) <= 0 then "
              + "  redis.call('HDEL', KEYS[3], ARGV[1]) end "
              + "return n");

  private static final RedisScript REMOVE =
      new RedisScript(
          "if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end "
              + "redis.call('ZREM', KEYS[2], ARGV[1]) "
              + "if redis.call('HINCRBY', KEYS[3], ARGV[2], -1) <= 0 then "
              + "  redis.call('HDEL', KEYS[3], ARGV[2]) end "
              + "if ARGV[3] then redis.call('HSET', KEYS[4], ARGV[3], ARGV[4]) "
              + "  redis.call('ZADD', KEYS[5], ARGV[5], ARGV[3]) end "
              + "return 1");

  private static final RedisScript UPDATE =
      new RedisScript(
          "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end "
              + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1");

  private static final RedisScript REPLAY =
      new RedisScript(
          "if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end "
              + "redis.call('ZREM', KEYS[2], ARGV[1]) "
              + "local p = ARGV[2] local sub = ARGV[3] "
              + "local seq = redis.call('INCR', p .. 'seq:' .. sub) "
              + "redis.call('HSET', p .. 'e:' .. sub, seq, ARGV[4]) "
              + "redis.call('ZADD', p .. 'q:' .. sub, seq, seq) "
              + "redis.call('HINCRBY', p .. 'depth', sub, 1) return seq");

  private static final RedisScript INIT_BASELINE =
      new RedisScript(
          CHECK_FENCE
              + "redis.call('DEL', KEYS[2]) "
              + "for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end "
              + "redis.call('SET', KEYS[3], '1') return 1");

  private final RedisCommands<String, String> redis;
  private final RedisDurability durability;
  private final String prefix;
  private final EntryCodec codec = new EntryCodec();

  /**
   * @param redis a connection borrowed from the composition root
   * @param prefix the key prefix, e.g. {@code netweave:notify:}
   */
  public RedisOutbox(RedisCommands<String, String> redis, String prefix) {
    this(redis, prefix, RedisDurability.masterOnly());
  }

  /**
   * @param durability when a write (entries, delivery state, baseline, fencing token) counts as
   *     done
   */
  public RedisOutbox(
      RedisCommands<String, String> redis, String prefix, RedisDurability durability) {
    this.redis = redis;
    this.prefix = prefix;
    this.durability = durability;
  }

  @Override
  public long newFencingToken() {
    long token = redis.incr(prefix + "fence");
    durability.acknowledge("fencing token " + token);
    return token;
  }

  @Override
  public void append(OutboxBatch batch) {
    if (batch.isEmpty()) {
      checkFence(batch.fencingToken());
      return;
    }
    List<String> args = new ArrayList<>();
    args.add(Long.toString(batch.fencingToken()));
    args.add(prefix);
    args.add(Integer.toString(batch.notifications().size()));
    for (NewNotification n : batch.notifications()) {
      args.add(n.subscriptionId().toString());
      args.add(codec.encode(n.toEntry(0)));
    }
    args.add(Integer.toString(batch.baselinePuts().size()));
    batch
        .baselinePuts()
        .forEach(
            (k, v) -> {
              args.add(k);
              args.add(v);
            });
    args.add(Integer.toString(batch.baselineRemovals().size()));
    args.addAll(batch.baselineRemovals());
    fenced(batch.fencingToken(), APPEND, new String[] {prefix + "fence"}, args);
    durability.acknowledge(batch.notifications().size() + " notifications");
  }

  @Override
  public Optional<OutboxEntry> head(UUID subscriptionId) {
    List<String> found =
        HEAD.run(
            redis,
            ScriptOutputType.MULTI,
            new String[] {prefix + "q:" + subscriptionId, prefix + "e:" + subscriptionId});
    if (found == null || found.size() < 2 || found.get(1) == null) {
      return Optional.empty();
    }
    return Optional.of(codec.decode(subscriptionId, Long.parseLong(found.get(0)), found.get(1)));
  }

  @Override
  public List<OutboxEntry> heads(UUID subscriptionId, int max) {
    List<String> found =
        HEADS.run(
            redis,
            ScriptOutputType.MULTI,
            new String[] {prefix + "q:" + subscriptionId, prefix + "e:" + subscriptionId},
            Integer.toString(Math.max(1, max)));
    if (found == null) {
      return List.of();
    }
    List<OutboxEntry> entries = new ArrayList<>(found.size() / 2);
    for (int i = 0; i + 1 < found.size(); i += 2) {
      entries.add(codec.decode(subscriptionId, Long.parseLong(found.get(i)), found.get(i + 1)));
    }
    return entries;
  }

  @Override
  public int complete(UUID subscriptionId, Collection<Long> sequences) {
    if (sequences.isEmpty()) {
      return 0;
    }
    String[] args = new String[sequences.size() + 1];
    args[0] = subscriptionId.toString();
    int i = 1;
    for (long sequence : sequences) {
      args[i++] = Long.toString(sequence);
    }
    Long removed =
        REMOVE_ALL.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {
              prefix + "e:" + subscriptionId, prefix + "q:" + subscriptionId, prefix + "depth"
            },
            args);
    durability.acknowledge("delivery of " + sequences.size() + " entries");
    return removed == null ? 0 : removed.intValue();
  }

  @Override
  public boolean complete(UUID subscriptionId, long sequence) {
    Long removed =
        REMOVE.run(
            redis,
            ScriptOutputType.INTEGER,
            queueKeys(subscriptionId),
            Long.toString(sequence),
            subscriptionId.toString());
    durability.acknowledge("delivery of entry " + sequence);
    return removed != null && removed == 1L;
  }

  @Override
  public boolean update(OutboxEntry entry) {
    Long done =
        UPDATE.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {prefix + "e:" + entry.subscriptionId()},
            Long.toString(entry.sequence()),
            codec.encode(entry));
    durability.acknowledge("delivery state of entry " + entry.sequence());
    return done != null && done == 1L;
  }

  @Override
  public boolean deadLetter(OutboxEntry entry, String reason, Instant deadAt) {
    UUID id = DeadLetter.idOf(entry.subscriptionId(), entry.notificationId());
    Long removed =
        REMOVE.run(
            redis,
            ScriptOutputType.INTEGER,
            queueKeys(entry.subscriptionId()),
            Long.toString(entry.sequence()),
            entry.subscriptionId().toString(),
            id.toString(),
            codec.encode(new DeadLetter(id, entry, reason, deadAt)),
            Long.toString(deadAt.toEpochMilli()));
    durability.acknowledge("dead letter " + id);
    return removed != null && removed == 1L;
  }

  @Override
  public List<DeadLetter> deadLetters() {
    List<DeadLetter> all = new ArrayList<>();
    for (String stored : redis.hvals(prefix + "dead")) {
      all.add(codec.decodeDeadLetter(stored));
    }
    all.sort(Comparator.comparing(DeadLetter::deadAt).thenComparing(d -> d.id().toString()));
    return all;
  }

  @Override
  public boolean replay(UUID deadLetterId, Instant dueAt) {
    String stored = redis.hget(prefix + "dead", deadLetterId.toString());
    if (stored == null) {
      return false;
    }
    OutboxEntry old = codec.decodeDeadLetter(stored).entry();
    OutboxEntry fresh =
        new OutboxEntry(
            old.subscriptionId(), 0, old.notificationId(), old.body(), 0, dueAt, old.createdAt());
    Long seq =
        REPLAY.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {prefix + "dead", prefix + "deadorder"},
            deadLetterId.toString(),
            prefix,
            old.subscriptionId().toString(),
            codec.encode(fresh));
    durability.acknowledge("replay of dead letter " + deadLetterId);
    return seq != null && seq > 0;
  }

  @Override
  public Map<UUID, Long> depths() {
    Map<UUID, Long> depths = new HashMap<>();
    redis
        .hgetall(prefix + "depth")
        .forEach(
            (k, v) -> {
              long n = Long.parseLong(v);
              if (n > 0) {
                depths.put(UUID.fromString(k), n);
              }
            });
    return depths;
  }

  @Override
  public void purge(UUID subscriptionId) {
    String sub = subscriptionId.toString();
    redis.del(prefix + "e:" + sub, prefix + "q:" + sub);
    redis.hdel(prefix + "depth", sub);
    for (DeadLetter letter : deadLetters()) {
      if (letter.entry().subscriptionId().equals(subscriptionId)) {
        redis.hdel(prefix + "dead", letter.id().toString());
        redis.zrem(prefix + "deadorder", letter.id().toString());
      }
    }
    durability.acknowledge("purge of subscription " + subscriptionId);
  }

  @Override
  public Map<String, String> baseline() {
    return new TreeMap<>(redis.hgetall(prefix + "baseline"));
  }

  @Override
  public boolean baselineInitialized() {
    return redis.exists(prefix + "baseline:init") > 0;
  }

  @Override
  public void initializeBaseline(long fencingToken, Map<String, String> objects) {
    List<String> args = new ArrayList<>();
    args.add(Long.toString(fencingToken));
    objects.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    fenced(
        fencingToken,
        INIT_BASELINE,
        new String[] {prefix + "fence", prefix + "baseline", prefix + "baseline:init"},
        args);
    durability.acknowledge("first baseline");
  }

  @Override
  public void close() {
    // The connection belongs to the composition root.
  }

  private String[] queueKeys(UUID subscriptionId) {
    return new String[] {
      prefix + "e:" + subscriptionId,
      prefix + "q:" + subscriptionId,
      prefix + "depth",
      prefix + "dead",
      prefix + "deadorder"
    };
  }

  private void checkFence(long token) {
    String stored = redis.get(prefix + "fence");
    long newest = stored == null ? 0 : Long.parseLong(stored);
    if (token < newest) {
      throw new StaleProducerException(token, newest);
    }
  }

  private void fenced(long token, RedisScript script, String[] keys, List<String> args) {
    try {
      script.run(redis, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new));
    } catch (RedisCommandExecutionException e) {
      String message = String.valueOf(e.getMessage());
      int at = message.indexOf("STALE ");
      if (at >= 0) {
        String digits = message.substring(at + 6).replaceAll("^(\\d+).*$", "$1");
        throw new StaleProducerException(token, Long.parseLong(digits));
      }
      throw e;
    }
  }
}
