package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheSettingsTest {

  @Test
  void defaultTtlsAreTheGuides() {
    CacheSettings settings = CacheSettings.defaults();

    assertThat(settings.ttl(CacheRegion.RESOURCE_POOLS)).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.ttl(CacheRegion.RESOURCES)).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.ttl(CacheRegion.RESOURCE_TYPES)).isEqualTo(Duration.ofMinutes(30));
    assertThat(settings.ttl(CacheRegion.DEPLOYMENT_MANAGERS)).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.ttl(CacheRegion.SUBSCRIPTIONS)).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.ttl(CacheRegion.OCLOUD)).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.maxBytes()).isEqualTo(256L * 1024 * 1024);
    assertThat(settings.warmOnStartup()).isFalse();
    assertThat(settings.warmResources())
        .containsExactly(
            CacheRegion.RESOURCE_POOLS,
            CacheRegion.RESOURCE_TYPES,
            CacheRegion.DEPLOYMENT_MANAGERS);
  }

  @Test
  void eachTtlIsConfigurable() {
    CacheSettings settings =
        CacheSettings.builder()
            .ttl(CacheRegion.RESOURCES, Duration.ofSeconds(15))
            .warmOnStartup(true)
            .warmResources(List.of(CacheRegion.RESOURCES))
            .build();

    assertThat(settings.ttl(CacheRegion.RESOURCES)).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.ttl(CacheRegion.RESOURCE_POOLS)).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.warmOnStartup()).isTrue();
    assertThat(settings.warmResources()).containsExactly(CacheRegion.RESOURCES);
  }

  @Test
  void ttlSetTwiceIsRefused() {
    CacheSettings.Builder builder =
        CacheSettings.builder().ttl(CacheRegion.RESOURCES, Duration.ofSeconds(1));

    assertThatThrownBy(() -> builder.ttl(CacheRegion.RESOURCES, Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cache.resources_ttl set twice");
  }

  @Test
  void negativeTtlIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                CacheSettings.builder()
                    .ttl(CacheRegion.RESOURCE_TYPES, Duration.ofSeconds(-1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache.resource_types_ttl");
  }

  @Test
  void nonPositiveByteBoundIsRefused() {
    assertThatThrownBy(() -> CacheSettings.builder().maxBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void regionsAreFoundByTheirConfigurationNames() {
    assertThat(CacheRegion.fromConfigName("resource_pools")).isEqualTo(CacheRegion.RESOURCE_POOLS);
    assertThat(CacheRegion.fromConfigName(" Deployment_Managers "))
        .isEqualTo(CacheRegion.DEPLOYMENT_MANAGERS);
    assertThatThrownBy(() -> CacheRegion.fromConfigName("nodes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resource_pools");
  }
}
