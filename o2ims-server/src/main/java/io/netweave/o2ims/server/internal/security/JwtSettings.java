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
 */
public record JwtSettings(
    String issuer,
    List<String> audiences,
    Duration clockSkew,
    Set<JWSAlgorithm> algorithms,
    boolean requireCertificateBinding) {

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
