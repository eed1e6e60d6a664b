package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How bearer JWTs are checked ({@code auth.*}).
 *
 * @param issuer the exact {@code iss} required ({@code auth.issuer})
 * @param audiences accepted {@code aud} values, at least one must be in the token ({@code
 *     auth.audience})
 * @param clockSkew tolerance on {@code exp} and {@code nbf} ({@code auth.clock_skew}, default 60s)
 * @param algorithms accepted signature algorithms ({@code auth.algorithms}); RSA, RSA-PSS or ECDSA
 *     only
 * @param requireCertificateBinding require RFC 8705 {@code cnf.x5t#S256} matching the TLS client
 *     certificate ({@code auth.certificate_bound_tokens})
 * @param maxTokenBytes longer tokens are refused unparsed ({@code auth.max_token_bytes})
 * @param maxLifetime the longest accepted span from {@code iat} (or from now, without one) to
 *     {@code exp} ({@code auth.max_token_lifetime}); an {@code iat} in the future beyond the clock
 *     skew is refused too
 */
public record JwtSettings(
    String issuer,
    List<String> audiences,
    Duration clockSkew,
    Set<JWSAlgorithm> algorithms,
    boolean requireCertificateBinding,
    int maxTokenBytes,
    Duration maxLifetime) {

  public static final int DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

  /** Settings with the default token size and lifetime limits. */
  public JwtSettings(
      String issuer,
      List<String> audiences,
      Duration clockSkew,
      Set<JWSAlgorithm> algorithms,
      boolean requireCertificateBinding) {
    this(
        issuer,
        audiences,
        clockSkew,
        algorithms,
        requireCertificateBinding,
        DEFAULT_MAX_TOKEN_BYTES,
        DEFAULT_MAX_LIFETIME);
  }

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** RSA, RSA-PSS and ECDSA; never HMAC (a public key must not become a shared secret). */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  public JwtSettings {
    Objects.requireNonNull(issuer, "issuer");
    audiences = List.copyOf(audiences);
    Objects.requireNonNull(clockSkew, "clockSkew");
    algorithms = Set.copyOf(algorithms);
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    if (maxTokenBytes < 256) {
      throw new IllegalArgumentException("auth.max_token_bytes must be at least 256");
    }
    if (maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("auth.max_token_lifetime must be positive");
    }
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("auth.issuer must be set");
    }
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException("auth.audience must name at least one audience");
    }
    if (algorithms.isEmpty() || !DEFAULT_ALGORITHMS.containsAll(algorithms)) {
      throw new IllegalArgumentException(
          "auth.algorithms must list asymmetric algorithms only (RS*, PS*, ES*)");
    }
  }
}
