package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Requests refused for want of the store: one WARN, then at most one a minute with a count. */
class StoreRefusalLogTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final StoreRefusalLog log = new StoreRefusalLog(Duration.ofMinutes(1), nanos::get);

  private void after(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void theFirstRefusalWarnsThenOneAMinuteCountingTheOthers() {
    assertThat(log.refused()).isZero(); // WARN, nothing before it
    for (int second = 1; second < 60; second++) {
      after(Duration.ofSeconds(1));
      assertThat(log.refused()).as("second %d", second).isEqualTo(-1); // DEBUG
    }
    after(Duration.ofSeconds(1));
    assertThat(log.refused()).isEqualTo(59); // WARN: 59 refusals since the first
    after(Duration.ofMillis(10));
    assertThat(log.refused()).isEqualTo(-1);
    // A refusal long after the last: a WARN again, counting the one in between.
    after(Duration.ofHours(2));
    assertThat(log.refused()).isEqualTo(1);
    after(Duration.ofMinutes(1));
    assertThat(log.refused()).isZero();
  }
}
