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
  // request, on values computed once per token (ClaimChecks). The bound and the expiry only limit
  // memory. Cache maintenance runs on the calling thread (an IO thread), never by waking a
  // ForkJoinPool worker per batch of reads.
  private final Cache<TokenKey, Verified> verified =
      Caffeine.newBuilder()
          .maximumSize(4_096)
          .expireAfterWrite(Duration.ofMinutes(10))
          .executor(Runnable::run)
          .build();
  // SHA-256 thumbprints of client certificates for bound tokens, per certificate object (weak,
  // identity): a TLS session hands out the same certificate object on each of its requests.
  private final Cache<X509Certificate, String> thumbprints =
      Caffeine.newBuilder().weakKeys().maximumSize(4_096).executor(Runnable::run).build();

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
    Verified hit = verified.getIfPresent(TokenKey.of(token));
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
    return verified(token, clientCertificate).claims();
  }

  /**
   * The principal of a token that {@link #verify} accepts: its subject and the roles {@code
   * roleMapping} grants for its claims. The roles are mapped once per token (and mapping) and kept
   * with the verified token; every check of {@link #verify} runs on every call. Throws as {@link
   * #verify} does.
   */
  public AuthenticatedPrincipal authenticate(
      String token, Optional<X509Certificate> clientCertificate, RoleMapping roleMapping) {
    return verified(token, clientCertificate).principal(roleMapping);
  }

  private Verified verified(String token, Optional<X509Certificate> clientCertificate) {
    if (token.length() > settings.maxTokenBytes()) {
      throw new TokenRejectedException(
          "token too long (more than "
              + settings.maxTokenBytes()
              + " bytes, auth.max_token_bytes)");
    }
    TokenKey cacheKey = TokenKey.of(token);
    Verified hit = verified.getIfPresent(cacheKey);
    if (hit != null
        && keys.answersWithoutBlocking(hit.keyId())
        && keys.contains(hit.keyId(), hit.key())) {
      hit.checks().check(clock.instant());
      checkBinding(hit.checks(), clientCertificate);
      return hit;
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
    Verified entry = new Verified(keyId(header), signer.get(), claims, checks(claims));
    verified.put(cacheKey, entry);
    entry.checks().check(clock.instant());
    checkBinding(entry.checks(), clientCertificate);
    return entry;
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

  /**
   * A token whose signature {@code key} verified, its claims, the checks computed from them, and
   * the principal last mapped from them (a racy memo: two threads may both map, with one result).
   */
  /**
   * A token as a cache key: equal exactly when the token strings are equal, hashed over the last
   * {@value #HASHED_CHARS} characters only (the signature's end, which differs between any two
   * tokens of a key). The header value is a new string on every request, so keying the cache by the
   * string itself hashed all of its 600 or more characters per request (about 0.5 µs, a sequential
   * loop). Only verified tokens are ever put in the cache, so a client cannot fill a hash bucket
   * with tokens of its choosing; a colliding lookup costs one more string comparison.
   */
  static final class TokenKey {
    static final int HASHED_CHARS = 32;
    private final String token;
    private final int hash;

    private TokenKey(String token, int hash) {
      this.token = token;
      this.hash = hash;
    }

    static TokenKey of(String token) {
      int h = 0;
      for (int i = Math.max(0, token.length() - HASHED_CHARS); i < token.length(); i++) {
        h = 31 * h + token.charAt(i);
      }
      return new TokenKey(token, h);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TokenKey key && key.hash == hash && key.token.equals(token);
    }

    @Override
    public String toString() {
      return "TokenKey[" + token.length() + " chars]";
    }
  }

  private static final class Verified {
    private final String keyId;
    private final JWK key;
    private final JWTClaimsSet claims;
    private final ClaimChecks checks;
    private volatile Mapped mapped;

    Verified(String keyId, JWK key, JWTClaimsSet claims, ClaimChecks checks) {
      this.keyId = keyId;
      this.key = key;
      this.claims = claims;
      this.checks = checks;
    }

    String keyId() {
      return keyId;
    }

    JWK key() {
      return key;
    }

    JWTClaimsSet claims() {
      return claims;
    }

    ClaimChecks checks() {
      return checks;
    }

    AuthenticatedPrincipal principal(RoleMapping roleMapping) {
      Mapped m = mapped;
      if (m == null || m.roleMapping() != roleMapping) {
        m =
            new Mapped(
                roleMapping,
                AuthenticatedPrincipal.token(
                    claims.getSubject(), claims.getIssuer(), roleMapping.roles(claims)));
        mapped = m;
      }
      return m.principal();
    }
  }

  private record Mapped(RoleMapping roleMapping, AuthenticatedPrincipal principal) {}

  /**
   * The claim checks of one token with every instant they compare the clock against computed once:
   * {@link #check} throws the same {@link TokenRejectedException}, for the same first failed check,
   * as checking the claims themselves at that instant would. Immutable.
   *
   * @param early the first failure among issuer, audience and a missing expiry, if any
   * @param expiredAfter the token is expired after this instant (expiry plus skew)
   * @param issuedNotBefore before this instant the token was issued in the future (iat minus skew),
   *     or null without iat
   * @param lifetimeTooLong with iat: whether expiry is beyond iat plus the maximum lifetime
   * @param lifetimeOkFrom without iat: before this instant the lifetime from now is too long
   *     (expiry minus the maximum lifetime minus skew), or null with iat
   * @param notYetValidBefore before this instant the token is not yet valid (nbf minus skew), or
   *     null without nbf
   * @param late the failure checked last (no subject), if any
   * @param thumbprint the certificate thumbprint the token is bound to ({@code cnf.x5t#S256}), or
   *     null
   */
  private record ClaimChecks(
      String early,
      Instant expiredAfter,
      Instant issuedNotBefore,
      boolean lifetimeTooLong,
      Instant lifetimeOkFrom,
      Instant notYetValidBefore,
      String late,
      String thumbprint,
      String lifetimeMessage) {

    void check(Instant now) {
      if (early != null) {
        throw new TokenRejectedException(early);
      }
      if (now.isAfter(expiredAfter)) {
        throw new TokenRejectedException("token expired");
      }
      if (issuedNotBefore != null && now.isBefore(issuedNotBefore)) {
        throw new TokenRejectedException("token issued in the future");
      }
      if (lifetimeTooLong || (lifetimeOkFrom != null && now.isBefore(lifetimeOkFrom))) {
        throw new TokenRejectedException(lifetimeMessage);
      }
      if (notYetValidBefore != null && now.isBefore(notYetValidBefore)) {
        throw new TokenRejectedException("token not yet valid");
      }
      if (late != null) {
        throw new TokenRejectedException(late);
      }
    }
  }

  private static Key publicKey(JWK jwk) throws JOSEException {
    if (jwk instanceof AsymmetricJWK asymmetric) {
      return asymmetric.toPublicKey();
    }
    throw new JOSEException("not an asymmetric key");
  }

  /**
   * Computes a token's claim checks. Comparisons keep their original form: {@code now} after {@code
   * exp + skew} is expired; {@code now + skew} before {@code iat} is issued in the future ({@code
   * now} before {@code iat - skew}); without iat, {@code exp} after {@code now + lifetime + skew}
   * is too long ({@code now} before {@code exp - lifetime - skew}); {@code now + skew} before
   * {@code nbf} is not yet valid.
   */
  private ClaimChecks checks(JWTClaimsSet claims) {
    String lifetimeMessage =
        "token lifetime exceeds " + settings.maxLifetime() + " (auth.max_token_lifetime)";
    Object confirmation = claims.getClaim("cnf");
    Object bound = confirmation instanceof Map<?, ?> cnf ? cnf.get("x5t#S256") : null;
    String thumbprint = bound == null ? null : bound.toString();
    String early = null;
    if (!settings.issuer().equals(claims.getIssuer())) {
      early = "issuer not accepted";
    } else if (claims.getAudience().stream().noneMatch(settings.audiences()::contains)) {
      early = "audience not accepted";
    } else if (claims.getExpirationTime() == null) {
      early = "token has no expiry";
    }
    if (early != null) {
      return new ClaimChecks(
          early, Instant.MAX, null, false, null, null, null, thumbprint, lifetimeMessage);
    }
    Instant expiry = claims.getExpirationTime().toInstant();
    Date issued = claims.getIssueTime();
    Date notBefore = claims.getNotBeforeTime();
    String subject = claims.getSubject();
    return new ClaimChecks(
        null,
        expiry.plus(settings.clockSkew()),
        issued == null ? null : issued.toInstant().minus(settings.clockSkew()),
        issued != null
            && expiry.isAfter(
                issued.toInstant().plus(settings.maxLifetime()).plus(settings.clockSkew())),
        issued == null ? expiry.minus(settings.maxLifetime()).minus(settings.clockSkew()) : null,
        notBefore == null ? null : notBefore.toInstant().minus(settings.clockSkew()),
        subject == null || subject.isBlank() ? "token has no subject" : null,
        thumbprint,
        lifetimeMessage);
  }

  private void checkBinding(ClaimChecks checks, Optional<X509Certificate> certificate) {
    String thumbprint = checks.thumbprint();
    if (thumbprint == null) {
      if (settings.requireCertificateBinding()) {
        throw new TokenRejectedException("token is not bound to a client certificate");
      }
      return;
    }
    if (certificate.isEmpty()) {
      throw new TokenRejectedException("certificate-bound token used without a client certificate");
    }
    if (!thumbprint.equals(thumbprints.get(certificate.get(), JwtVerifier::thumbprint))) {
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
