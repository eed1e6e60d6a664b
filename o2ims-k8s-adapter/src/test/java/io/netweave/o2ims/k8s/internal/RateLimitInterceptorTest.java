package io.netweave.o2ims.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitInterceptorTest {
  private final AtomicLong now = new AtomicLong();
  private final RateLimitInterceptor limiter = new RateLimitInterceptor(10, 3, now::get);

  @Test
  void burstPassesAtOnceThenRequestsWaitForTheRate() {
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(limiter.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void tokensRefillAtTheRateUpToTheBurst() {
    for (int i = 0; i < 3; i++) {
      limiter.reserve();
    }
    now.addAndGet(TimeUnit.SECONDS.toNanos(10));
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isPositive();
  }
}
