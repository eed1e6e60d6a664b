package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Duration;
import java.util.UUID;

/**
 * Expiring leases in Redis: a key holding the owner's name with a time to live. Acquiring sets the
 * key if it is free or renews it if the caller already holds it (one Lua script, so two replicas
 * never both win); releasing deletes it only for its owner. Expiry is Redis's own clock, so a
 * replica that dies loses its leases after the TTL and another one takes over. A queue lease is
 * renewed mid-batch only while its owner still holds it ({@link #renewQueue}).
 *
 * <p>Thread-safe; borrows the connection ({@link #close()} does not close it).
 */
public final class RedisLeases implements NotificationLeases {
  private static final RedisScript ACQUIRE =
      new RedisScript(
          "local v = redis.call('GET', KEYS[1]) "
              + "if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end "
              + "if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
              + "return 0");
  private static final RedisScript RENEW =
      new RedisScript(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
              + "return 1 end return 0");
  private static final RedisScript RELEASE =
      new RedisScript(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
              + "return 0");

  private final RedisCommands<String, String> redis;
  private final String prefix;

  public RedisLeases(RedisCommands<String, String> redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public boolean acquireProducer(String owner, Duration ttl) {
    return acquire(prefix + "lease:producer", owner, ttl);
  }

  @Override
  public void releaseProducer(String owner) {
    release(prefix + "lease:producer", owner);
  }

  @Override
  public boolean acquireQueue(UUID subscriptionId, String owner, Duration ttl) {
    return acquire(prefix + "lease:q:" + subscriptionId, owner, ttl);
  }

  @Override
  public boolean renewQueue(UUID subscriptionId, String owner, Duration ttl) {
    Long renewed =
        RENEW.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {prefix + "lease:q:" + subscriptionId},
            owner,
            Long.toString(Math.max(1, ttl.toMillis())));
    return renewed != null && renewed == 1L;
  }

  @Override
  public void releaseQueue(UUID subscriptionId, String owner) {
    release(prefix + "lease:q:" + subscriptionId, owner);
  }

  @Override
  public void close() {
    // The connection belongs to the composition root.
  }

  private boolean acquire(String key, String owner, Duration ttl) {
    Long won =
        ACQUIRE.run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {key},
            owner,
            Long.toString(Math.max(1, ttl.toMillis())));
    return won != null && won == 1L;
  }

  private void release(String key, String owner) {
    RELEASE.run(redis, ScriptOutputType.INTEGER, new String[] {key}, owner);
  }
}
