package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.netweave.o2ims.server.internal.tls.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class JwtVerifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
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
    clock.add(Duration.ofSeconds(21));
    assertRejected(token, "expired");
  }

  @Test
  void tokenNotYetValidIsRejected() {
    assertRejected(
        TestTokens.sign(rsa, claims().notBeforeTime(Date.from(NOW.plusSeconds(120))).build()),
        "not yet valid");
  }

  @Test
  void aCachedTokenIsCheckedAgainstTheClockOnEveryRequest() {
    // Issued 90 s ahead (skew 30 s), valid from 120 s ahead, expiring 10 min ahead: the checks
    // computed once per token must give the answers of the claims at each instant.
    String token =
        TestTokens.sign(
            rsa,
            claims()
                .issueTime(Date.from(NOW.plusSeconds(90)))
                .notBeforeTime(Date.from(NOW.plusSeconds(120)))
                .build());
    assertRejected(token, "issued in the future");
    clock.add(Duration.ofSeconds(60));
    assertRejected(token, "not yet valid");
    clock.add(Duration.ofSeconds(30));
    assertThat(verifier.verify(token, Optional.empty()).getSubject()).isEqualTo("smo-1");
    clock.add(Duration.ofMinutes(10));
    assertRejected(token, "expired");
  }

  @Test
  void withoutIssueTimeTheLifetimeCountsFromNowOnEveryRequest() {
    // No iat: the lifetime runs from now to exp, at most 24 h (plus the 30 s skew).
    String token =
        TestTokens.sign(
            rsa,
            claims()
                .issueTime(null)
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(24)).plusSeconds(40)))
                .build());
    assertRejected(token, "auth.max_token_lifetime");
    clock.add(Duration.ofSeconds(10));
    assertThat(verifier.verify(token, Optional.empty()).getSubject()).isEqualTo("smo-1");
  }

  @Test
  void authenticateGivesTheSubjectAndTheMappedRolesOfEachToken() {
    String reader = TestTokens.sign(rsa, claims().build());
    String admin =
        TestTokens.sign(
            rsa, TestTokens.claims(NOW, "ops", "role:o2ims-admin role:unknown").build());
    RoleMapping roles = RoleMapping.defaults();

    AuthenticatedPrincipal first = verifier.authenticate(reader, Optional.empty(), roles);
    assertThat(first.subject()).isEqualTo("smo-1");
    assertThat(first.roles()).containsExactly(Role.READER);
    assertThat(first.method()).isEqualTo(AuthenticatedPrincipal.Method.TOKEN);
    assertThat(first.issuer()).isEqualTo(TestTokens.ISSUER);
    assertThat(first.owner()).isEqualTo("token:" + TestTokens.ISSUER + "|smo-1");
    assertThat(verifier.authenticate(reader, Optional.empty(), roles)).isEqualTo(first);
    assertThat(verifier.authenticate(admin, Optional.empty(), roles).roles())
        .containsExactly(Role.ADMIN);
    RoleMapping renamed =
        new RoleMapping(
            java.util.Map.of("role:o2ims-reader", Role.SUBSCRIBER), List.of(), java.util.Map.of());
    assertThat(verifier.authenticate(reader, Optional.empty(), renamed).roles())
        .containsExactly(Role.SUBSCRIBER);
    clock.add(Duration.ofMinutes(12));
    assertThatThrownBy(() -> verifier.authenticate(reader, Optional.empty(), roles))
        .isInstanceOf(TokenRejectedException.class)
        .hasMessageContaining("expired");
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
  void aTamperedCopyOfAVerifiedTokenIsNotTakenForIt() {
    // The verified-token cache hashes only a token's end: the forged token below has the genuine
    // token's signature, so the same hash, and must still be verified on its own and refused.
    String genuine = TestTokens.sign(rsa, claims().build());
    assertThat(verifier.verify(genuine, Optional.empty()).getSubject()).isEqualTo("smo-1");
    String[] parts = genuine.split("\\.");
    String forged =
        TestTokens.sign(TestTokens.rsa("x"), claims().claim("scope", "role:o2ims-admin").build())
            .split("\\.")[1];
    String tampered = parts[0] + "." + forged + "." + parts[2];
    assertThat(JwtVerifier.TokenKey.of(tampered)).isNotEqualTo(JwtVerifier.TokenKey.of(genuine));
    assertThat(JwtVerifier.TokenKey.of(tampered).hashCode())
        .as("same end, same hash")
        .isEqualTo(JwtVerifier.TokenKey.of(genuine).hashCode());
    assertRejected(tampered, "signature");
    assertThat(verifier.verify(genuine, Optional.empty()).getSubject()).isEqualTo("smo-1");
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
