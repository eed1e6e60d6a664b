package io.netweave.o2ims.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadStripedCounterTest {
  @Test
  void sumIsExactAfterManyThreadsAddAtOnce() throws Exception {
    ThreadStripedCounter counter = new ThreadStripedCounter();
    int threads = 24; // more threads than stripes: some share one
    int adds = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long delta = t % 3 == 0 ? -1 : 2;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < adds; i++) {
                  counter.add(delta);
                }
              });
      thread.start();
      started.add(thread);
    }
    start.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    long expected = 0;
    for (int t = 0; t < threads; t++) {
      expected += (t % 3 == 0 ? -1L : 2L) * adds;
    }
    assertThat(counter.sum()).isEqualTo(expected);
  }

  @Test
  void incrementsOfOneThreadAreSeenByAnother() throws Exception {
    ThreadStripedCounter counter = new ThreadStripedCounter();
    Thread adder =
        new Thread(
            () -> {
              for (int i = 0; i < 1000; i++) {
                counter.increment();
              }
            });
    adder.start();
    adder.join();
    counter.increment();
    assertThat(counter.sum()).isEqualTo(1001);
  }
}
