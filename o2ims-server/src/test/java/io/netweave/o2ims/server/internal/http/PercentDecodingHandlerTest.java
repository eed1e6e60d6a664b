package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentDecodingHandlerTest {
  @Test
  void onlyAPercentOrAPlusCallsForDecoding() {
    assertThat(PercentDecodingHandler.hasEscapes("/o2ims/v1/resourcePools")).isFalse();
    assertThat(PercentDecodingHandler.hasEscapes("filter=(eq,name,a);fields=b~1c")).isFalse();
    assertThat(PercentDecodingHandler.hasEscapes("")).isFalse();
    assertThat(PercentDecodingHandler.hasEscapes("a%3Bb")).isTrue();
    assertThat(PercentDecodingHandler.hasEscapes("a+b")).isTrue();
  }

  @Test
  void theFirstMalformedEscapeIsNamedWithAtMostTwoCharactersAfterIt() {
    assertThat(PercentDecodingHandler.firstMalformedEscape("filter=%zz")).isEqualTo("%zz");
    assertThat(PercentDecodingHandler.firstMalformedEscape("a%41%4")).isEqualTo("%4");
    assertThat(PercentDecodingHandler.firstMalformedEscape("(cont,d,100%)")).isEqualTo("%)");
    assertThat(PercentDecodingHandler.firstMalformedEscape("x%")).isEqualTo("%");
    assertThat(PercentDecodingHandler.firstMalformedEscape("%2F%g1")).isEqualTo("%g1");
  }

  @Test
  void theParameterIsTheOneHoldingTheBadEscape() {
    assertThat(PercentDecodingHandler.parameterOf("fields=a%2Fb&filter=(eq,name,%zz)&x=1"))
        .isEqualTo("filter");
    assertThat(PercentDecodingHandler.parameterOf("all_fields&bad%zzname=1"))
        .isEqualTo("bad%zzname");
    assertThat(PercentDecodingHandler.parameterOf("a=%41")).isNull();
  }
}
