package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RateLimitHandlerTest {
  @Test
  void theWarningCarriesTheMessageChainWithoutTheCompletionWrapper() {
    Throwable failure =
        new CompletionException(
            new RedisConnectionException(
                "Unable to connect to 127.0.0.1:6379",
                new ConnectException("Connection refused: /127.0.0.1:6379")));

    assertThat(RateLimitHandler.causes(failure))
        .isEqualTo(
            "io.lettuce.core.RedisConnectionException: Unable to connect to 127.0.0.1:6379;"
                + " caused by java.net.ConnectException: Connection refused: /127.0.0.1:6379");
  }

  @Test
  void aCauseTheMessageAlreadyQuotesIsNotRepeated() {
    ConnectException refused = new ConnectException("Connection refused");
    Throwable failure = new IllegalStateException(refused.toString(), refused);

    assertThat(RateLimitHandler.causes(failure))
        .isEqualTo(
            "java.lang.IllegalStateException: java.net.ConnectException: Connection refused");
  }
}
