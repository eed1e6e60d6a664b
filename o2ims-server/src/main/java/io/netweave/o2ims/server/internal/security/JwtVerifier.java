package io.netweave.o2ims.server.internal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies bearer JWTs: a JWS (never {@code alg=none}, never encrypted) with an algorithm from the
 * allow-list, signed by a key of the matching type (no algorithm confusion: an RSA key never
 * verifies an HMAC or EC signature), then {@code iss}, {@code aud}, {@code exp} (required), {@code
 * nbf} and {@code iat} (not in the future) with the clock skew, the lifetime from {@code iat} (or
 * now) to {@code exp} against {@code auth.max_token_lifetime}, and the certificate binding when
 * present or required. Tokens longer than {@code auth.max_token_bytes} are refused unparsed.
 *
 * <p>Thread-safe. {@link #verify} throws {@link TokenRejectedException} naming the failed check, or
 * {@link KeysUnavailableException} when no signing key could ever be fetched (the gateway's
 * problem, not the token's). It may block when the key source fetches keys.
 */
public final class JwtVerifier {
  private final VerificationKeys keys;
  private final JwtSettings settings;
  private final Clock clock;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
  // Tokens whose signature verified, with the key that verified it: a client sends the same token
  // on every request until it expires, and parsing plus an RSA/EC verification per request was
  // most of the production profile's authentication cost. A hit still needs that key in the
  // current key set (a key removed from the JWKS stops its tokens at once), and every claim check
  // (times against the clock, issuer, audience, lifetime, certificate binding) runs on every
  // request. The bound and the expiry only limit memory.
  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().maximumSize(4_096).expireAfterWrite(Duration.ofMinutes(10)).build();

  public JwtVerifier(VerificationKeys keys, JwtSettings settings, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The key source (for readiness and metrics). */
  public VerificationKeys keys() {
    return keys;
  }

  /** True when verifying this token will not block on a key fetch. */
  public boolean verifiesWithoutBlocking(String token) {
    Verified hit = verified.getIfPresent(token);
    if (hit != null) {
      return keys.answersWithoutBlocking(hit.keyId());
    }
    try {
      JWT jwt = JWTParser.parse(token);
      return !(jwt instanceof SignedJWT signed)
          || keys.answersWithoutBlocking(keyId(signed.getHeader()));
    } catch (ParseException e) {
      return true;
    }
  }

  /** The verified claims; {@code clientCertificate} is the TLS client's, when there is one. */
  public JWTClaimsSet verify(String token, Optional<X509Certificate> clientCertificate) {
    if (token.length() > settings.maxTokenBytes()) {
      throw new TokenRejectedException(
          "token too long (more than "
              + settings.maxTokenBytes()
              + " bytes, auth.max_token_bytes)");
    }
    Verified hit = verified.getIfPresent(token);
    if (hit != null
        && keys.answersWithoutBlocking(hit.keyId())
        && keys.keys(hit.keyId()).contains(hit.key())) {
      checkClaims(hit.claims());
      checkBinding(hit.claims(), clientCertificate);
      return hit.claims();
    }
    SignedJWT jwt = parseSigned(token);
    JWSHeader header = jwt.getHeader();
    if (!settings.algorithms().contains(header.getAlgorithm())) {
      throw new TokenRejectedException("signature algorithm not accepted");
    }
    List<JWK> candidates = keys.keys(keyId(header));
    if (candidates.isEmpty()) {
      Optional<String> unavailable = keys.unavailable();
      if (unavailable.isPresent()) {
        throw new KeysUnavailableException(unavailable.get());
      }
    }
    Optional<JWK> signer = signer(jwt, header, candidates);
    if (signer.isEmpty()) {
      throw new TokenRejectedException("signature does not verify with any known key");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new TokenRejectedException("malformed claims", e);
    }
    verified.put(token, new Verified(keyId(header), signer.get(), claims));
    checkClaims(claims);
    checkBinding(claims, clientCertificate);
    return claims;
  }

  private static SignedJWT parseSigned(String token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new TokenRejectedException("malformed token", e);
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new TokenRejectedException("token is not signed");
    }
    return signed;
  }

  /** The candidate key whose signature verifies, if any. */
  private Optional<JWK> signer(SignedJWT jwt, JWSHeader header, List<JWK> candidates) {
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    if (matcher == null) {
      return Optional.empty();
    }
    for (JWK candidate : candidates) {
      if (!matcher.matches(candidate)) {
        continue;
      }
      try {
        JWSVerifier verifier = verifiers.createJWSVerifier(header, publicKey(candidate));
        if (jwt.verify(verifier)) {
          return Optional.of(candidate);
        }
      } catch (JOSEException e) {
        // the key cannot verify this algorithm: try the next candidate
      }
    }
    return Optional.empty();
  }

  /** A token whose signature {@code key} verified, and its claims (immutable). */
  private record Verified(String keyId, JWK key, JWTClaimsSet claims) {}

  private static Key publicKey(JWK jwk) throws JOSEException {
    if (jwk instanceof AsymmetricJWK asymmetric) {
      return asymmetric.toPublicKey();
    }
    throw new JOSEException("not an asymmetric key");
  }

  private void checkClaims(JWTClaimsSet claims) {
    Instant now = clock.instant();
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new TokenRejectedException("issuer not accepted");
    }
    List<String> audience = claims.getAudience();
    if (audience.stream().noneMatch(settings.audiences()::contains)) {
      throw new TokenRejectedException("audience not accepted");
    }
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      throw new TokenRejectedException("token has no expiry");
    }
    if (now.isAfter(expiry.toInstant().plus(settings.clockSkew()))) {
      throw new TokenRejectedException("token expired");
    }
    Date issued = claims.getIssueTime();
    if (issued != null && now.plus(settings.clockSkew()).isBefore(issued.toInstant())) {
      throw new TokenRejectedException("token issued in the future");
    }
    Instant start = issued == null ? now : issued.toInstant();
    if (expiry.toInstant().isAfter(start.plus(settings.maxLifetime()).plus(settings.clockSkew()))) {
      throw new TokenRejectedException(
          "token lifetime exceeds " + settings.maxLifetime() + " (auth.max_token_lifetime)");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(settings.clockSkew()).isBefore(notBefore.toInstant())) {
      throw new TokenRejectedException("token not yet valid");
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw new TokenRejectedException("token has no subject");
    }
  }

  private void checkBinding(JWTClaimsSet claims, Optional<X509Certificate> certificate) {
    Object confirmation = claims.getClaim("cnf");
    Object thumbprint = confirmation instanceof Map<?, ?> cnf ? cnf.get("x5t#S256") : null;
    if (thumbprint == null) {
      if (settings.requireCertificateBinding()) {
        throw new TokenRejectedException("token is not bound to a client certificate");
      }
      return;
    }
    if (certificate.isEmpty()) {
      throw new TokenRejectedException("certificate-bound token used without a client certificate");
    }
    if (!thumbprint.toString().equals(thumbprint(certificate.get()))) {
      throw new TokenRejectedException("token is bound to another client certificate");
    }
  }

  /** The base64url SHA-256 thumbprint of a certificate, as RFC 8705 {@code x5t#S256} holds it. */
  public static String thumbprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Base64URL.encode(digest).toString();
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("SHA-256 of a parsed certificate cannot fail", e);
    }
  }

  private static String keyId(JWSHeader header) {
    return header.getKeyID() == null ? "" : header.getKeyID();
  }
}
