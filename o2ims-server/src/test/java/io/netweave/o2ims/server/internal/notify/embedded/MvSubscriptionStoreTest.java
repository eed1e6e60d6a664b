package io.netweave.o2ims.server.internal.notify.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.notify.SubscriptionStoreContract;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvSubscriptionStoreTest extends SubscriptionStoreContract {
  @TempDir Path dir;
  private final ObjectMapper mapper = O2Json.newMapper();

  @Override
  protected SubscriptionStore newStore() {
    return new MvSubscriptionStore(dir, mapper);
  }

  @Test
  void subscriptionsSurviveReopeningTheDataDirectory() {
    StoredSubscription s = subscription("https://a.example/cb", "persisted");
    store.create(s);
    store.close();
    store = newStore();
    assertThat(store.get(s.subscription().subscriptionId())).contains(s);
    assertThat(store.create(subscription("https://a.example/cb", "persisted")))
        .isInstanceOf(SubscriptionStore.CreateOutcome.Duplicate.class);
  }

  @Test
  void aRecordAnEarlierReleaseWroteReadsWithALegacyOwner() throws Exception {
    StoredSubscription s = subscription("https://a.example/old", "old");
    store.close();
    // the previous release's row: owner a bare subject, no ownerKey
    MVStore file =
        new MVStore.Builder().fileName(dir.resolve("subscriptions.mv.db").toString()).open();
    MVMap<String, String> byId = file.openMap("subscriptions");
    byId.put(
        s.subscription().subscriptionId().toString(),
        mapper.writeValueAsString(
            Map.of(
                "subscription",
                s.subscription(),
                "owner",
                "CN=smo-1,O=operator",
                "dedupKey",
                "old",
                "createdAtMillis",
                s.createdAt().toEpochMilli())));
    file.<String, String>openMap("subscriptionsByDedupKey")
        .put("old", s.subscription().subscriptionId().toString());
    file.close();
    store = newStore();
    assertThat(store.get(s.subscription().subscriptionId()).orElseThrow().owner())
        .isEqualTo(OwnerKeys.legacy("CN=smo-1,O=operator"));
  }

  @Test
  void aRecordKeepsTheBareSubjectWhereEarlierReleasesReadTheOwner() throws Exception {
    StoredSubscription s =
        new StoredSubscription(
            subscription("https://a.example/new", "new").subscription(),
            OwnerKeys.token("https://idp.example", "alice"),
            "new",
            Instant.ofEpochMilli(1_700_000_000_000L));
    store.create(s);
    store.close();
    MVStore file =
        new MVStore.Builder().fileName(dir.resolve("subscriptions.mv.db").toString()).open();
    JsonNode row =
        mapper.readTree(
            file.<String, String>openMap("subscriptions")
                .get(s.subscription().subscriptionId().toString()));
    file.close();
    assertThat(row.get("owner").asText()).isEqualTo("alice");
    assertThat(row.get("ownerKey").asText()).isEqualTo("token:https://idp.example|alice");
    // the earlier release's reading of it (its row record, the gateway's mapper): alice's
    PreviousRow previous = mapper.treeToValue(row, PreviousRow.class);
    assertThat(previous.owner()).isEqualTo("alice");
    assertThat(previous.subscription()).isEqualTo(s.subscription());
    store = newStore();
  }

  /** The row record of the release before owner keys. */
  record PreviousRow(
      io.netweave.o2ims.model.Subscription subscription,
      String owner,
      String dedupKey,
      long createdAtMillis) {}
}
