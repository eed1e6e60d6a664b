package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class AuthFailureBudgetTest {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-03-01T12:00:10Z"), ZoneOffset.UTC);

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

    clock.add(Duration.ofSeconds(50));
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

  @Test
  void aFullTableNeverForgetsABlockedClientBeforeItsBlockEnds() {
    AuthFailureBudget budget = new AuthFailureBudget(2, clock, 3);
    budget.fail("10.0.0.1");
    budget.fail("10.0.0.1");
    assertThat(budget.blockedSeconds("10.0.0.1")).isEqualTo(50);

    // Many more clients than the table holds, each failing once (not blocked).
    for (int i = 0; i < 1000; i++) {
      budget.fail("10.1." + (i / 256) + "." + (i % 256));
    }
    assertThat(budget.blockedSeconds("10.0.0.1")).isEqualTo(50);
    assertThat(budget.size()).isLessThanOrEqualTo(2 * 3);

    clock.add(Duration.ofSeconds(50));
    assertThat(budget.blockedSeconds("10.0.0.1")).isZero();
    assertThat(budget.size()).isZero();
  }

  @Test
  void onceTheTableHoldsOnlyBlockedClientsNewClientsAreCountedTogetherButNeverRefused() {
    AuthFailureBudget budget = new AuthFailureBudget(2, clock, 2);
    for (String blocked : new String[] {"10.0.0.1", "10.0.0.2"}) {
      budget.fail(blocked);
      budget.fail(blocked);
    }
    // A flood of new clients: none displaces the two blocked ones.
    assertThat(budget.fail("10.0.0.3").count()).isEqualTo(1);
    assertThat(budget.blockedSeconds("10.0.0.3")).isZero();
    assertThat(budget.fail("10.0.0.4").count()).isEqualTo(2); // the shared overflow window
    for (int i = 0; i < 500; i++) {
      budget.fail("10.2." + (i / 256) + "." + (i % 256));
    }
    assertThat(budget.blockedSeconds("10.0.0.1")).isEqualTo(50);
    assertThat(budget.blockedSeconds("10.0.0.2")).isEqualTo(50);
    // Past the overflow window's budget: a client the table does not hold is still not refused
    // (its token is checked), so a flood of blocked addresses locks out no one else.
    assertThat(budget.blockedSeconds("10.0.0.3")).isZero();
    assertThat(budget.blockedSeconds("192.0.2.99")).isZero();
    assertThat(budget.size()).isEqualTo(2);

    clock.add(Duration.ofSeconds(50));
    assertThat(budget.blockedSeconds("10.0.0.1")).isZero();
    assertThat(budget.blockedSeconds("192.0.2.99")).isZero();
    assertThat(budget.fail("192.0.2.99").count()).isEqualTo(1);
    assertThat(budget.size()).isEqualTo(1);
  }

  @Test
  void aClientThatIsNotBlockedMayBeEvictedButTheTableStaysBounded() {
    AuthFailureBudget budget = new AuthFailureBudget(5, clock, 4);
    for (int i = 0; i < 200; i++) {
      budget.fail("10.3.0." + i);
      assertThat(budget.size()).isLessThanOrEqualTo(2 * 4);
    }
    assertThat(budget.isEmpty()).isFalse();
  }
}
