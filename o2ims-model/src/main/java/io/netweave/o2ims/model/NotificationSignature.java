package io.netweave.o2ims.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 signature of a notification delivery, shared by the gateway's notifier (which
 * signs) and the SDK's receiver (which verifies), so that both always agree on the scheme.
 *
 * <h2>Wire format</h2>
 *
 * <p>One request header, {@value #HEADER}, whose value is {@code t=<unix-seconds>,v1=<hex>}:
 *
 * <ul>
 *   <li>{@code t} is the signing time in whole seconds since the Unix epoch (decimal);
 *   <li>{@code v1} is the lowercase hexadecimal HMAC-SHA256, keyed with the subscription's shared
 *       secret (its raw bytes), of the ASCII bytes of {@code t}, one {@code '.'} and then the exact
 *       request body bytes: {@code HMAC(secret, "<t>." + body)}.
 * </ul>
 *
 * <p>A verifier accepts the header when the timestamp is within the allowed clock skew of its own
 * clock (in both directions) and at least one {@code v1} element matches (several {@code v1}
 * elements may be sent while a secret is being rotated; unknown elements such as {@code v2=...} are
 * ignored). Comparison is constant-time. Example: {@code X-O2ims-Signature:
 * t=1764226800,v1=5d41402abc4b2a76b9719d911017c592...}.
 *
 * <p>Instances are immutable and thread-safe; a {@link Mac} is created per call.
 */
public final class NotificationSignature {

  /** The request header carrying the signature. */
  public static final String HEADER = "X-O2ims-Signature";

  /** The HMAC algorithm (JCA name). */
  public static final String ALGORITHM = "HmacSHA256";

  /** The default allowed difference between the signer's and the verifier's clocks. */
  public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);

  private final SecretKeySpec key;

  /**
   * @param secret the shared secret; must not be empty. The array is copied.
   * @throws IllegalArgumentException if the secret is empty
   */
  public NotificationSignature(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the notification signing secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** A signature over a UTF-8 secret string. */
  public static NotificationSignature withSecret(String secret) {
    return new NotificationSignature(secret.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The {@value #HEADER} header value for a body sent at {@code time}.
   *
   * @param time the signing time (truncated to whole seconds)
   * @param body the exact bytes that will be sent
   */
  public String sign(Instant time, byte[] body) {
    long seconds = time.getEpochSecond();
    return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(hmac(seconds, body));
  }

  /**
   * Checks a {@value #HEADER} header value against a received body.
   *
   * @param header the header value as received (may be malformed)
   * @param body the exact received body bytes
   * @param now the verifier's current time
   * @param maxSkew how far the signing time may be from {@code now}, either way
   * @return the outcome; never throws for bad input
   */
  public Verification verify(String header, byte[] body, Instant now, Duration maxSkew) {
    if (header == null || header.isBlank()) {
      return Verification.MISSING;
    }
    Long seconds = null;
    List<String> candidates = new ArrayList<>(2);
    for (String element : header.split(",")) {
      int eq = element.indexOf('=');
      if (eq <= 0) {
        return Verification.MALFORMED;
      }
      String name = element.substring(0, eq).trim();
      String value = element.substring(eq + 1).trim();
      if (name.equals("t")) {
        if (seconds != null || !value.matches("[0-9]{1,18}")) {
          return Verification.MALFORMED;
        }
        seconds = Long.parseLong(value);
      } else if (name.equals("v1")) {
        candidates.add(value);
      }
    }
    if (seconds == null || candidates.isEmpty()) {
      return Verification.MALFORMED;
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
    if (skew.compareTo(maxSkew) > 0) {
      return Verification.STALE;
    }
    byte[] expected = hmac(seconds, body);
    boolean match = false;
    for (String candidate : candidates) {
      byte[] given;
      try {
        given = HexFormat.of().parseHex(candidate.toLowerCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return Verification.MALFORMED;
      }
      match |= MessageDigest.isEqual(expected, given);
    }
    return match ? Verification.VALID : Verification.MISMATCH;
  }

  private byte[] hmac(long seconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  /** The outcome of {@link #verify}. */
  public enum Verification {
    /** The signature matches and the timestamp is fresh. */
    VALID,
    /** No header was sent. */
    MISSING,
    /** The header is not {@code t=<seconds>,v1=<hex>}. */
    MALFORMED,
    /** The timestamp is further from the verifier's clock than the allowed skew. */
    STALE,
    /** No {@code v1} value matches: wrong secret or altered body. */
    MISMATCH;

    /** Whether the notification may be trusted. */
    public boolean valid() {
      return this == VALID;
    }
  }
}
