package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTokenTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final Instant now = Instant.parse("2026-12-06T05:00:00Z");

  @Test
  void aTokenIsReplacedRefreshBeforeAheadOfItsExpiry() throws Exception {
    AccessToken token =
        AccessToken.parse(
            mapper.readTree("{\"access_token\":\"t\",\"expires_in\":3600}"),
            now,
            Duration.ofSeconds(30));
    assertThat(token.value()).isEqualTo("t");
    assertThat(token.usableAt(now.plusSeconds(3569))).isTrue();
    assertThat(token.usableAt(now.plusSeconds(3570))).isFalse();
  }

  @Test
  void aTokenWithoutExpiresInLivesTheDefaultLifetime() throws Exception {
    AccessToken token =
        AccessToken.parse(
            mapper.readTree("{\"access_token\":\"t\"}"), now, AccessToken.DEFAULT_REFRESH_BEFORE);
    assertThat(token.refreshAt())
        .isEqualTo(
            now.plus(AccessToken.DEFAULT_LIFETIME).minus(AccessToken.DEFAULT_REFRESH_BEFORE));
  }

  @Test
  void anAnswerWithoutATokenIsRefused() {
    assertThatThrownBy(
            () -> AccessToken.parse(mapper.readTree("{\"error\":\"x\"}"), now, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("access_token");
  }

  @Test
  void theRequestFormAsksForClientCredentialsAndJoinsScopes() {
    assertThat(AccessToken.requestForm(List.of()))
        .isEqualTo(Map.of("grant_type", "client_credentials"));
    assertThat(AccessToken.requestForm(List.of("a", "b")))
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("scope", "a b");
  }
}
