package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written IPv4 check of {@link BrowserGuardHandler} (it runs on every request whose host
 * is not a configured name) decides exactly as the regular expression it replaced.
 */
class BrowserGuardIpLiteralTest {
  private static final Pattern REPLACED =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");

  @Test
  void ipv4CheckAgreesWithTheRegularExpressionOnEveryPartAndShape() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i <= 999; i++) {
      parts.add(Integer.toString(i));
    }
    for (String p : List.of("00", "01", "09", "000", "001", "010", "099", "0000", "1000", "2555")) {
      parts.add(p);
    }
    int checked = 0;
    for (String part : parts) {
      for (String host :
          List.of(
              part + ".1.2.3",
              "1." + part + ".2.3",
              "1.2." + part + ".3",
              "1.2.3." + part,
              part,
              part + "." + part + "." + part + "." + part)) {
        assertThat(BrowserGuardHandler.isIpv4(host))
            .as(host)
            .isEqualTo(REPLACED.matcher(host).matches());
        checked++;
      }
    }
    for (String host :
        List.of(
            "",
            ".",
            "1.2.3",
            "1.2.3.4.",
            ".1.2.3.4",
            "1..2.3",
            "1.2.3.4.5",
            "a.b.c.d",
            "1.2.3.4a",
            "localhost",
            "127.0.0.1",
            "255.255.255.255",
            "256.1.1.1",
            "1.2.3.-4",
            "１.2.3.4")) {
      assertThat(BrowserGuardHandler.isIpv4(host))
          .as(host)
          .isEqualTo(REPLACED.matcher(host).matches());
      checked++;
    }
    assertThat(checked).isGreaterThan(6000);
  }

  @Test
  void bracketedHostsAreIpv6Literals() {
    assertThat(BrowserGuardHandler.isIpLiteral("[::1]")).isTrue();
    assertThat(BrowserGuardHandler.isIpLiteral("example.com")).isFalse();
  }
}
