package io.netweave.o2ims.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.cache.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final FakeTicker ticker = new FakeTicker();
  private final CircuitBreaker breaker = new CircuitBreaker(ticker, 3, Duration.ofSeconds(5));

  @Test
  void staysClosedBelowTheThreshold() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();

    assertThat(breaker.allowRequest()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void opensAfterConsecutiveFailuresAndRefusesUntilTheBackOffHasPassed() {
    failThreeTimes();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.allowRequest()).isFalse();
    ticker.advance(Duration.ofSeconds(4));
    assertThat(breaker.allowRequest()).isFalse();
  }

  @Test
  void letsOneProbeThroughAfterTheBackOff() {
    failThreeTimes();
    ticker.advance(Duration.ofSeconds(5));

    assertThat(breaker.allowRequest()).isTrue();
    assertThat(breaker.allowRequest()).isFalse();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
  }

  @Test
  void successfulProbeClosesAndReportsRecovery() {
    failThreeTimes();
    ticker.advance(Duration.ofSeconds(5));
    breaker.allowRequest();

    assertThat(breaker.onSuccess()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.allowRequest()).isTrue();
    assertThat(breaker.onSuccess()).isFalse();
  }

  @Test
  void failedProbeOpensAgainForAnotherBackOff() {
    failThreeTimes();
    ticker.advance(Duration.ofSeconds(5));
    breaker.allowRequest();

    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    ticker.advance(Duration.ofSeconds(4));
    assertThat(breaker.allowRequest()).isFalse();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(breaker.allowRequest()).isTrue();
  }

  @Test
  void probeThatNeverReportsIsReplacedAfterAnotherBackOff() {
    failThreeTimes();
    ticker.advance(Duration.ofSeconds(5));
    assertThat(breaker.allowRequest()).isTrue();

    ticker.advance(Duration.ofSeconds(5));

    assertThat(breaker.allowRequest()).isTrue();
  }

  private void failThreeTimes() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onFailure();
  }
}
