package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Keys and tokens made at test time. */
final class TestTokens {
  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "o2ims";

  private TestTokens() {}

  /**
   * The verifier settings these tokens pass: {@link #ISSUER}, {@link #AUDIENCE}, the default clock
   * skew and algorithms, no certificate binding required.
   */
  static JwtSettings settings() {
    return new JwtSettings(
        ISSUER,
        List.of(AUDIENCE),
        JwtSettings.DEFAULT_CLOCK_SKEW,
        JwtSettings.DEFAULT_ALGORITHMS,
        false);
  }

  static RSAKey rsa(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims valid from {@code now - 1 min} to {@code now + 10 min}. */
  static JWTClaimsSet.Builder claims(Instant now, String subject, String scope) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(subject)
        .claim("scope", scope)
        .issueTime(Date.from(now.minus(Duration.ofMinutes(1))))
        .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(1))))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
  }

  static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(ECKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HS256 token keyed with the bytes of the RSA public key: the algorithm-confusion attack. */
  static String hmacWithPublicKey(RSAKey key, JWTClaimsSet claims) {
    try {
      byte[] secret = key.toPublicJWK().toJSONString().getBytes();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  static String jwks(com.nimbusds.jose.jwk.JWK... keys) {
    return new JWKSet(java.util.List.of(keys)).toPublicJWKSet().toString();
  }

  static Map<String, Object> cnf(String thumbprint) {
    return Map.of("x5t#S256", thumbprint);
  }
}
