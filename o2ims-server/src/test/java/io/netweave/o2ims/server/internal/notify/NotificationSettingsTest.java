package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationSettingsTest {
  @TempDir Path dir;

  private ServerConfig load(String yaml) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    ServerConfig config = new ConfigLoader(Map.of()).load(Optional.of(file), Map.of());
    NotificationSettings.from(config);
    return config;
  }

  private NotificationSettings settings(String yaml) throws Exception {
    return NotificationSettings.from(load(yaml));
  }

  @Test
  void aBuilderChangesOneSettingAndKeepsTheOthers() {
    NotificationSettings base = NotificationSettings.defaults();
    NotificationSettings changed = base.toBuilder().workers(2).build();
    assertThat(changed.workers()).isEqualTo(2);
    assertThat(changed.toBuilder().workers(base.workers()).build()).isEqualTo(base);
    assertThatThrownBy(() -> base.toBuilder().workers(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notifications.workers");
  }

  @Test
  void defaultsAreTheDecidedOnes() throws Exception {
    ServerConfig config = load("{}");
    NotificationSettings c = NotificationSettings.from(config);
    assertThat(config.notifications().enabled()).isTrue();
    assertThat(config.notifications().store()).isEqualTo(ServerConfig.Store.EMBEDDED);
    assertThat(c.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(c.callbackAllowList()).containsExactly("127.0.0.0/8", "::1", "localhost");
    assertThat(c.probeCallbacks()).isFalse();
    assertThat(c.callbackAuth()).isEmpty();
  }

  @Test
  void perHostCallbackAuthIsReadFromNestedYaml() throws Exception {
    NotificationSettings c =
        settings(
            """
            notifications:
              max_attempts: 3
              retry_initial_delay: 250ms
              callback_allow_list: [10.0.0.0/8]
              callback_auth:
                Hooks.SMO.example:
                  hmac_secret: s3cret
                  oauth2: {token_url: "https://idp.example/token", client_id: gw, client_secret: pw}
                  mtls: {key_store: /etc/netweave/client.p12, key_store_password: changeit}
            """);
    assertThat(c.retry().maxAttempts()).isEqualTo(3);
    assertThat(c.retry().initialDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.callbackAllowList()).isEqualTo(List.of("10.0.0.0/8"));
    CallbackAuth auth = c.callbackAuth().get("hooks.smo.example");
    assertThat(auth.hmacSecret()).contains("s3cret");
    assertThat(auth.oauth2().orElseThrow().clientId()).isEqualTo("gw");
    assertThat(auth.oauth2().orElseThrow().scope()).isEmpty();
    assertThat(auth.mtls().orElseThrow().type()).isEqualTo("PKCS12");
  }

  @Test
  void badValuesStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> load("notifications: {store: cassandra}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.store");
    assertThatThrownBy(() -> load("notifications: {store: redis}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("redis.url");
    assertThatThrownBy(() -> load("notifications: {callback_auth: {h: {hmac: x}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.callback_auth.h.hmac");
    // A typo one level down (a misspelt scope would otherwise ask the IdP for no scope).
    assertThatThrownBy(
            () ->
                load(
                    "notifications: {callback_auth: {h: {oauth2: {token_url: \"https://i/t\","
                        + " client_id: a, client_secret: b, scop: o2}}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.callback_auth.h.oauth2.scop");
    assertThatThrownBy(
            () ->
                load(
                    "notifications: {callback_auth: {h: {mtls: {key_store: /k.p12,"
                        + " key_store_password: p, keystore_type: JKS}}}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.callback_auth.h.mtls.keystore_type");
    assertThatThrownBy(() -> load("notifications: {workers: 0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.workers must be at least 1, got 0");
    assertThatThrownBy(() -> load("notifications: {callback_allow_list: [10.0.0.0/99]}"))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> load("notifications: {max_attempts: 0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_attempts");
  }
}
