package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.NotificationSignature.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationSignatureTest {
  static final Instant NOW = Instant.parse("2026-11-27T07:00:00Z");
  static final Duration SKEW = NotificationSignature.DEFAULT_MAX_SKEW;
  final NotificationSignature signer = NotificationSignature.withSecret("s3cret");
  final byte[] body = "{\"notificationEventType\":0}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aSignatureMadeByTheSignerVerifies() {
    String header = signer.sign(NOW, body);
    assertThat(header).matches("t=1795762800,v1=[0-9a-f]{64}");
    assertThat(signer.verify(header, body, NOW.plusSeconds(10), SKEW))
        .isEqualTo(Verification.VALID);
  }

  @Test
  void anAlteredBodyOrAnotherSecretIsAMismatch() {
    String header = signer.sign(NOW, body);
    byte[] altered = "{\"notificationEventType\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(signer.verify(header, altered, NOW, SKEW)).isEqualTo(Verification.MISMATCH);
    assertThat(NotificationSignature.withSecret("other").verify(header, body, NOW, SKEW))
        .isEqualTo(Verification.MISMATCH);
  }

  @Test
  void aTimestampOutsideTheSkewIsStaleEitherWay() {
    String header = signer.sign(NOW, body);
    assertThat(signer.verify(header, body, NOW.plus(SKEW).plusSeconds(1), SKEW))
        .isEqualTo(Verification.STALE);
    assertThat(signer.verify(header, body, NOW.minus(SKEW).minusSeconds(1), SKEW))
        .isEqualTo(Verification.STALE);
  }

  @Test
  void malformedHeadersNeverThrow() {
    assertThat(signer.verify(null, body, NOW, SKEW)).isEqualTo(Verification.MISSING);
    assertThat(signer.verify(" ", body, NOW, SKEW)).isEqualTo(Verification.MISSING);
    for (String bad :
        new String[] {
          "v1=00", "t=abc,v1=00", "t=1,t=2,v1=00", "t=1795762800", "t=1795762800,v1=xyz", ",,"
        }) {
      assertThat(signer.verify(bad, body, NOW, SKEW)).as(bad).isEqualTo(Verification.MALFORMED);
    }
  }
}
