package io.netweave.o2ims.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 5,000-node cluster behind the gateway: the gateway syncs it, and an SMO pages through every
 * resource of the largest pool (page size 1,000) and sees each node exactly once.
 */
class LargeClusterGatewayIT {
  private static final int NODES = 5_000;

  @TempDir Path dataDir;

  @Test
  void fiveThousandNodesAreSyncedListedAndPaged() {
    try (KubeApiEmulator emulator = new KubeApiEmulator().start()) {
      emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
      for (int i = 0; i < NODES; i++) {
        emulator.create(
            EmulatedKind.NODE,
            NodeFixtures.node(
                String.format("node-%05d", i), i < 4_000 ? "zone-big" : "zone-small", "4", "16Gi"));
      }
      Gateway gateway =
          InProcessGateways.start(
              dataDir,
              Map.of(
                  "backend", "kubernetes",
                  "kubernetes.api_url", emulator.url(),
                  "server.page_size", "1000"));
      AtomicInteger requests = new AtomicInteger();
      Interceptor counting =
          chain -> {
            requests.incrementAndGet();
            return chain.proceed(chain.request());
          };
      try (gateway;
          O2imsClient client =
              O2imsClient.builder()
                  .baseUrl(GatewayHttp.base(gateway))
                  .addInterceptor(counting)
                  .build()) {
        // Reads answer 503 until the 5,000 nodes have synced (how long depends on the machine).
        await()
            .atMost(Duration.ofSeconds(180))
            .ignoreExceptionsInstanceOf(O2imsApiException.class)
            .until(() -> client.resourcePools().list().count() == 2);
        ResourcePool big =
            client
                .resourcePools()
                .list()
                .filter(p -> p.name().equals("zone-big"))
                .findFirst()
                .orElseThrow();
        await()
            .atMost(Duration.ofSeconds(180))
            .until(() -> client.resources(big.resourcePoolId()).list().count() == 4_000);

        requests.set(0);
        List<Resource> all = client.resources(big.resourcePoolId()).list().toList();
        assertThat(requests.get()).isEqualTo(4);
        Set<UUID> ids = new HashSet<>();
        all.forEach(r -> ids.add(r.resourceId()));
        assertThat(ids).hasSize(4_000);
        assertThat(client.deploymentManagers().list().toList())
            .singleElement()
            .satisfies(
                dm -> assertThat(dm.capacity()).containsEntry("nodes", Integer.toString(NODES)));
      }
    }
  }
}
