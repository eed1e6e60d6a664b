package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.cache.TieredResponseCache;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.caching.ResponseKeys;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade shares the Redis response cache between replicas of the previous release and
 * this one. The previous release (up to commit 209a83e) rendered v1 deployment managers with {@code
 * supportedLocations: []} and kept its responses under the view {@code v1}; this release renders
 * them otherwise, so it must not serve the previous release's entries (nor they its), while an
 * invalidation made by either still reaches both. The previous release is played by a {@link
 * TieredResponseCache} on the same real redis-server and key prefix, storing and invalidating as
 * its replicas did (its key scheme was {@code (region, "v1", path lower-cased, canonical query)}).
 */
class PreviousReleaseCacheIT {
  private static final String PREFIX = "upgrade:cache:";
  private static final String MARKER_SECRET = "upgrade test marker key";
  private static final String PATH = V1 + "/deploymentManagers";

  /** The query of a list request without parameters, as keys carry it. */
  private static final String NO_QUERY = ListQuery.all().canonical();

  private static final CacheKey PREVIOUS_KEY =
      new CacheKey(
          CacheRegion.DEPLOYMENT_MANAGERS, "v1", ResponseKeys.normalizedPath(PATH), NO_QUERY);

  @TempDir Path data;
  private RedisServerProcess redis;
  private RedisConnector previousConnector;
  private TieredResponseCache previous;
  private Gateway gateway;

  @BeforeEach
  void start() {
    redis = RedisServerProcess.start();
    previousConnector = RedisConnector.create(settings());
    previous = TieredResponseCache.builder().redis(previousConnector).build();
    await("previous release's cache connected")
        .atMost(Duration.ofSeconds(30))
        .until(() -> previous.stats().shared().connected());
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    previous.close();
    previousConnector.close();
    redis.close();
  }

  private RedisSettings settings() {
    return RedisSettings.builder()
        .uri(redis.uri())
        .keyPrefix(PREFIX)
        .lookupTimeout(Duration.ofSeconds(2))
        .dialTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(1))
        .writeTimeout(Duration.ofSeconds(1))
        .build();
  }

  private Client startGateway() {
    gateway =
        InProcessGateways.start(
            data,
            Map.of(
                "redis.url",
                redis.uri(),
                "redis.key_prefix",
                PREFIX,
                "cache.warm_on_startup",
                "false",
                "ocloud.id",
                "5b0c3a38-2f6a-4a57-9d1e-0f8d1f3f2a10",
                "server.page_marker_secret",
                MARKER_SECRET));
    Client client = new Client(GatewayHttp.base(gateway));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> metric(client, "netweave_cache_redis_connected") == 1.0);
    return client;
  }

  /** Stores, as a replica of the previous release would, its rendering of the managers. */
  private void previousReleaseStores(String body) {
    previous.put(
        PREVIOUS_KEY,
        new CachedResponse(
            200,
            Map.of("Content-Type", "application/json"),
            body.getBytes(StandardCharsets.UTF_8)));
    // In Redis, not only in that replica's own tier: another previous-release replica reads it.
    try (RedisConnector c = RedisConnector.create(settings());
        TieredResponseCache otherPreviousReplica = TieredResponseCache.builder().redis(c).build()) {
      await("the previous release's entry is in Redis")
          .atMost(Duration.ofSeconds(30))
          .until(() -> otherPreviousReplica.get(PREVIOUS_KEY).isPresent());
    }
  }

  private static double metric(Client client, String series) {
    String text = client.get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void aResponseThePreviousReleaseCachedInRedisIsNotServed() {
    previousReleaseStores("[{\"renderedBy\":\"previous release\",\"supportedLocations\":[]}]");
    Client client = startGateway();

    Reply reply = client.get(PATH);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).doesNotContain("previous release");
    JsonNode managers = reply.json();
    assertThat(managers).hasSize(1);
    assertThat(managers.get(0).path("deploymentManagerId").asText()).isNotEmpty();
    // this release's rendering: the managers' sites' locations (the demo's three regions)
    assertThat(managers.get(0).path("supportedLocations")).hasSize(3);
  }

  @Test
  void thisReleasesResponsesAreNotServedToThePreviousRelease() {
    Client client = startGateway();
    assertThat(client.get(PATH).status()).isEqualTo(200);

    try (RedisConnector c = RedisConnector.create(settings());
        TieredResponseCache previousReplica = TieredResponseCache.builder().redis(c).build()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> previousReplica.stats().shared().connected());
      CacheKey thisReleasesKey =
          ResponseKeys.key(
              ResponseKeys.view(
                  new PageMarkerCodec(MARKER_SECRET.getBytes(StandardCharsets.UTF_8)).keyId()),
              CacheRegion.DEPLOYMENT_MANAGERS,
              PATH,
              NO_QUERY);
      await("this release's response stored in Redis")
          .atMost(Duration.ofSeconds(30))
          .until(() -> previousReplica.get(thisReleasesKey).isPresent());
      assertThat(previousReplica.get(PREVIOUS_KEY)).isEmpty();
    }
  }

  @Test
  void anInvalidationByThePreviousReleaseDropsThisReleasesEntries() {
    Client client = startGateway();
    assertThat(client.get(PATH).status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metric(client, "netweave_cache_entries{region=\"deployment_managers\"}") >= 1);

    previous.invalidate(CacheRegion.DEPLOYMENT_MANAGERS);

    await("the previous release's invalidation reached this release")
        .atMost(Duration.ofSeconds(30))
        .until(() -> metric(client, "netweave_cache_entries{region=\"deployment_managers\"}") == 0);
  }
}
