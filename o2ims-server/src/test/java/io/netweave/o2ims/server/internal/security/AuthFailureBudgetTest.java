package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.tls.MutableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthFailureBudgetTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:10Z"));

  @Test
  void anAddressPastItsBudgetIsBlockedUntilTheMinuteEnds() {
    AuthFailureBudget budget = new AuthFailureBudget(3, clock);
    assertThat(budget.isEmpty()).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(budget.blockedSeconds("10.0.0.1")).isZero();
      budget.fail("10.0.0.1");
    }
    assertThat(budget.isEmpty()).isFalse();
    assertThat(budget.blockedSeconds("10.0.0.1")).isEqualTo(50);
    assertThat(budget.blockedSeconds("10.0.0.2")).isZero();

    clock.advance(Duration.ofSeconds(50));
    assertThat(budget.blockedSeconds("10.0.0.1")).isZero();
  }

  @Test
  void refusalsAreLoggedFirstThenSampled() {
    AuthFailureBudget budget = new AuthFailureBudget(1000, clock);
    int logged = 0;
    for (int i = 0; i < 300; i++) {
      if (budget.fail("10.0.0.1").logged()) {
        logged++;
      }
    }
    assertThat(logged).isEqualTo(AuthFailureBudget.LOGGED_PER_WINDOW + 3);
  }

  @Test
  void anIpv4AddressIsItsOwnClientAndAnIpv6AddressItsSlash64() throws Exception {
    assertThat(AuthFailureBudget.clientOf(InetAddress.getByName("192.0.2.7")))
        .isEqualTo("192.0.2.7");
    assertThat(AuthFailureBudget.clientOf(InetAddress.getByName("2001:db8:1:2:aaaa::1")))
        .isEqualTo(AuthFailureBudget.clientOf(InetAddress.getByName("2001:db8:1:2::ffff")))
        .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(AuthFailureBudget.clientOf(InetAddress.getByName("2001:db8:1:3::1")))
        .isEqualTo("2001:db8:1:3:0:0:0:0/64");
    // an IPv4-mapped IPv6 address is the IPv4 address (the JDK parses it as one)
    assertThat(AuthFailureBudget.clientOf(InetAddress.getByName("::ffff:192.0.2.7")))
        .isEqualTo("192.0.2.7");
  }
}
