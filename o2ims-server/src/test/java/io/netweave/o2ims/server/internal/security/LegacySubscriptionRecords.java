package io.netweave.o2ims.server.internal.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Subscription records as the release before owner namespacing wrote them (a bare owner), written
 * straight into an embedded store file or into Redis, for tests of how such records read today.
 */
final class LegacySubscriptionRecords {
  private static final ObjectMapper MAPPER = O2Json.newMapper();
  private static final long CREATED_AT_MILLIS = 1_700_000_000_000L;

  private LegacySubscriptionRecords() {}

  /** The subscription written for {@code id}: no filter, no consumer id, a callback naming it. */
  static Subscription subscription(UUID id) {
    return new Subscription(
        id, Optional.empty(), Optional.empty(), "https://smo.example.com/legacy/" + id);
  }

  /** The dedup key that release stored for a subscription without filter or consumer id. */
  private static String dedupKey(Subscription s) {
    return s.callback() + "\n\n";
  }

  /**
   * Writes subscriptions (id to bare owner) into the embedded store file under {@code storeDir}.
   */
  static void writeMvStore(Path storeDir, Map<UUID, String> owners) throws IOException {
    Files.createDirectories(storeDir);
    MVStore store =
        new MVStore.Builder().fileName(storeDir.resolve("subscriptions.mv.db").toString()).open();
    try {
      MVMap<String, String> byId = store.openMap("subscriptions");
      MVMap<String, String> byDedupKey = store.openMap("subscriptionsByDedupKey");
      for (Map.Entry<UUID, String> e : owners.entrySet()) {
        Subscription s = subscription(e.getKey());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("subscription", s);
        row.put("owner", e.getValue());
        row.put("dedupKey", dedupKey(s));
        row.put("createdAtMillis", CREATED_AT_MILLIS);
        byId.put(e.getKey().toString(), MAPPER.writeValueAsString(row));
        byDedupKey.put(dedupKey(s), e.getKey().toString());
      }
      store.commit();
    } finally {
      store.close();
    }
  }

  /**
   * Writes subscriptions (id to bare owner) into Redis under {@code prefix} ({@code netweave:} for
   * inventory subscriptions, {@code netweave:alarm:} for alarm ones), as that release's replicas
   * did.
   */
  static void writeRedis(RedisServerFixture redis, String prefix, Map<UUID, String> owners)
      throws IOException {
    var commands = redis.commands();
    for (Map.Entry<UUID, String> e : owners.entrySet()) {
      Subscription s = subscription(e.getKey());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("subscription", s);
      json.put("owner", e.getValue());
      json.put("dedupKey", dedupKey(s));
      json.put("createdAt", Instant.ofEpochMilli(CREATED_AT_MILLIS).toString());
      commands.hset(prefix + "subs", e.getKey().toString(), MAPPER.writeValueAsString(json));
      commands.hset(prefix + "subs:dedup", dedupKey(s), e.getKey().toString());
      commands.incr(prefix + "subs:revision");
    }
  }
}
