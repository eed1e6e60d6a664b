package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void defaultsDoubleFromOneSecondUpToFiveMinutesOverTenAttempts() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertThat(p.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.delayAfter(5, 0.5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(p.delayAfter(9, 0.5)).isEqualTo(Duration.ofSeconds(256));
    assertThat(p.delayAfter(10, 0.5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.delayAfter(40, 0.5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.exhausted(9)).isFalse();
    assertThat(p.exhausted(10)).isTrue();
  }

  @Test
  void jitterSpreadsTheDelayWithinItsFractionAndNeverPastTheCeiling() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertThat(p.delayAfter(1, 0.0)).isEqualTo(Duration.ofMillis(800));
    assertThat(p.delayAfter(1, 0.999999)).isEqualTo(Duration.ofMillis(1200));
    assertThat(p.delayAfter(12, 0.999999)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.delayAfter(12, 0.0)).isEqualTo(Duration.ofMinutes(4));
  }

  @Test
  void impossibleSettingsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2), 0))
        .hasMessageContaining("max_attempts");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(2), 0))
        .hasMessageContaining("retry_max_delay");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2), 1))
        .hasMessageContaining("retry_jitter");
  }
}
