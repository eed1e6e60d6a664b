package io.netweave.o2ims.server.internal.notify.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.io.IOException;
import java.util.UUID;

/**
 * Subscription writes as a replica of the previous release makes them in Redis (2bea866): its
 * create and delete scripts, which bump {@code subs:revision} but keep no owner counts, and its
 * record (the bare subject as {@code owner}, the owner key as {@code ownerKey} when not legacy).
 * For tests of this release beside one of those replicas (a rolling upgrade, a rollback).
 */
final class PreviousRelease {
  private static final String CREATE =
      "local existing = redis.call('HGET', KEYS[2], ARGV[2]) "
          + "if existing then local j = redis.call('HGET', KEYS[1], existing) "
          + "if j then redis.call('HSET', KEYS[2], ARGV[2], existing) return j end end "
          + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) "
          + "redis.call('HSET', KEYS[2], ARGV[2], ARGV[1]) redis.call('INCR', KEYS[3]) return false";

  private static final String DELETE =
      "local j = redis.call('HGET', KEYS[1], ARGV[1]) "
          + "if not j then return 0 end "
          + "local key = cjson.decode(j)['dedupKey'] "
          + "if redis.call('HGET', KEYS[2], key) == ARGV[1] then redis.call('HDEL', KEYS[2], key) end "
          + "redis.call('HDEL', KEYS[1], ARGV[1]) redis.call('INCR', KEYS[3]) return 1";

  private PreviousRelease() {}

  private static String[] keys(String prefix) {
    return new String[] {prefix + "subs", prefix + "subs:dedup", prefix + "subs:revision"};
  }

  /** The previous release's create (no quota in the script: it counted in the gateway). */
  static void create(
      RedisCommands<String, String> redis, String prefix, StoredSubscription s, ObjectMapper mapper)
      throws IOException {
    ObjectNode n = mapper.createObjectNode();
    n.set("subscription", mapper.valueToTree(s.subscription()));
    n.put("owner", OwnerKeys.storedSubject(s.owner()));
    OwnerKeys.storedKey(s.owner()).ifPresent(key -> n.put("ownerKey", key));
    n.put("dedupKey", s.dedupKey());
    n.put("createdAt", s.createdAt().toString());
    redis.eval(
        CREATE,
        ScriptOutputType.VALUE,
        keys(prefix),
        s.subscription().subscriptionId().toString(),
        s.dedupKey(),
        mapper.writeValueAsString(n));
  }

  /** The previous release's delete. */
  static void delete(RedisCommands<String, String> redis, String prefix, UUID id) {
    redis.eval(DELETE, ScriptOutputType.INTEGER, keys(prefix), id.toString());
  }
}
