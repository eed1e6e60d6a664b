package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class LocalRateLimiterTest {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private final RateLimitSettings settings =
      new RateLimitSettings(
          true,
          false,
          RateLimitSettings.Limit.perMinute(3),
          RateLimitSettings.Limit.perMinute(1),
          RateLimitSettings.Limit.perMinute(1));

  private RateLimiter.Decision take(LocalRateLimiter limiter, String client, EndpointClass c) {
    return limiter.tryAcquire(client, c).toCompletableFuture().join();
  }

  @Test
  void burstBeyondTheCapacityIsRefusedWithTheTimeToWait() {
    try (LocalRateLimiter limiter = new LocalRateLimiter(settings, clock)) {
      for (int i = 0; i < 3; i++) {
        assertThat(take(limiter, "a", EndpointClass.READ).allowed()).isTrue();
      }
      RateLimiter.Decision refused = take(limiter, "a", EndpointClass.READ);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }
  }

  @Test
  void clientsAndEndpointClassesHaveSeparateBudgets() {
    try (LocalRateLimiter limiter = new LocalRateLimiter(settings, clock)) {
      assertThat(take(limiter, "a", EndpointClass.WRITE).allowed()).isTrue();
      assertThat(take(limiter, "a", EndpointClass.WRITE).allowed()).isFalse();
      assertThat(take(limiter, "b", EndpointClass.WRITE).allowed()).isTrue();
      assertThat(take(limiter, "a", EndpointClass.READ).allowed()).isTrue();
    }
  }

  @Test
  void budgetRefillsAsTimePasses() {
    try (LocalRateLimiter limiter = new LocalRateLimiter(settings, clock)) {
      assertThat(take(limiter, "a", EndpointClass.WRITE).allowed()).isTrue();
      assertThat(take(limiter, "a", EndpointClass.WRITE).allowed()).isFalse();
      clock.add(Duration.ofMinutes(1));
      assertThat(take(limiter, "a", EndpointClass.WRITE).allowed()).isTrue();
    }
  }
}
