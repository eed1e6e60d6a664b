package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.UndertowOptions;
import org.junit.jupiter.api.Test;

/** The listener's entity limit that Undertow's chunked decoder takes, for a body limit. */
class DecoderEntityLimitTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void theDefaultBodyLimitKeepsUndertowsDefault() {
    assertThat(UndertowServer.decoderEntityLimit(MIB))
        .isEqualTo(UndertowOptions.DEFAULT_MAX_ENTITY_SIZE)
        .isEqualTo(2 * MIB);
    assertThat(UndertowServer.decoderEntityLimit(16)).isEqualTo(2 * MIB);
  }

  @Test
  void aLargerBodyLimitGetsTwiceItsSizeForTheFraming() {
    assertThat(UndertowServer.decoderEntityLimit(4 * MIB)).isEqualTo(8 * MIB);
    assertThat(UndertowServer.decoderEntityLimit(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
