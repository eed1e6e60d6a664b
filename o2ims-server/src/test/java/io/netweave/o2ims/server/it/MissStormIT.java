package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache miss storms through the whole gateway (real HTTP, the demo inventory source, the real
 * response cache): 64 concurrent requests asking 8 different filters of a pool's resources render
 * each filtered list once, whatever the interleaving, counted by the gateway's own {@code
 * netweave_cache_loads_total}; requests of a key whose render is in flight wait for it. With two
 * replicas sharing Redis, each replica renders (or fetches from Redis) each key at most once: loads
 * are collapsed per process, not across replicas.
 */
class MissStormIT {
  private static final int CONNECTIONS = 64;
  private static final int FILTERS = 8;
  private static final String LOADS = "netweave_cache_loads_total{region=\"resources\"}";

  @TempDir Path dataA;
  @TempDir Path dataB;

  @Test
  void sixtyFourConcurrentMissesOnEightKeysRenderEightTimes() throws Exception {
    try (Gateway gateway = gateway(dataA, Map.of())) {
      Client client = new Client(GatewayHttp.base(gateway));
      double before = metric(client, LOADS);

      Map<String, List<String>> bodies = storm(List.of(client), resourcesPath(client));

      assertThat(bodies).hasSize(FILTERS);
      bodies
          .values()
          .forEach(
              same -> assertThat(same).hasSize(CONNECTIONS / FILTERS).containsOnly(same.get(0)));
      assertThat(metric(client, LOADS) - before).isEqualTo(FILTERS);
    }
  }

  @Test
  void replicasSharingRedisEachLoadAKeyAtMostOnce() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        Gateway a = gateway(dataA, Map.of("redis.url", redis.uri()));
        Gateway b = gateway(dataB, Map.of("redis.url", redis.uri()))) {
      Client clientA = new Client(GatewayHttp.base(a));
      Client clientB = new Client(GatewayHttp.base(b));
      double beforeA = metric(clientA, LOADS);
      double beforeB = metric(clientB, LOADS);

      Map<String, List<String>> bodies = storm(List.of(clientA, clientB), resourcesPath(clientA));

      assertThat(bodies).hasSize(FILTERS);
      bodies.values().forEach(same -> assertThat(same).containsOnly(same.get(0)));
      assertThat(metric(clientA, LOADS) - beforeA).isEqualTo(FILTERS);
      assertThat(metric(clientB, LOADS) - beforeB).isEqualTo(FILTERS);
    }
  }

  /**
   * Sends CONNECTIONS requests at once, spread over the clients so that each client asks every one
   * of the FILTERS filters equally often.
   */
  private static Map<String, List<String>> storm(List<Client> clients, String path)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    try {
      List<Future<String[]>> replies = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        Client client = clients.get(i % clients.size());
        String filter = "(neq,description,storm-" + (i / clients.size() % FILTERS) + ")";
        replies.add(
            pool.submit(
                () -> {
                  Reply reply = client.get(path + "?filter=" + filter);
                  assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                  return new String[] {filter, reply.body()};
                }));
      }
      Map<String, List<String>> byFilter = new HashMap<>();
      for (Future<String[]> reply : replies) {
        String[] r = reply.get(60, TimeUnit.SECONDS);
        byFilter.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]);
      }
      return byFilter;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String resourcesPath(Client client) {
    String pool = client.get(V1 + "/resourcePools").json().get(0).path("resourcePoolId").asText();
    return V1 + "/resourcePools/" + pool + "/resources";
  }

  private static Gateway gateway(Path data, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("ocloud.id", "5b0c3a38-2f6a-4a57-9d1e-0f8d1f3f2a10");
    return InProcessGateways.start(data, settings);
  }

  private static double metric(Client client, String series) {
    String text = client.get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("metric %s in:%n%s", series, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
