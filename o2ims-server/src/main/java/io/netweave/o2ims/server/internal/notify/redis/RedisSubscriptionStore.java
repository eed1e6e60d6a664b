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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subscriptions in Redis, shared by every replica: hash {@code subs} (id to JSON: the subscription,
 * {@code owner} and {@code ownerKey} as {@link OwnerKeys} says, {@code dedupKey}, {@code
 * createdAt}), hash {@code subs:dedup} (dedup key to id), counter {@code subs:revision}, and the
 * owner counts: hash {@code subs:owners} (stored owner, as {@link OwnerKeys#fromStored} reads it,
 * to the number of records it holds) with {@code subs:owners:revision}, the revision at which those
 * counts were last right, and {@code subs:owners:checked} (see "records edited by hand" below).
 * Create and delete are Lua scripts, so the duplicate check, the owner's count against its quota,
 * the write, the revision bump and the owner counts are atomic across replicas: concurrent creates
 * of one owner on any number of replicas never store more than its quota.
 *
 * <p>Thread-safe; borrows the connection ({@link #close()} does not close it). Durability is
 * Redis's (AOF), plus replica acknowledgement of creates and deletes when a {@link RedisDurability}
 * asks for it (a failover then cannot lose a subscription that was answered 201).
 *
 * <p>Design note, the owner counts: every release's create and delete bump {@code subs:revision},
 * but only this one's keep {@code subs:owners}, and each of its writes sets {@code
 * subs:owners:revision} to the revision it leaves, only when the counts were right before it (that
 * key equal to the revision). So the two keys differ exactly when something else wrote since the
 * counts were last right: a replica of a previous release during a rolling upgrade or after a
 * rollback (it knows neither key, so it never writes them), or a store written before the counts
 * existed. A create that finds them differing counts every record again (one pass over {@code subs}
 * inside the script, which blocks Redis for that pass) before judging the quota, so the counts are
 * never trusted when stale and a previous release's records, bare owners included, always count. A
 * delete that finds them differing leaves them for the next create.
 *
 * <p>Design note, records edited by hand: a record removed ({@code HDEL}) or added outside the
 * gateway without an {@code INCR} of {@code subs:revision} leaves the counts looking right while
 * they are not. A create about to be refused for its quota therefore first checks that the counts
 * add up to the number of records ({@code HVALS} of {@code subs:owners}, one pass over the owners,
 * not the records); if they do not, it recounts (as above) and judges again, and the gateway logs a
 * WARN. The check is done once per revision and number of records ({@code subs:owners:checked}
 * holds both as {@code <revision>:<records>} once it passed), so a client that keeps asking at its
 * quota costs one check, not one per request, while a record removed by hand changes the number and
 * is checked at the next refusal; a create within its quota does no more than before. An edit that
 * keeps the number of records (one record removed, another added) is not seen: after any edit by
 * hand, {@code INCR} the revision (docs/operations.md).
 *
 * <p>Design note, duplicates: a create that meets a duplicate names the existing subscription to
 * the client (409), which is as much a promise as a 201, so it is acknowledged by the replicas too.
 * The existing record may have been written by another connection (another gateway replica, or this
 * one's earlier create that answered 503 because no replica acknowledged it), and {@code WAIT} only
 * counts replicas that have this connection's own writes. So the create script, on a duplicate,
 * writes the dedup entry again as it is: a write that changes nothing but enters the replication
 * stream after the existing record, so that once the replicas acknowledge it they hold that record
 * too. Otherwise a failover could lose a subscription that a 409 had named. The duplicate is judged
 * before the quota, so a retried create that filled its owner's quota is still that 409.
 */
public final class RedisSubscriptionStore implements SubscriptionStore {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RedisSubscriptionStore.class);
  private static final String STORE = "the subscription store (Redis)";

  /**
   * The stored owner of a decoded record, as {@link OwnerKeys#fromStored} reads it: its owner key,
   * or for a record without one (a legacy one) the legacy key of its bare owner.
   */
  private static final String OWNER_OF =
      "local function ownerOf(r) local owner = r['ownerKey'] "
          + "if type(owner) ~= 'string' then owner = '"
          + OwnerKeys.legacy("")
          + "' .. r['owner'] end return owner end ";

  /**
   * Brings the owner counts (KEYS[4]) up to date with the records (KEYS[1]) when they are not known
   * right at the current revision (KEYS[3] against KEYS[5]): see the class comment.
   */
  private static final String COUNT_OWNERS =
      OWNER_OF
          + "local function countOwners() "
          + "local revision = redis.call('GET', KEYS[3]) or '0' "
          + "if redis.call('GET', KEYS[5]) == revision then return end "
          + "local counts = {} "
          + "for _, j in ipairs(redis.call('HVALS', KEYS[1])) do "
          + "local owner = ownerOf(cjson.decode(j)) counts[owner] = (counts[owner] or 0) + 1 end "
          // One write per owner, not per record (replicas and the AOF get the writes one by one).
          + "redis.call('DEL', KEYS[4]) "
          + "for owner, n in pairs(counts) do redis.call('HSET', KEYS[4], owner, n) end "
          + "redis.call('SET', KEYS[5], revision) end ";

  /**
   * ARGV: id, dedup key, record, the record's owner, the owner's limit, then the stored owners the
   * owner holds ({@link OwnerKeys#ownedKeys}). Answers {@code {'duplicate', record}}, {@code
   * {'quota', held}} or {@code {'created'}}.
   */
  private static final RedisScript CREATE =
      new RedisScript(
          COUNT_OWNERS
              + "local existing = redis.call('HGET', KEYS[2], ARGV[2]) "
              + "if existing then local j = redis.call('HGET', KEYS[1], existing) "
              // The duplicate's unchanged write: see the class comment.
              + "if j then redis.call('HSET', KEYS[2], ARGV[2], existing) "
              + "return {'duplicate', j} end end "
              + "countOwners() "
              + "local function heldNow() local n = 0 "
              + "for i = 6, #ARGV do "
              + "n = n + tonumber(redis.call('HGET', KEYS[4], ARGV[i]) or '0') end return n end "
              + "local held = heldNow() "
              + "local checked = nil "
              // Before a refusal, the counts must add up to the records, checked once per revision
              // and number of records (class comment).
              + "if held >= tonumber(ARGV[5]) then "
              + "local records = redis.call('HLEN', KEYS[1]) "
              + "local mark = (redis.call('GET', KEYS[3]) or '0') .. ':' .. records "
              + "if redis.call('GET', KEYS[6]) == mark then return {'quota', held} end "
              + "local sum = 0 "
              + "for _, n in ipairs(redis.call('HVALS', KEYS[4])) do sum = sum + tonumber(n) end "
              + "if sum == records then redis.call('SET', KEYS[6], mark) "
              + "return {'quota', held} end "
              + "redis.call('DEL', KEYS[5]) countOwners() held = heldNow() checked = {sum, records} "
              + "if held >= tonumber(ARGV[5]) then "
              + "return {'quota', held, checked[1], checked[2]} end end "
              // No entry, or one naming a record that is gone (never left by DELETE, which removes
              // both at once): the create is stored, and its entry replaces the dangling one.
              + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) "
              + "redis.call('HSET', KEYS[2], ARGV[2], ARGV[1]) "
              + "local revision = redis.call('INCR', KEYS[3]) "
              + "redis.call('HINCRBY', KEYS[4], ARGV[4], 1) "
              + "redis.call('SET', KEYS[5], revision) "
              + "if checked then return {'created', checked[1], checked[2]} end "
              + "return {'created'}");

  private static final RedisScript DELETE =
      new RedisScript(
          OWNER_OF
              + "local j = redis.call('HGET', KEYS[1], ARGV[1]) "
              + "if not j then return 0 end "
              + "local r = cjson.decode(j) "
              + "if redis.call('HGET', KEYS[2], r['dedupKey']) == ARGV[1] then "
              + "redis.call('HDEL', KEYS[2], r['dedupKey']) end "
              + "redis.call('HDEL', KEYS[1], ARGV[1]) "
              + "local counted = redis.call('GET', KEYS[5]) == (redis.call('GET', KEYS[3]) or '0') "
              + "local revision = redis.call('INCR', KEYS[3]) "
              // Counts known right before stay right after; stale ones stay stale (class comment).
              + "if counted then local owner = ownerOf(r) "
              + "if redis.call('HINCRBY', KEYS[4], owner, -1) <= 0 then "
              + "redis.call('HDEL', KEYS[4], owner) end "
              + "redis.call('SET', KEYS[5], revision) end "
              + "return 1");

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
    this.keys =
        new String[] {
          prefix + "subs",
          prefix + "subs:dedup",
          prefix + "subs:revision",
          prefix + "subs:owners",
          prefix + "subs:owners:revision",
          prefix + "subs:owners:checked"
        };
  }

  @Override
  public CreateOutcome create(StoredSubscription subscription, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1, not " + limit);
    }
    List<String> arguments = new ArrayList<>();
    arguments.add(subscription.subscription().subscriptionId().toString());
    arguments.add(subscription.dedupKey());
    arguments.add(encode(subscription));
    arguments.add(subscription.owner());
    arguments.add(Integer.toString(limit));
    arguments.addAll(OwnerKeys.ownedKeys(subscription.owner()));
    List<Object> answer =
        StoreCalls.call(
            STORE,
            () ->
                CREATE.run(redis, ScriptOutputType.MULTI, keys, arguments.toArray(new String[0])));
    String outcome = (String) answer.get(0);
    int counted = outcome.equals("created") ? 1 : 2;
    if (answer.size() > counted) {
      LOG.warn(
          "the owner counts in {} added up to {} for {} subscription records in {}: a record was"
              + " written or removed outside the gateway without an INCR of {}; recounted"
              + " before judging a create's quota",
          keys[3],
          answer.get(counted),
          answer.get(counted + 1),
          keys[0],
          keys[2]);
    }
    return switch (outcome) {
      case "created" -> {
        StoreCalls.run(
            STORE,
            () ->
                durability.acknowledge(
                    "subscription " + subscription.subscription().subscriptionId()));
        yield new CreateOutcome.Created(subscription);
      }
      case "duplicate" ->
          new CreateOutcome.Duplicate(acknowledgedDuplicate((String) answer.get(1)));
      case "quota" -> new CreateOutcome.QuotaUsedUp((Long) answer.get(1));
      default -> throw new IllegalStateException("the create script answered " + answer);
    };
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
