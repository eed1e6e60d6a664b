package io.netweave.o2ims.server.internal.notify.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.internal.notify.SubscriptionStoreContract;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one subscription store contract, on a real Redis shared by two "replicas". */
class RedisSubscriptionStoreIT extends SubscriptionStoreContract {
  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  private final ObjectMapper mapper = O2Json.newMapper();

  @Override
  protected SubscriptionStore newStore() {
    redisServer.get().flushAll();
    return new RedisSubscriptionStore(redisServer.get().commands(), "it:");
  }

  @Test
  void anotherReplicaSeesSubscriptionsAndTheirDedupKeys() {
    StoredSubscription s = subscription("https://a.example/cb", "shared");
    store.create(s);
    SubscriptionStore other = new RedisSubscriptionStore(redisServer.get().commands(), "it:");
    assertThat(other.list()).containsExactly(s);
    assertThat(other.create(subscription("https://a.example/cb", "shared")))
        .isEqualTo(new SubscriptionStore.CreateOutcome.Duplicate(s));
  }

  @Test
  void aDedupEntryNamingAMissingRecordDoesNotSwallowACreate() {
    redisServer.get().commands().hset("it:subs:dedup", "dangling", "no-such-subscription");
    StoredSubscription s = subscription("https://a.example/cb", "dangling");
    assertThat(store.create(s)).isEqualTo(new SubscriptionStore.CreateOutcome.Created(s));
    assertThat(store.get(s.subscription().subscriptionId())).contains(s);
    assertThat(redisServer.get().commands().hget("it:subs:dedup", "dangling"))
        .isEqualTo(s.subscription().subscriptionId().toString());
    assertThat(store.create(subscription("https://a.example/cb", "dangling")))
        .isEqualTo(new SubscriptionStore.CreateOutcome.Duplicate(s));
  }

  @Test
  void aRecordAReplicaOfAnEarlierReleaseWroteReadsWithALegacyOwner() throws Exception {
    StoredSubscription s = subscription("https://a.example/old", "old");
    ObjectNode old = mapper.createObjectNode();
    old.set("subscription", mapper.valueToTree(s.subscription()));
    old.put("owner", "CN=smo-1,O=operator");
    old.put("dedupKey", "old");
    old.put("createdAt", s.createdAt().toString());
    String id = s.subscription().subscriptionId().toString();
    redisServer.get().commands().hset("it:subs", id, mapper.writeValueAsString(old));
    redisServer.get().commands().hset("it:subs:dedup", "old", id);
    assertThat(store.get(s.subscription().subscriptionId()).orElseThrow().owner())
        .isEqualTo(OwnerKeys.legacy("CN=smo-1,O=operator"));
    assertThat(store.delete(s.subscription().subscriptionId())).isTrue();
    assertThat(redisServer.get().commands().hget("it:subs:dedup", "old")).isNull();
  }

  @Test
  void aRecordKeepsTheBareSubjectWhereEarlierReleasesReadTheOwner() throws Exception {
    StoredSubscription s =
        new StoredSubscription(
            subscription("https://a.example/new", "new").subscription(),
            OwnerKeys.certificate("CN=smo-1,O=operator"),
            "new",
            Instant.ofEpochMilli(1_700_000_000_000L));
    store.create(s);
    JsonNode stored =
        mapper.readTree(
            redisServer
                .get()
                .commands()
                .hget("it:subs", s.subscription().subscriptionId().toString()));
    assertThat(stored.get("owner").asText()).isEqualTo("CN=smo-1,O=operator");
    assertThat(stored.get("ownerKey").asText()).isEqualTo("cert:CN=smo-1,O=operator");
  }

  @Test
  void concurrentCreatesOfOneOwnerOnTwoReplicasNeverStoreMoreThanItsLimit() throws Exception {
    SubscriptionStore other = new RedisSubscriptionStore(redisServer.get().commands(), "it:");
    String alice = OwnerKeys.token("https://idp.example", "alice");
    java.util.List<SubscriptionStore.CreateOutcome> outcomes =
        concurrently(
            60,
            i -> (i % 2 == 0 ? store : other).create(owned(alice, "https://a.example/" + i), 4));
    assertThat(outcomes)
        .filteredOn(SubscriptionStore.CreateOutcome.Created.class::isInstance)
        .hasSize(4);
    assertThat(store.list()).hasSize(4);
  }

  /**
   * A replica of the previous release beside this one (a rolling upgrade, a rollback) creates and
   * deletes with its own scripts, which bump the revision but know nothing of the owner counts; a
   * release before owner keys wrote bare owners the same way. The counts are recounted at the next
   * create, so every record counts for its owner and none twice.
   */
  @Test
  void writesOfAPreviousReleaseBesideThisOneAreCountedAtTheNextCreate() throws Exception {
    var redis = redisServer.get().commands();
    String alice = OwnerKeys.token("https://idp.example", "alice");
    StoredSubscription first = owned(alice, "https://a.example/1");
    store.create(first, 5);
    store.create(owned(alice, "https://a.example/2"), 5);
    // the previous release: one more for alice (owner and ownerKey), one for bob
    PreviousRelease.create(redis, "it:", owned(alice, "https://a.example/old"), mapper);
    PreviousRelease.create(
        redis, "it:", owned(OwnerKeys.token("https://idp.example", "bob"), "https://b/1"), mapper);
    // the release before owner keys: a bare owner, alice's token's (OwnerKeys)
    PreviousRelease.create(
        redis, "it:", owned(OwnerKeys.legacy("alice"), "https://a/bare"), mapper);
    // and the previous release deletes one this release created
    PreviousRelease.delete(redis, "it:", first.subscription().subscriptionId());

    // alice holds 2 + 1 + 1 - 1 = 3
    assertThat(store.create(owned(alice, "https://a.example/3"), 3))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(3));
    assertThat(redis.hgetall("it:subs:owners"))
        .isEqualTo(
            java.util.Map.of(
                alice,
                "2",
                OwnerKeys.token("https://idp.example", "bob"),
                "1",
                "legacy:alice",
                "1"));
    assertThat(store.create(owned(alice, "https://a.example/3"), 4))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    assertThat(redis.get("it:subs:owners:revision")).isEqualTo(redis.get("it:subs:revision"));

    // a delete after the previous release wrote leaves the counts to the next create
    PreviousRelease.create(redis, "it:", owned(alice, "https://a.example/old2"), mapper);
    StoredSubscription bare =
        store.list().stream()
            .filter(s -> s.owner().equals(OwnerKeys.legacy("alice")))
            .findFirst()
            .orElseThrow();
    assertThat(store.delete(bare.subscription().subscriptionId())).isTrue();
    assertThat(store.create(owned(alice, "https://a.example/5"), 4))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(4));
    assertThat(redis.hget("it:subs:owners", alice)).isEqualTo("4");
    assertThat(redis.hexists("it:subs:owners", "legacy:alice")).isFalse();
  }

  /**
   * A record removed by hand ({@code HDEL}, no revision bump) leaves its owner's count one too high
   * while the counts look right, and already checked at that revision. The create that would be
   * refused for it sees the number of records changed, finds the counts do not add up to them,
   * recounts, is stored, and says so in a WARN; the next one is refused on right counts.
   */
  @Test
  void aRecordRemovedByHandIsRecountedBeforeItsOwnerIsRefused() {
    var redis = redisServer.get().commands();
    String alice = OwnerKeys.token("https://idp.example", "alice");
    String bob = OwnerKeys.token("https://idp.example", "bob");
    StoredSubscription gone = owned(alice, "https://a.example/1");
    store.create(gone, 2);
    store.create(owned(alice, "https://a.example/2"), 2);
    store.create(owned(bob, "https://b.example/1"), 2);
    // A refusal on right counts checks them once for this revision and number of records.
    assertThat(store.create(owned(alice, "https://a.example/refused"), 2))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(2));
    assertThat(redis.get("it:subs:owners:checked")).isEqualTo(redis.get("it:subs:revision") + ":3");

    redis.hdel("it:subs", gone.subscription().subscriptionId().toString());
    assertThat(redis.hget("it:subs:owners", alice)).isEqualTo("2");
    assertThat(redis.get("it:subs:owners:revision")).isEqualTo(redis.get("it:subs:revision"));

    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(RedisSubscriptionStore.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
        new ch.qos.logback.core.read.ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      assertThat(store.create(owned(alice, "https://a.example/3"), 2))
          .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    } finally {
      logger.detachAppender(log);
    }
    assertThat(log.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains(
                      "the owner counts in it:subs:owners added up to 3 for 2 subscription records"
                          + " in it:subs",
                      "without an INCR of it:subs:revision; recounted");
            });
    assertThat(redis.hgetall("it:subs:owners")).isEqualTo(java.util.Map.of(alice, "2", bob, "1"));
    assertThat(store.create(owned(alice, "https://a.example/4"), 2))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(2));
  }

  /**
   * An edit by hand that keeps the number of records (a record moved from one owner to another) is
   * not seen by that check: alice stays refused on a count one too high. The documented repair, an
   * {@code INCR} of the revision, makes the next create recount.
   */
  @Test
  void anIncrOfTheRevisionAfterAnEditByHandRecountsAtTheNextCreate() throws Exception {
    var redis = redisServer.get().commands();
    String alice = OwnerKeys.token("https://idp.example", "alice");
    String bob = OwnerKeys.token("https://idp.example", "bob");
    StoredSubscription moved = owned(alice, "https://a.example/1");
    store.create(moved, 2);
    store.create(owned(alice, "https://a.example/2"), 2);
    String id = moved.subscription().subscriptionId().toString();
    ObjectNode record = (ObjectNode) mapper.readTree(redis.hget("it:subs", id));
    record.put("owner", "bob").put("ownerKey", bob);
    redis.hset("it:subs", id, mapper.writeValueAsString(record));
    assertThat(store.create(owned(alice, "https://a.example/3"), 2))
        .isEqualTo(new SubscriptionStore.CreateOutcome.QuotaUsedUp(2));

    redis.incr("it:subs:revision");
    assertThat(store.create(owned(alice, "https://a.example/3"), 2))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Created.class);
    assertThat(redis.hgetall("it:subs:owners")).isEqualTo(java.util.Map.of(alice, "2", bob, "1"));
  }
}
