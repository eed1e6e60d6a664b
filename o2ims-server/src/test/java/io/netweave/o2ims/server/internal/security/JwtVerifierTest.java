package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.netweave.o2ims.server.internal.tls.MutableClock;
import io.netweave.o2ims.server.internal.tls.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private static final RSAKey rsa = TestTokens.rsa("rsa-1");
  private static final ECKey ec = TestTokens.ec("ec-1");
  private final JwtVerifier verifier = verifier(false);

  private JwtVerifier verifier(boolean requireBinding) {
    return new JwtVerifier(
        VerificationKeys.fixed(new JWKSet(List.of(rsa, ec))),
        new JwtSettings(
            TestTokens.ISSUER,
            List.of(TestTokens.AUDIENCE),
            Duration.ofSeconds(30),
            JwtSettings.DEFAULT_ALGORITHMS,
            requireBinding),
        clock);
  }

  private JWTClaimsSet.Builder claims() {
    return TestTokens.claims(NOW, "smo-1", "role:o2ims-reader");
  }

  private void assertRejected(String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token, Optional.empty()))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void validRsaAndEcTokensAreAccepted() {
    assertThat(
            verifier.verify(TestTokens.sign(rsa, claims().build()), Optional.empty()).getSubject())
        .isEqualTo("smo-1");
    assertThat(
            verifier.verify(TestTokens.sign(ec, claims().build()), Optional.empty()).getSubject())
        .isEqualTo("smo-1");
  }

  @Test
  void expiredTokenIsRejectedOnceTheSkewHasPassed() {
    String token =
        TestTokens.sign(rsa, claims().expirationTime(Date.from(NOW.minusSeconds(10))).build());
    assertThat(verifier.verify(token, Optional.empty())).isNotNull();
    clock.advance(Duration.ofSeconds(21));
    assertRejected(token, "expired");
  }

  @Test
  void tokenNotYetValidIsRejected() {
    assertRejected(
        TestTokens.sign(rsa, claims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build()),
        "not yet valid");
  }

  @Test
  void tokenWithoutExpiryIsRejected() {
    assertRejected(TestTokens.sign(rsa, claims().expirationTime(null).build()), "no expiry");
  }

  @Test
  void wrongIssuerIsRejected() {
    assertRejected(TestTokens.sign(rsa, claims().issuer("https://evil.test").build()), "issuer");
  }

  @Test
  void wrongAudienceIsRejected() {
    assertRejected(TestTokens.sign(rsa, claims().audience("other-api").build()), "audience");
  }

  @Test
  void signatureByAnUnknownKeyWithAKnownKeyIdIsRejected() {
    RSAKey impostor = TestTokens.rsa("rsa-1");
    assertRejected(TestTokens.sign(impostor, claims().build()), "signature");
  }

  @Test
  void tamperedPayloadIsRejected() {
    String[] parts = TestTokens.sign(rsa, claims().build()).split("\\.");
    String forged =
        TestTokens.sign(TestTokens.rsa("x"), claims().claim("scope", "role:o2ims-admin").build())
            .split("\\.")[1];
    assertRejected(parts[0] + "." + forged + "." + parts[2], "signature");
  }

  @Test
  void unsignedAlgNoneTokenIsRejected() {
    assertRejected(TestTokens.unsigned(claims().build()), "not signed");
  }

  @Test
  void hmacTokenKeyedWithThePublicKeyIsRejected() {
    assertRejected(TestTokens.hmacWithPublicKey(rsa, claims().build()), "algorithm");
  }

  @Test
  void garbageIsRejectedAsMalformed() {
    assertRejected("not-a-jwt", "malformed");
    assertRejected("a.b.c", "malformed");
  }

  @Test
  void certificateBoundTokenMustMatchTheClientCertificate() {
    TestPki pki = TestPki.newCa("ca");
    var mine = pki.client("CN=smo-1").certificate();
    var other = pki.client("CN=smo-2").certificate();
    String bound =
        TestTokens.sign(
            rsa, claims().claim("cnf", TestTokens.cnf(JwtVerifier.thumbprint(mine))).build());

    assertThat(verifier.verify(bound, Optional.of(mine))).isNotNull();
    assertThatThrownBy(() -> verifier.verify(bound, Optional.of(other)))
        .hasMessageContaining("another client certificate");
    assertThatThrownBy(() -> verifier.verify(bound, Optional.empty()))
        .hasMessageContaining("without a client certificate");
  }

  @Test
  void unboundTokenIsRejectedWhenBindingIsRequired() {
    assertThatThrownBy(
            () -> verifier(true).verify(TestTokens.sign(rsa, claims().build()), Optional.empty()))
        .hasMessageContaining("not bound");
  }

  @Test
  void aTokenVerifiedBeforeIsRefusedOnceItsKeyLeavesTheKeySet() {
    RSAKey rotatedOut = TestTokens.rsa("rsa-old");
    java.util.concurrent.atomic.AtomicReference<List<com.nimbusds.jose.jwk.JWK>> published =
        new java.util.concurrent.atomic.AtomicReference<>(List.of(rotatedOut.toPublicJWK(), rsa));
    VerificationKeys rotating =
        new VerificationKeys() {
          @Override
          public List<com.nimbusds.jose.jwk.JWK> keys(String keyId) {
            return published.get().stream()
                .filter(k -> keyId.isEmpty() || keyId.equals(k.getKeyID()))
                .toList();
          }

          @Override
          public boolean answersWithoutBlocking(String keyId) {
            return true;
          }
        };
    JwtVerifier rotatingVerifier =
        new JwtVerifier(
            rotating,
            new JwtSettings(
                TestTokens.ISSUER,
                List.of(TestTokens.AUDIENCE),
                Duration.ofSeconds(30),
                JwtSettings.DEFAULT_ALGORITHMS,
                false),
            clock);
    String old = TestTokens.sign(rotatedOut, claims().build());
    String current = TestTokens.sign(rsa, claims().build());
    assertThat(rotatingVerifier.verify(old, Optional.empty()).getSubject()).isEqualTo("smo-1");
    assertThat(rotatingVerifier.verify(old, Optional.empty()).getSubject())
        .as("the same token again")
        .isEqualTo("smo-1");
    assertThat(rotatingVerifier.verify(current, Optional.empty())).isNotNull();

    published.set(List.of(rsa.toPublicJWK()));

    assertThatThrownBy(() -> rotatingVerifier.verify(old, Optional.empty()))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("signature does not verify");
    assertThat(rotatingVerifier.verify(current, Optional.empty()).getSubject()).isEqualTo("smo-1");
  }

  @Test
  void hmacAlgorithmsCannotBeConfigured() {
    assertThatThrownBy(
            () ->
                new JwtSettings(
                    TestTokens.ISSUER,
                    List.of(TestTokens.AUDIENCE),
                    Duration.ZERO,
                    java.util.Set.of(com.nimbusds.jose.JWSAlgorithm.HS256),
                    false))
        .hasMessageContaining("auth.algorithms");
  }
}
