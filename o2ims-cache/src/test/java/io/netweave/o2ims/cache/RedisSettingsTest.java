package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

  @Test
  void defaultsAreTheGuides() {
    RedisSettings settings = RedisSettings.builder().uri("redis://cache:6379").build();

    assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.STANDALONE);
    assertThat(settings.poolSize()).isEqualTo(100);
    assertThat(settings.minIdleConns()).isEqualTo(10);
    assertThat(settings.dialTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.maxConnAge()).isZero();
    assertThat(settings.poolTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.commandTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(settings.keyPrefix()).isEqualTo("netweave:cache:");
  }

  @Test
  void standaloneUriCarriesHostPortDatabaseAndCommandTimeout() {
    RedisURI uri =
        RedisSettings.builder()
            .uri("redis://:secret@cache.example:6380/2")
            .readTimeout(Duration.ofMillis(500))
            .writeTimeout(Duration.ofMillis(250))
            .build()
            .redisUris()
            .get(0);

    assertThat(uri.getHost()).isEqualTo("cache.example");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(uri.getPassword()).containsExactly("secret".toCharArray());
    assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void sentinelUriNamesEverySentinelAndTheMaster() {
    RedisSettings settings =
        RedisSettings.builder().uri("redis-sentinel://s1:26379,s2:26380,s3/0#mymaster").build();

    assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
    RedisURI uri = settings.redisUris().get(0);
    assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(uri.getSentinels())
        .extracting(RedisURI::getHost, RedisURI::getPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s1", 26379),
            org.assertj.core.groups.Tuple.tuple("s2", 26380),
            org.assertj.core.groups.Tuple.tuple("s3", 26379));
  }

  @Test
  void clusterSeedsSelectClusterMode() {
    RedisSettings settings =
        RedisSettings.builder()
            .clusterUris(List.of("redis://n1:7000", "redis://n2:7001", "rediss://n3:7002"))
            .build();

    assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
    assertThat(settings.redisUris())
        .extracting(RedisURI::getHost)
        .containsExactly("n1", "n2", "n3");
    assertThat(settings.redisUris().get(2).isSsl()).isTrue();
  }

  @Test
  void singleUriWithClusterFlagIsClusterMode() {
    assertThat(RedisSettings.builder().uri("redis://n1:7000").cluster(true).build().mode())
        .isEqualTo(RedisSettings.Mode.CLUSTER);
  }

  @Test
  void sentinelUriAsClusterSeedIsRejected() {
    assertThatThrownBy(
            () ->
                RedisSettings.builder()
                    .uri("redis-sentinel://s1:26379#mymaster")
                    .cluster(true)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cluster");
  }

  @Test
  void unknownSchemeIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> RedisSettings.builder().uri("http://cache:6379").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis.url");
  }

  @Test
  void nonZeroMaxConnAgeIsRefused() {
    assertThatThrownBy(
            () ->
                RedisSettings.builder()
                    .uri("redis://cache")
                    .maxConnAge(Duration.ofMinutes(30))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis.max_conn_age");
  }

  @Test
  void minIdleAbovePoolSizeIsRefused() {
    assertThatThrownBy(
            () -> RedisSettings.builder().uri("redis://cache").poolSize(5).minIdleConns(6).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis.min_idle_conns");
  }

  @Test
  void zeroTimeoutIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () -> RedisSettings.builder().uri("redis://cache").dialTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis.dial_timeout");
  }

  @Test
  void optionSetTwiceIsRefused() {
    assertThatThrownBy(() -> RedisSettings.builder().uri("redis://a").uri("redis://b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis.url set twice");
  }

  @Test
  void severalUrisWithoutClusterModeAreRefused() {
    assertThatThrownBy(
            () ->
                new RedisSettings(
                    List.of("redis://a", "redis://b"),
                    false,
                    100,
                    10,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(3),
                    Duration.ZERO,
                    Duration.ofSeconds(4),
                    Duration.ofMinutes(5),
                    "p:",
                    Duration.ofMillis(100),
                    5,
                    Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster");
  }

  @Test
  void buildingWithoutUriIsRefused() {
    assertThatThrownBy(() -> RedisSettings.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis.url missing");
  }
}
