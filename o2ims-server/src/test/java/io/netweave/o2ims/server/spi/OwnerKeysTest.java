package io.netweave.o2ims.server.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnerKeysTest {
  private static final String ISSUER = "https://idp.example.com/realms/o2";
  private static final String DN = "CN=smo-1,O=operator";

  @Test
  void aTokenAndACertificateWithTheSameSubjectAreTwoOwners() {
    String token = OwnerKeys.token(ISSUER, DN);
    String certificate = OwnerKeys.certificate(DN);
    assertThat(token).isEqualTo("token:https://idp.example.com/realms/o2|CN=smo-1,O=operator");
    assertThat(certificate).isEqualTo("cert:CN=smo-1,O=operator");
    assertThat(OwnerKeys.owns(token, certificate)).isFalse();
    assertThat(OwnerKeys.owns(certificate, token)).isFalse();
    assertThat(OwnerKeys.owns(token, token)).isTrue();
    assertThat(OwnerKeys.owns(certificate, certificate)).isTrue();
    assertThat(OwnerKeys.owns(OwnerKeys.ANONYMOUS, token)).isFalse();
  }

  @Test
  void theSameSubFromAnotherIssuerIsAnotherOwner() {
    assertThat(
            OwnerKeys.owns(
                OwnerKeys.token("https://other", "alice"), OwnerKeys.token(ISSUER, "alice")))
        .isFalse();
  }

  @Test
  void theIssuerCannotBeConfusedWithTheSubject() {
    // without escaping, ("a|b", "c") and ("a", "b|c") would be one key
    assertThat(OwnerKeys.token("a|b", "c")).isNotEqualTo(OwnerKeys.token("a", "b|c"));
    assertThat(OwnerKeys.subject(OwnerKeys.token("a|b%7C", "c|d"))).isEqualTo("c|d");
    assertThat(OwnerKeys.subject(OwnerKeys.token("a", "b|c"))).isEqualTo("b|c");
  }

  @Test
  void theSubjectIsWhatEarlierReleasesStored() {
    assertThat(OwnerKeys.subject(OwnerKeys.token(ISSUER, "alice"))).isEqualTo("alice");
    assertThat(OwnerKeys.subject(OwnerKeys.certificate(DN))).isEqualTo(DN);
    assertThat(OwnerKeys.subject(OwnerKeys.ANONYMOUS)).isEqualTo("anonymous");
    assertThat(OwnerKeys.subject(OwnerKeys.legacy("alice"))).isEqualTo("alice");
    assertThat(OwnerKeys.subject("bench")).isEqualTo("bench");
  }

  @Test
  void aBareOwnerACertificateCouldHaveIsThatCertificatesAndNoTokens() {
    String legacy = OwnerKeys.legacy(DN);
    assertThat(OwnerKeys.owns(OwnerKeys.certificate(DN), legacy)).isTrue();
    assertThat(OwnerKeys.owns(OwnerKeys.token(ISSUER, DN), legacy)).isFalse();
    String escaped = "CN=Smith\\, John,OU=ran,O=operator";
    assertThat(OwnerKeys.owns(OwnerKeys.certificate(escaped), OwnerKeys.legacy(escaped))).isTrue();
    assertThat(OwnerKeys.owns(OwnerKeys.token(ISSUER, escaped), OwnerKeys.legacy(escaped)))
        .isFalse();
  }

  @Test
  void anyOtherBareOwnerIsTheTokensWithThatSub() {
    for (String sub :
        new String[] {
          "alice",
          "0b5a3c1e-2f4d-4e6a-8b9c-0d1e2f3a4b5c",
          "alice@example.com",
          "service-account-smo",
          // DN-like, but not as a certificate is named (a space, lower-case keywords): a token's
          "CN=smo-1, O=operator",
          "uid=alice,ou=people,dc=example,dc=org",
        }) {
      String legacy = OwnerKeys.legacy(sub);
      assertThat(OwnerKeys.owns(OwnerKeys.token(ISSUER, sub), legacy)).as(sub).isTrue();
      assertThat(OwnerKeys.owns(OwnerKeys.certificate(sub), legacy)).as(sub).isTrue();
      assertThat(OwnerKeys.owns(OwnerKeys.token(ISSUER, sub + "x"), legacy)).as(sub).isFalse();
    }
  }

  @Test
  void aBareAnonymousOwnerIsNoTokens() {
    String legacy = OwnerKeys.legacy("anonymous");
    assertThat(OwnerKeys.owns(OwnerKeys.token(ISSUER, "anonymous"), legacy)).isFalse();
    assertThat(OwnerKeys.owns(OwnerKeys.ANONYMOUS, legacy)).isTrue();
  }

  @Test
  void aNamespacedOwnerNeverMatchesTheLegacyKeyOfItsOwnText() {
    // a token whose sub was chosen to look like a namespaced key, stored before the upgrade
    String chosen = OwnerKeys.legacy("cert:" + DN);
    assertThat(OwnerKeys.owns(OwnerKeys.certificate(DN), chosen)).isFalse();
    assertThat(OwnerKeys.owns(chosen, chosen)).isFalse();
  }

  @Test
  void storedFieldsRoundTripAndReadARecordWithoutAKeyAsLegacy() {
    for (String key :
        new String[] {
          OwnerKeys.token(ISSUER, "alice"),
          OwnerKeys.certificate(DN),
          OwnerKeys.ANONYMOUS,
          OwnerKeys.legacy("bob")
        }) {
      assertThat(
              OwnerKeys.fromStored(
                  OwnerKeys.storedSubject(key), OwnerKeys.storedKey(key).orElse(null)))
          .isEqualTo(key);
    }
    assertThat(OwnerKeys.storedKey(OwnerKeys.legacy("bob"))).isEmpty();
    assertThat(OwnerKeys.fromStored("bob", null)).isEqualTo(OwnerKeys.legacy("bob"));
  }

  @Test
  void anIssuerIsReadBackFromItsKey() {
    assertThat(OwnerKeys.issuer(OwnerKeys.token(ISSUER, "alice"))).hasValue(ISSUER);
    assertThat(OwnerKeys.issuer(OwnerKeys.token("a|b%7C%", "c|d"))).hasValue("a|b%7C%");
    assertThat(OwnerKeys.issuer(OwnerKeys.certificate(DN))).isEmpty();
    assertThat(OwnerKeys.issuer(OwnerKeys.legacy("alice"))).isEmpty();
  }

  @Test
  void aLegacyOwnerIsReadAsTheCertificateTheTokenOrNoOne() {
    assertThat(OwnerKeys.legacyHolder(OwnerKeys.legacy(DN))).isEqualTo("certificate");
    assertThat(OwnerKeys.legacyHolder(OwnerKeys.legacy("CN=smo-1, O=operator"))).isEqualTo("token");
    assertThat(OwnerKeys.legacyHolder(OwnerKeys.legacy("alice"))).isEqualTo("token");
    assertThat(OwnerKeys.legacyHolder(OwnerKeys.legacy(OwnerKeys.ANONYMOUS))).isEqualTo("admin");
  }

  @Test
  void anOwnerKeyAsTypedIsReadAsStored() {
    String token = OwnerKeys.token(ISSUER, "alice");
    assertThat(OwnerKeys.parse(token)).isEqualTo(token);
    assertThat(OwnerKeys.parse("cert:CN=smo-1, O=operator")).isEqualTo(OwnerKeys.certificate(DN));
    assertThat(OwnerKeys.parse("anonymous")).isEqualTo(OwnerKeys.ANONYMOUS);
    assertThat(OwnerKeys.parse("legacy:alice")).isEqualTo(OwnerKeys.legacy("alice"));
    for (String bad :
        java.util.List.of(
            "alice",
            "",
            "token:",
            "token:|alice",
            "token:issuer|",
            "cert:",
            "cert:smo-1",
            "legacy:",
            "Anonymous")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> OwnerKeys.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theOwnedKeysAreExactlyTheStoredOwnersACallerOwns() {
    java.util.List<String> owners =
        java.util.List.of(
            OwnerKeys.token(ISSUER, "alice"),
            OwnerKeys.token("https://other", "alice"),
            OwnerKeys.token(ISSUER, DN),
            OwnerKeys.certificate(DN),
            OwnerKeys.certificate("CN=alice"),
            OwnerKeys.ANONYMOUS,
            OwnerKeys.legacy("alice"),
            OwnerKeys.legacy(DN),
            OwnerKeys.legacy("CN=alice"),
            OwnerKeys.legacy(OwnerKeys.ANONYMOUS));
    for (String caller : owners) {
      for (String stored : owners) {
        assertThat(OwnerKeys.ownedKeys(caller).contains(stored))
            .as(caller + " owns " + stored)
            .isEqualTo(OwnerKeys.owns(caller, stored));
      }
    }
    assertThat(OwnerKeys.ownedKeys(OwnerKeys.token(ISSUER, "alice")))
        .containsExactly(OwnerKeys.token(ISSUER, "alice"), OwnerKeys.legacy("alice"));
    assertThat(OwnerKeys.ownedKeys(OwnerKeys.token(ISSUER, DN)))
        .containsExactly(OwnerKeys.token(ISSUER, DN));
    assertThat(OwnerKeys.ownedKeys(OwnerKeys.legacy("alice"))).isEmpty();
  }
}
