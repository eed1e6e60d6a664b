package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
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
 * The gateway's response cache end to end, with a real redis-server shared by two gateways: reads
 * are served from the cache (hits counted on /metrics), warming fills it before the first request,
 * an inventory change is visible at once on both replicas, and killing Redis does not fail a single
 * request.
 */
class ResponseCacheIT {
  @TempDir Path dataA;
  @TempDir Path dataB;
  private RedisServerProcess redis;
  private Gateway a;
  private Gateway b;
  private Client clientA;
  private Client clientB;

  @BeforeEach
  void start() {
    redis = RedisServerProcess.start();
    a = gateway(dataA);
    b = gateway(dataB);
    clientA = new Client(GatewayHttp.base(a));
    clientB = new Client(GatewayHttp.base(b));
  }

  private Gateway gateway(Path data) {
    return InProcessGateways.start(
        data,
        Map.of(
            "redis.url", redis.uri(),
            "cache.warm_on_startup", "true",
            "ocloud.id", "5b0c3a38-2f6a-4a57-9d1e-0f8d1f3f2a10",
            "redis.lookup_timeout", "200ms",
            "redis.retry_after", "1s"));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
    redis.close();
  }

  private static double metric(Client client, String series) {
    String text = client.get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("metric %s in:%n%s", series, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void warmedListsAreServedFromTheCache() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metric(clientA, "netweave_cache_entries{region=\"resource_pools\"}") >= 1);
    double hitsBefore = metric(clientA, "netweave_cache_hits_total{region=\"resource_pools\"}");
    for (int i = 0; i < 20; i++) {
      assertThat(clientA.get(V1 + "/resourcePools").status()).isEqualTo(200);
    }
    assertThat(metric(clientA, "netweave_cache_hits_total{region=\"resource_pools\"}"))
        .isGreaterThanOrEqualTo(hitsBefore + 20);
    assertThat(metric(clientA, "netweave_cache_redis_connected")).isEqualTo(1.0);
  }

  @Test
  void aChangeOnOneReplicaIsNotServedStaleByTheOther() {
    String pool = clientA.get(V1 + "/resourcePools").json().get(0).path("resourcePoolId").asText();
    String list = V1 + "/resourcePools/" + pool + "/resources";
    int before = clientB.get(list).json().size();
    assertThat(clientA.get(list).json().size()).isEqualTo(before);

    // Both replicas run the same deterministic demo O-Cloud; change both, as a cluster change
    // reaches every replica's informers, and check neither serves the old cached list.
    for (Client c : new Client[] {clientA, clientB}) {
      Reply created =
          c.postJson(
              "/admin/v1/demo/resources",
              "{\"nodeName\":\"cache-it-node\",\"resourcePoolId\":\"" + pool + "\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    assertThat(clientA.get(list).json().size()).isEqualTo(before + 1);
    assertThat(clientB.get(list).json().size()).isEqualTo(before + 1);
  }

  @Test
  void theAdminEndpointInvalidatesARegionOnEveryReplica() {
    for (Client c : new Client[] {clientA, clientB}) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> metric(c, "netweave_cache_entries{region=\"resource_pools\"}") >= 1);
    }
    Reply done = clientA.postJson("/admin/v1/cache/invalidate?region=resource_pools", "");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.json().path("invalidated").get(0).asText()).isEqualTo("resource_pools");
    for (Client c : new Client[] {clientA, clientB}) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> metric(c, "netweave_cache_entries{region=\"resource_pools\"}") == 0);
    }
    assertThat(metric(clientA, "netweave_cache_entries{region=\"resource_types\"}"))
        .isGreaterThanOrEqualTo(1);

    Reply unknown = clientA.postJson("/admin/v1/cache/invalidate?region=nodes", "");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("resource_pools");
  }

  @Test
  void killingRedisFailsNoRequest() {
    String pools = V1 + "/resourcePools";
    assertThat(clientA.get(pools).status()).isEqualTo(200);
    redis.kill();
    for (int i = 0; i < 50; i++) {
      assertThat(clientA.get(pools).status()).isEqualTo(200);
      assertThat(clientA.get(pools + "?filter=(neq,name,x" + i + ")").status()).isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> metric(clientA, "netweave_cache_redis_connected") == 0.0);
    redis.restart();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> metric(clientA, "netweave_cache_redis_connected") == 1.0);
    assertThat(clientA.get(pools).status()).isEqualTo(200);
  }
}
