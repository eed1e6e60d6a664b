package io.netweave.o2ims.server.internal.notify.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The notification signature the client SDK verifies: header {@value #HEADER} with value {@code
 * t=<unix-seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>." + body)>}. Immutable, thread-safe
 * (a {@link Mac} per call).
 */
final class CallbackSigner {
  static final String HEADER = "X-O2ims-Signature";

  private final SecretKeySpec key;

  CallbackSigner(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the callback hmac_secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  String sign(Instant time, byte[] body) {
    long seconds = time.getEpochSecond();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
      return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }
}
