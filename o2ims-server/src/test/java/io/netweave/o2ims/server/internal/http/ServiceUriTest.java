package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.server.internal.config.ConfigException;
import org.junit.jupiter.api.Test;

class ServiceUriTest {

  @Test
  void aListenerUnderTlsIsHttpsWithItsRealPortAndNoPath() {
    assertThat(ServiceUri.of(true, "gw.example.com", 8443))
        .isEqualTo("https://gw.example.com:8443");
    assertThat(ServiceUri.of(false, "127.0.0.1", 8080)).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void theSchemeDefaultPortIsLeftOut() {
    assertThat(ServiceUri.of(true, "gw.example.com", 443)).isEqualTo("https://gw.example.com");
    assertThat(ServiceUri.of(false, "gw.example.com", 80)).isEqualTo("http://gw.example.com");
    assertThat(ServiceUri.of(false, "gw.example.com", 443)).isEqualTo("http://gw.example.com:443");
  }

  @Test
  void anIpv6ListenerIsBracketed() {
    assertThat(ServiceUri.of(true, "fd00::1", 8443)).isEqualTo("https://[fd00::1]:8443");
  }

  @Test
  void everyInterfaceIsShownAsTheHostNameNeverAsTheWildcard() {
    assertThat(ServiceUri.of(false, "0.0.0.0", 8080))
        .doesNotContain("0.0.0.0")
        .endsWith(":8080")
        .startsWith("http://");
  }

  @Test
  void aConfiguredExternalUriIsKeptWithoutItsTrailingSlash() {
    assertThat(ServiceUri.configured("https://o2ims.example.com:8443/"))
        .isEqualTo("https://o2ims.example.com:8443");
    assertThat(ServiceUri.configured("https://o2ims.example.com"))
        .isEqualTo("https://o2ims.example.com");
  }

  @Test
  void aConfiguredUriWithAPathQueryOrOtherSchemeIsRefusedNamingTheKey() {
    for (String bad :
        new String[] {
          "https://o2ims.example.com/o2ims-infrastructureInventory",
          "https://o2ims.example.com/?a=b",
          "ftp://o2ims.example.com",
          "o2ims.example.com:8443",
          "https://"
        }) {
      assertThatThrownBy(() -> ServiceUri.configured(bad))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("ocloud.service_uri");
    }
  }
}
