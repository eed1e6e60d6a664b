package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.server.internal.alarms.AlarmRecordCodec;
import io.netweave.o2ims.server.spi.AlarmStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Alarm records in Redis, shared by every replica: hash {@code alarms} (record id to JSON), counter
 * {@code alarms:rev} and string {@code alarms:config} under the key prefix. Create, compare-and-set
 * and conditional delete are Lua scripts, atomic across replicas.
 *
 * <p>Thread-safe; borrows the connection ({@link #close()} does not close it). Durability is
 * Redis's (AOF).
 */
public final class RedisAlarmStore implements AlarmStore {
  private static final String STORE = "the alarm store (Redis)";
  private static final RedisScript CREATE =
      new RedisScript(
          "if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then "
              + "redis.call('INCR', KEYS[2]) return 1 end return 0");
  private static final RedisScript REPLACE =
      new RedisScript(
          "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
              + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) redis.call('INCR', KEYS[2]) "
              + "return 1 end return 0");
  private static final RedisScript DELETE_IF =
      new RedisScript(
          "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
              + "redis.call('HDEL', KEYS[1], ARGV[1]) redis.call('INCR', KEYS[2]) "
              + "return 1 end return 0");

  /** Sets KEYS[1] to ARGV[2] if it holds ARGV[1], or is absent and ARGV[1] is empty. */
  private static final RedisScript SET_IF =
      new RedisScript(
          "local v = redis.call('GET', KEYS[1]) if (v or '') == ARGV[1] then "
              + "redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0");

  private final RedisCommands<String, String> redis;
  private final String records;
  private final String revision;
  private final String config;
  private final AlarmRecordCodec codec = new AlarmRecordCodec();

  /**
   * @param redis a connection borrowed from the composition root
   * @param prefix the key prefix, e.g. {@code netweave:notify:}
   */
  public RedisAlarmStore(RedisCommands<String, String> redis, String prefix) {
    this.redis = redis;
    this.records = prefix + "alarms";
    this.revision = prefix + "alarms:rev";
    this.config = prefix + "alarms:config";
  }

  @Override
  public Optional<AlarmEventRecord> get(UUID id) {
    return Optional.ofNullable(StoreCalls.call(STORE, () -> redis.hget(records, id.toString())))
        .map(codec::decode);
  }

  @Override
  public List<AlarmEventRecord> list() {
    return StoreCalls.call(
        STORE,
        () -> {
          List<AlarmEventRecord> all = new ArrayList<>();
          for (Map.Entry<String, String> e : redis.hgetall(records).entrySet()) {
            all.add(codec.decode(e.getValue()));
          }
          all.sort(Comparator.comparing(r -> r.alarmEventRecordId().toString()));
          return all;
        });
  }

  @Override
  public boolean create(AlarmEventRecord record) {
    return StoreCalls.call(
        STORE,
        () -> {
          Long done =
              CREATE.run(
                  redis,
                  ScriptOutputType.INTEGER,
                  new String[] {records, revision},
                  record.alarmEventRecordId().toString(),
                  codec.encode(record));
          return done != null && done == 1;
        });
  }

  @Override
  public boolean replace(AlarmEventRecord expected, AlarmEventRecord updated) {
    return StoreCalls.call(
        STORE,
        () -> {
          if (!expected.alarmEventRecordId().equals(updated.alarmEventRecordId())) {
            throw new IllegalArgumentException("expected and updated records have different ids");
          }
          String key = expected.alarmEventRecordId().toString();
          String stored = redis.hget(records, key);
          if (stored == null || !codec.decode(stored).equals(expected)) {
            return false;
          }
          Long done =
              REPLACE.run(
                  redis,
                  ScriptOutputType.INTEGER,
                  new String[] {records, revision},
                  key,
                  stored,
                  codec.encode(updated));
          return done != null && done == 1;
        });
  }

  @Override
  public int purgeClearedBefore(Instant clearedBefore) {
    return StoreCalls.call(
        STORE,
        () -> {
          int removed = 0;
          for (Map.Entry<String, String> e : redis.hgetall(records).entrySet()) {
            AlarmEventRecord r = codec.decode(e.getValue());
            boolean old =
                r.alarmClearedTime()
                    .map(AlarmEventRecord::instant)
                    .filter(t -> t.isBefore(clearedBefore))
                    .isPresent();
            if (old) {
              Long done =
                  DELETE_IF.run(
                      redis,
                      ScriptOutputType.INTEGER,
                      new String[] {records, revision},
                      e.getKey(),
                      e.getValue());
              removed += done != null && done == 1 ? 1 : 0;
            }
          }
          return removed;
        });
  }

  @Override
  public long revision() {
    return StoreCalls.call(
        STORE,
        () -> {
          String v = redis.get(revision);
          return v == null ? 0 : Long.parseLong(v);
        });
  }

  @Override
  public AlarmServiceConfiguration configuration() {
    return StoreCalls.call(
        STORE,
        () -> {
          String text = redis.get(config);
          return text == null
              ? AlarmServiceConfiguration.defaults()
              : codec.decodeConfiguration(text);
        });
  }

  @Override
  public void configure(AlarmServiceConfiguration configuration) {
    StoreCalls.call(STORE, () -> redis.set(config, codec.encode(configuration)));
  }

  @Override
  public boolean configure(AlarmServiceConfiguration expected, AlarmServiceConfiguration updated) {
    return StoreCalls.call(
        STORE,
        () -> {
          String stored = redis.get(config);
          AlarmServiceConfiguration current =
              stored == null
                  ? AlarmServiceConfiguration.defaults()
                  : codec.decodeConfiguration(stored);
          if (!current.equals(expected)) {
            return false;
          }
          Long done =
              SET_IF.run(
                  redis,
                  ScriptOutputType.INTEGER,
                  new String[] {config},
                  stored == null ? "" : stored,
                  codec.encode(updated));
          return done != null && done == 1;
        });
  }

  @Override
  public void close() {
    // the connection is borrowed
  }
}
