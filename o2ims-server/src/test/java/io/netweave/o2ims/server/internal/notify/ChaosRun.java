package io.netweave.o2ims.server.internal.notify;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hand-run chaos run ({@link Chaos}), bounded in time: for {@code -Dchaos.seconds} (default
 * 40), 4 s after each fault is over a replica chosen at random is killed with kill -9 and
 * restarted; the Redis master is killed once after a third of the time, the emulator restarted once
 * after two thirds. Prints the figures and writes them to {@code target/chaos-run.txt}.
 *
 * <p>Not part of the suite (the name does not end in IT, so Failsafe runs it only when named; the
 * suite runs the short {@link ChaosIT}): {@code bench/chaos.sh [SECONDS]}.
 */
class ChaosRun {
  @Test
  void nothingIsLostWhateverDies() throws Exception {
    long seconds = Long.getLong("chaos.seconds", 40);
    Random random = new Random(14);
    // A change every 60 ms; the slow callback (150 ms) falls behind and catches up at the end.
    try (Chaos chaos = new Chaos(Duration.ofMillis(60), Duration.ofMillis(150))) {
      chaos.startTraffic();
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      boolean redisKilled = false;
      boolean emulatorRestarted = false;
      while (System.nanoTime() < end) {
        new CountDownLatch(1).await(4, TimeUnit.SECONDS);
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        if (!redisKilled && elapsed > seconds / 3) {
          chaos.failOverRedis();
          redisKilled = true;
        } else if (!emulatorRestarted && elapsed > 2 * seconds / 3) {
          chaos.restartEmulator();
          emulatorRestarted = true;
        }
        chaos.killAndRestart(random.nextInt(3));
      }
      if (!redisKilled) {
        chaos.failOverRedis();
      }
      if (!emulatorRestarted) {
        chaos.restartEmulator();
      }
      chaos.finish(seconds + " s", Duration.ofSeconds(180 + 2 * seconds)).assertNothingLost();
    }
  }
}
