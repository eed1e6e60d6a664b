package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The once-a-minute gate of {@link RateLimitHandler}'s "rate limiter unavailable" warning. */
class OncePerPeriodTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void theFirstCallThenTheFirstAfterEachPeriodAreLetThrough() {
    OncePerPeriod gate = new OncePerPeriod(Duration.ofMinutes(1));
    assertThat(gate.due(T0)).isTrue();
    assertThat(gate.due(T0)).isFalse();
    assertThat(gate.due(T0.plusSeconds(59))).isFalse();
    assertThat(gate.due(T0.plusSeconds(60))).isTrue();
    assertThat(gate.due(T0.plusSeconds(61))).isFalse();
    assertThat(gate.due(T0.plusSeconds(200))).isTrue();
  }

  /**
   * Many threads at one boundary: exactly one is let through per boundary. With a read and then a
   * write (the handler's earlier volatile field), two threads could both read the old time and both
   * warn.
   */
  @Test
  void manyThreadsAtABoundaryLetExactlyOneThrough() throws Exception {
    int threads = 4;
    int boundaries = 20_000;
    OncePerPeriod gate = new OncePerPeriod(Duration.ofMinutes(1));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // all threads reach each boundary together
      CyclicBarrier together = new CyclicBarrier(threads);
      List<Future<List<Integer>>> passed = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        passed.add(
            pool.submit(
                () -> {
                  List<Integer> mine = new ArrayList<>();
                  for (int b = 0; b < boundaries; b++) {
                    together.await();
                    if (gate.due(T0.plus(Duration.ofMinutes(b)))) {
                      mine.add(b);
                    }
                  }
                  return mine;
                }));
      }
      List<Integer> all = new ArrayList<>();
      for (Future<List<Integer>> f : passed) {
        all.addAll(f.get());
      }
      // every boundary was let through exactly once
      assertThat(all).hasSize(boundaries).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }
}
