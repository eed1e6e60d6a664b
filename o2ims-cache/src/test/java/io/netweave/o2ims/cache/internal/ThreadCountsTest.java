package io.netweave.o2ims.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadCountsTest {
  @Test
  void sumsTheCountsOfEveryThreadPerCounter() throws Exception {
    ThreadCounts counts = new ThreadCounts(3);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  counts.increment(0);
                  counts.increment(2);
                  counts.increment(2);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    counts.increment(1);

    assertThat(counts.sum(0)).isEqualTo(80_000);
    assertThat(counts.sum(1)).isEqualTo(1);
    assertThat(counts.sum(2)).isEqualTo(160_000);
  }

  @Test
  void keepsTheCountsOfThreadsThatEndedAcrossReads() throws Exception {
    ThreadCounts counts = new ThreadCounts(1);
    for (int round = 1; round <= 3; round++) {
      Thread t = new Thread(() -> counts.increment(0));
      t.start();
      t.join();
      counts.increment(0);
      // The ended thread's array is folded into the shared total by this read; later reads keep it.
      assertThat(counts.sum(0)).isEqualTo(2L * round);
    }
    assertThat(counts.sum(0)).isEqualTo(6);
  }

  @Test
  void aThreadSeesItsOwnCountsAtOnce() {
    ThreadCounts counts = new ThreadCounts(2);
    for (int i = 1; i <= 5; i++) {
      counts.increment(1);
      assertThat(counts.sum(1)).isEqualTo(i);
      assertThat(counts.sum(0)).isZero();
    }
  }
}
