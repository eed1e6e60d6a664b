package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.KeysWithoutEffectWarning;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.tls.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityConfigurationTest {
  @TempDir Path data;

  private static ServerConfig values(Map<String, String> overrides) {
    return ServerConfig.defaults(0, Path.of("unused")).with(overrides);
  }

  @Test
  void demoIsTheDefaultWithEverythingOff() {
    SecurityConfiguration demo = SecurityConfiguration.from(values(Map.of()));
    assertThat(demo.profile()).isEqualTo(Profile.DEMO);
    assertThat(demo.authenticationEnabled()).isFalse();
    assertThat(demo.rateLimitsEnabled()).isFalse();
    assertThat(demo.tls()).isEmpty();
  }

  @Test
  void productionForcesAuthenticationAndRateLimitsOn() {
    SecurityConfiguration production =
        SecurityConfiguration.from(
            values(
                Map.of(
                    "profile", "production",
                    "server.tls.cert_file", "tls.crt",
                    "server.tls.key_file", "tls.key",
                    "auth.jwks_url", "https://idp.test/jwks",
                    "auth.issuer", "https://idp.test",
                    "auth.audience", "o2ims",
                    "server.tls.client_ca", "ca.pem")));
    assertThat(production.authenticationEnabled()).isTrue();
    assertThat(production.rateLimitsEnabled()).isTrue();
    assertThat(production.tls())
        .hasValueSatisfying(t -> assertThat(t.clientAuth()).isEqualTo(ClientAuth.OPTIONAL));
  }

  @Test
  void tlsKeysWithoutACertificateAreNamedInAWarningAndStillStart() throws Exception {
    Path file = data.resolve("netweave.yaml");
    Files.writeString(
        file, "server:\n  tls:\n    session_tickets: false\n    session_cache_size: 5000\n");
    ConfigLoader loader = new ConfigLoader(Map.of());
    Map<String, String> flags = Map.of("storage.data_dir", data.toString());
    List<ILoggingEvent> logged =
        KeysWithoutEffectWarning.loggedBy(
            SecurityConfiguration.class,
            () -> {
              SecurityConfiguration unused =
                  SecurityConfiguration.from(loader.load(Optional.of(file), flags));
              assertThat(unused.tls()).isEmpty();
              unused.warnAboutTlsKeysWithoutEffect();
              SecurityConfiguration.from(loader.load(Optional.empty(), flags))
                  .warnAboutTlsKeysWithoutEffect();
              Map<String, String> withCertificate =
                  Map.of(
                      "storage.data_dir", data.toString(),
                      "server.tls.cert_file", "tls.crt",
                      "server.tls.key_file", "tls.key");
              SecurityConfiguration.from(loader.load(Optional.of(file), withCertificate))
                  .warnAboutTlsKeysWithoutEffect();
            });
    KeysWithoutEffectWarning.assertOneWarning(
        logged,
        "server.tls.session_cache_size, server.tls.session_tickets set but no certificate is"
            + " configured",
        "plain HTTP",
        "no effect");
  }

  @Test
  void unknownProfileIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> SecurityConfiguration.from(values(Map.of("profile", "prod"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("profile")
        .hasMessageContaining("demo or production");
  }

  @Test
  void requiredClientCertificatesWithoutACaBundleAreRefused() {
    assertThatThrownBy(
            () -> SecurityConfiguration.from(values(Map.of("server.tls.client_auth", "required"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--tls-client-ca");
  }

  @Test
  void sharedRateLimitsWithoutRedisAreRefused() {
    assertThatThrownBy(
            () ->
                SecurityConfiguration.from(
                    values(Map.of("rate_limit.enabled", "true", "rate_limit.shared", "true"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("redis.url");
  }

  @Test
  void authenticationOutsideProductionStillNeedsKeysIssuerAndAudience() {
    assertThatThrownBy(() -> SecurityConfiguration.from(values(Map.of("auth.enabled", "true"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.jwks_url")
        .hasMessageContaining("auth.issuer");
  }
}
