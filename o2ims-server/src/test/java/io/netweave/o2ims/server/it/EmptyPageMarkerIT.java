package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An empty {@code nextpage_opaque_marker=} (or a bare {@code nextpage_opaque_marker}) is a 400 on
 * every list path, on the demo and Kubernetes backends, with the cache off, in process only and
 * with the Redis tier, whether the first page is in the cache (warm) or not (cold). It used to be
 * answered 200 from a warm cache, because it shared the first page's cache key.
 */
class EmptyPageMarkerIT {
  private static KubeApiEmulator emulator;
  private static RedisServerProcess redis;
  @TempDir Path dataDir;

  @BeforeAll
  static void startBackends() {
    emulator = new KubeApiEmulator().start();
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopBackends() {
    emulator.close();
    redis.close();
  }

  @ParameterizedTest(name = "{0} backend, cache {1}")
  @CsvSource({
    "demo, off",
    "demo, local",
    "demo, redis",
    "kubernetes, off",
    "kubernetes, local",
    "kubernetes, redis"
  })
  void anEmptyMarkerIsABadRequestOnEveryListPathWarmOrCold(String backend, String cache) {
    Map<String, String> settings = new HashMap<>();
    settings.put("backend", backend);
    if (backend.equals("kubernetes")) {
      settings.put("kubernetes.api_url", emulator.url());
    }
    settings.put("cache.enabled", Boolean.toString(!cache.equals("off")));
    if (cache.equals("redis")) {
      settings.put("redis.url", redis.uri());
      settings.put("redis.key_prefix", "marker-" + backend + ":");
    }
    try (Gateway gateway = InProcessGateways.start(dataDir, settings)) {
      Client client = new Client(GatewayHttp.base(gateway));
      await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/readyz").status() == 200);
      String pool = client.get(V1 + "/resourcePools").json().get(0).path("resourcePoolId").asText();
      List<String> lists =
          List.of(
              V1 + "/resourcePools",
              V1 + "/resourcePools/" + pool + "/resources",
              V1 + "/resourceTypes",
              V1 + "/deploymentManagers",
              V1 + "/subscriptions");
      for (String path : lists) {
        for (String marker : List.of("nextpage_opaque_marker=", "nextpage_opaque_marker")) {
          Reply cold = client.get(path + "?" + marker);
          assertThat(cold.status()).as("cold %s?%s: %s", path, marker, cold.body()).isEqualTo(400);
          assertThat(client.get(path).status()).as(path).isEqualTo(200);
          assertThat(client.get(path).status()).as(path).isEqualTo(200);
          Reply warm = client.get(path + "?" + marker);
          assertThat(warm.status()).as("warm %s?%s: %s", path, marker, warm.body()).isEqualTo(400);
          assertThat(warm.body()).contains("nextpage_opaque_marker");
        }
      }
    }
  }
}
