package io.netweave.o2ims.server.internal.notify.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subscriptions in Redis, shared by every replica: hash {@code subs} (id to JSON: the subscription,
 * {@code owner} and {@code ownerKey} as {@link OwnerKeys} says, {@code dedupKey}, {@code
 * createdAt}), hash {@code subs:dedup} (dedup key to id) and counter {@code subs:revision}. Create
 * and delete are Lua scripts, so the duplicate check, the write and the revision bump are atomic
 * across replicas; {@link #findDuplicate} is the create script's duplicate branch alone, one script
 * too.
 *
 * <p>Thread-safe; borrows the connection ({@link #close()} does not close it). Durability is
 * Redis's (AOF), plus replica acknowledgement of creates and deletes when a {@link RedisDurability}
 * asks for it (a failover then cannot lose a subscription that was answered 201).
 *
 * <p>Design note: a create that meets a duplicate names the existing subscription to the client
 * (409), which is as much a promise as a 201, so it is acknowledged by the replicas too (also when
 * {@link #findDuplicate} finds it). The existing record may have been written by another connection
 * (another gateway replica, or this one's earlier create that answered 503 because no replica
 * acknowledged it), and {@code WAIT} only counts replicas that have this connection's own writes.
 * So the create script, on a duplicate, writes the dedup entry again as it is: a write that changes
 * nothing but enters the replication stream after the existing record, so that once the replicas
 * acknowledge it they hold that record too. Otherwise a failover could lose a subscription that a
 * 409 had named.
 */
public final class RedisSubscriptionStore implements SubscriptionStore {
  private static final String STORE = "the subscription store (Redis)";
  private static final RedisScript CREATE =
      new RedisScript(
          "local existing = redis.call('HGET', KEYS[2], ARGV[2]) "
              + "if existing then local j = redis.call('HGET', KEYS[1], existing) "
              // The duplicate's unchanged write: see the class comment.
              + "if j then redis.call('HSET', KEYS[2], ARGV[2], existing) return j end end "
              // No entry, or one naming a record that is gone (never left by DELETE, which removes
              // both at once): the create is stored, and its entry replaces the dangling one.
              + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) "
              + "redis.call('HSET', KEYS[2], ARGV[2], ARGV[1]) redis.call('INCR', KEYS[3]) return false");

  /** The create script's duplicate branch alone: nothing new is stored. */
  private static final RedisScript FIND_DUPLICATE =
      new RedisScript(
          "local existing = redis.call('HGET', KEYS[2], ARGV[1]) "
              + "if not existing then return false end "
              + "local j = redis.call('HGET', KEYS[1], existing) "
              + "if not j then return false end "
              // The duplicate's unchanged write: see the class comment.
              + "redis.call('HSET', KEYS[2], ARGV[1], existing) return j");

  private static final RedisScript DELETE =
      new RedisScript(
          "local j = redis.call('HGET', KEYS[1], ARGV[1]) "
              + "if not j then return 0 end "
              + "local key = cjson.decode(j)['dedupKey'] "
              + "if redis.call('HGET', KEYS[2], key) == ARGV[1] then redis.call('HDEL', KEYS[2], key) end "
              + "redis.call('HDEL', KEYS[1], ARGV[1]) redis.call('INCR', KEYS[3]) return 1");

  private final RedisCommands<String, String> redis;
  private final String[] keys;
  private final RedisDurability durability;
  private final ObjectMapper mapper = O2Json.newMapper();

  /**
   * @param redis a connection borrowed from the composition root
   * @param prefix the key prefix, e.g. {@code netweave:}
   */
  public RedisSubscriptionStore(RedisCommands<String, String> redis, String prefix) {
    this(redis, prefix, RedisDurability.masterOnly());
  }

  /**
   * @param redis a connection borrowed from the composition root
   * @param prefix the key prefix, e.g. {@code netweave:}
   * @param durability when a create or delete counts as done
   */
  public RedisSubscriptionStore(
      RedisCommands<String, String> redis, String prefix, RedisDurability durability) {
    this.durability = durability;
    this.redis = redis;
    this.keys = new String[] {prefix + "subs", prefix + "subs:dedup", prefix + "subs:revision"};
  }

  @Override
  public CreateOutcome create(StoredSubscription subscription) {
    String existing =
        StoreCalls.call(
            STORE,
            () ->
                CREATE.run(
                    redis,
                    ScriptOutputType.VALUE,
                    keys,
                    subscription.subscription().subscriptionId().toString(),
                    subscription.dedupKey(),
                    encode(subscription)));
    if (existing == null) {
      StoreCalls.run(
          STORE,
          () ->
              durability.acknowledge(
                  "subscription " + subscription.subscription().subscriptionId()));
      return new CreateOutcome.Created(subscription);
    }
    return new CreateOutcome.Duplicate(acknowledgedDuplicate(existing));
  }

  @Override
  public Optional<StoredSubscription> findDuplicate(String dedupKey) {
    String existing =
        StoreCalls.call(
            STORE, () -> FIND_DUPLICATE.run(redis, ScriptOutputType.VALUE, keys, dedupKey));
    if (existing == null) {
      return Optional.empty();
    }
    return Optional.of(acknowledgedDuplicate(existing));
  }

  /**
   * The existing duplicate a script returned, once the replicas hold it as far as {@link
   * #durability} asks (the script rewrote its dedup entry unchanged for that wait).
   */
  private StoredSubscription acknowledgedDuplicate(String existing) {
    StoredSubscription duplicate = decode(existing);
    StoreCalls.run(
        STORE,
        () ->
            durability.acknowledge(
                "subscription "
                    + duplicate.subscription().subscriptionId()
                    + " (the existing duplicate)"));
    return duplicate;
  }

  @Override
  public Optional<StoredSubscription> get(UUID subscriptionId) {
    return Optional.ofNullable(
            StoreCalls.call(STORE, () -> redis.hget(keys[0], subscriptionId.toString())))
        .map(this::decode);
  }

  @Override
  public List<StoredSubscription> list() {
    return StoreCalls.call(STORE, () -> redis.hvals(keys[0])).stream()
        .map(this::decode)
        .sorted(Comparator.comparing(s -> s.subscription().subscriptionId().toString()))
        .toList();
  }

  @Override
  public boolean delete(UUID subscriptionId) {
    Long deleted =
        StoreCalls.call(
            STORE,
            () -> DELETE.run(redis, ScriptOutputType.INTEGER, keys, subscriptionId.toString()));
    StoreCalls.run(
        STORE, () -> durability.acknowledge("deletion of subscription " + subscriptionId));
    return deleted != null && deleted == 1L;
  }

  @Override
  public long revision() {
    String value = StoreCalls.call(STORE, () -> redis.get(keys[2]));
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public void close() {
    // The connection belongs to the composition root.
  }

  private String encode(StoredSubscription s) {
    ObjectNode n = mapper.createObjectNode();
    n.set("subscription", mapper.valueToTree(s.subscription()));
    // "owner" as earlier releases read it (a bare subject): replicas of the previous release
    // (during a rolling upgrade, after a rollback) still find each owner's subscriptions.
    n.put("owner", OwnerKeys.storedSubject(s.owner()));
    OwnerKeys.storedKey(s.owner()).ifPresent(key -> n.put("ownerKey", key));
    n.put("dedupKey", s.dedupKey());
    n.put("createdAt", s.createdAt().toString());
    try {
      return mapper.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StoredSubscription decode(String json) {
    try {
      JsonNode n = mapper.readTree(json);
      return new StoredSubscription(
          mapper.treeToValue(n.get("subscription"), Subscription.class),
          OwnerKeys.fromStored(
              n.get("owner").asText(),
              n.hasNonNull("ownerKey") ? n.get("ownerKey").asText() : null),
          n.get("dedupKey").asText(),
          Instant.parse(n.get("createdAt").asText()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
