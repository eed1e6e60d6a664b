package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLimitsHandlerTest {

  @Test
  void wellFormedPercentEncodedUtf8IsAccepted() {
    assertThat(RequestLimitsHandler.validUtf8("/pools/%C3%A9t%C3%A9?x=(eq,name,a%20b)")).isTrue();
    assertThat(RequestLimitsHandler.validUtf8("")).isTrue();
  }

  @Test
  void overlongMalformedOrTruncatedEscapesAreRejected() {
    assertThat(RequestLimitsHandler.validUtf8("%ff")).isFalse();
    assertThat(RequestLimitsHandler.validUtf8("%c0%af")).isFalse();
    assertThat(RequestLimitsHandler.validUtf8("%c3")).isFalse();
    assertThat(RequestLimitsHandler.validUtf8("abc%4")).isFalse();
    assertThat(RequestLimitsHandler.validUtf8("%zz")).isFalse();
  }
}
