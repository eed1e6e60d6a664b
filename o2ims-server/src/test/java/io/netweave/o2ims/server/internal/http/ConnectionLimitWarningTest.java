package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimitWarningTest {
  @Test
  void aConnectionLimitThatLeavesTheProcessTooFewDescriptorsIsWarnedAbout() {
    assertThat(UndertowServer.connectionLimitWarning(10_000, 1_048_576)).isEmpty();
    assertThat(UndertowServer.connectionLimitWarning(10_000, 20_000)).isEmpty();
    assertThat(UndertowServer.connectionLimitWarning(10_000, 1_024))
        .hasValueSatisfying(
            warning ->
                assertThat(warning)
                    .contains("server.max_connections is 10000")
                    .contains("only 1024 files (ulimit -n)")
                    .contains("at most 922"));
    assertThat(UndertowServer.connectionLimitWarning(18_001, 20_000)).isPresent();
  }
}
