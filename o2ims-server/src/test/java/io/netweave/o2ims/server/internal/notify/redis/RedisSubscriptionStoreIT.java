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
}
