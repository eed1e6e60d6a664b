package io.netweave.o2ims.server.internal.notify;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run of the suite ({@link Chaos}): a fixed plan rather than a clock, so a loaded
 * machine makes it slower, never different. While nodes change and reads go on, each of the three
 * replicas is killed with kill -9 once and restarted (so the producer is killed, whichever it is),
 * the Redis master is killed after the first, the emulator restarted after the second. The same
 * checks as the hand-run {@link ChaosRun}: every change reached every subscription once and in
 * order (redeliveries of the same notification only), no acknowledged subscription missing, no 5xx
 * read.
 */
class ChaosIT {
  @Test
  void nothingIsLostWhenEachReplicaTheRedisMasterAndTheApiServerDie() throws Exception {
    // A change every 200 ms and a slow callback (100 ms) that keeps up: the queues drain at the end
    // in a time that does not grow with how long a loaded machine took.
    try (Chaos chaos = new Chaos(Duration.ofMillis(200), Duration.ofMillis(100))) {
      chaos.startTraffic();
      for (int replica = 0; replica < 3; replica++) {
        // Let changes flow between faults (a pause, not a timed assertion).
        new CountDownLatch(1).await(2, TimeUnit.SECONDS);
        chaos.killAndRestart(replica);
        if (replica == 0) {
          chaos.failOverRedis();
        } else if (replica == 1) {
          chaos.restartEmulator();
        }
      }
      chaos.finish("short plan", Duration.ofSeconds(180)).assertNothingLost();
    }
  }
}
