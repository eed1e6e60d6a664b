package io.netweave.o2ims.k8s.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leases with resourceVersion conflicts make leader election testable: two LeaderElectors of
 * client-java-extended elect exactly one leader, and the other takes over when it stops.
 */
class LeaseLeaderElectionIT {
  private final KubeApiEmulator emulator = new KubeApiEmulator().start();
  private final Set<String> leaders = ConcurrentHashMap.newKeySet();
  private final AtomicInteger mostLeadersAtOnce = new AtomicInteger();
  private LeaderElector first;
  private LeaderElector second;

  @AfterEach
  void stop() {
    for (LeaderElector e : new LeaderElector[] {first, second}) {
      if (e != null) {
        e.close();
      }
    }
    emulator.close();
  }

  private LeaderElector elector(String identity) {
    ApiClient client = new ClientBuilder().setBasePath(emulator.url()).build();
    LeaseLock lock = new LeaseLock("default", "netweave-notifier", identity, client);
    LeaderElector elector =
        new LeaderElector(
            new LeaderElectionConfig(
                lock, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200)));
    Thread t =
        new Thread(
            () ->
                elector.run(
                    () -> {
                      leaders.add(identity);
                      mostLeadersAtOnce.accumulateAndGet(leaders.size(), Math::max);
                    },
                    () -> leaders.remove(identity)),
            "elector-" + identity);
    t.setDaemon(true);
    t.start();
    return elector;
  }

  @Test
  void twoElectorsElectExactlyOneLeaderAndTheOtherTakesOver() {
    first = elector("replica-1");
    second = elector("replica-2");
    await().atMost(Duration.ofSeconds(30)).until(() -> leaders.size() == 1);
    String leader = leaders.iterator().next();
    String holder =
        emulator
            .get(EmulatedKind.LEASE, "default", "netweave-notifier")
            .path("spec")
            .path("holderIdentity")
            .asText();
    assertThat(holder).isEqualTo(leader);
    assertThat(emulator.requestCount("update") + emulator.requestCount("create")).isPositive();
    assertThat(mostLeadersAtOnce).hasValue(1);

    LeaderElector leaving = leader.equals("replica-1") ? first : second;
    leaving.close();
    String follower =
        List.of("replica-1", "replica-2").stream()
            .filter(i -> !i.equals(leader))
            .findFirst()
            .orElseThrow();
    // The leaving elector's "stopped leading" callback runs on its own thread, possibly after the
    // follower acquired the released lease; what matters is who holds the lease.
    await().atMost(Duration.ofSeconds(30)).until(() -> leaders.equals(Set.of(follower)));
    assertThat(
            emulator
                .get(EmulatedKind.LEASE, "default", "netweave-notifier")
                .path("spec")
                .path("holderIdentity")
                .asText())
        .isEqualTo(follower);
  }
}
