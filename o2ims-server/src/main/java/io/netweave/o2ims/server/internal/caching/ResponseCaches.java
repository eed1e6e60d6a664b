package io.netweave.o2ims.server.internal.caching;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheSettings;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.TieredResponseCache;
import io.netweave.o2ims.server.internal.NoResponseCache;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the response cache the configuration asks for: none ({@code cache.enabled: false}), the
 * in-process Caffeine tier, or that tier in front of a shared Redis tier ({@code redis.url} set).
 * The Redis connection is owned here on behalf of the composition root: it is added to the owned
 * list before the cache, so it is closed after it.
 */
public final class ResponseCaches {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseCaches.class);

  private ResponseCaches() {}

  /**
   * @param owned receives what the caller must close, in creation order
   * @throws ConfigException when a cache or Redis setting cannot be used
   */
  public static ResponseCache create(ServerConfig config, Clock clock, List<AutoCloseable> owned) {
    if (!config.cache().enabled()) {
      LOG.info("response cache: off (cache.enabled is false)");
      ResponseCache none = new NoResponseCache();
      owned.add(none);
      return none;
    }
    Map<String, Object> v = config.values();
    TieredResponseCache.Builder builder;
    try {
      CacheSettings.Builder settings =
          CacheSettings.builder()
              .ttl(CacheRegion.RESOURCE_POOLS, config.cache().resourcePoolsTtl())
              .ttl(CacheRegion.RESOURCES, config.cache().resourcesTtl())
              .ttl(CacheRegion.RESOURCE_TYPES, config.cache().resourceTypesTtl())
              .ttl(CacheRegion.DEPLOYMENT_MANAGERS, config.cache().deploymentManagersTtl())
              .ttl(CacheRegion.SUBSCRIPTIONS, config.cache().subscriptionsTtl())
              .ttl(CacheRegion.OCLOUD, (Duration) v.get("cache.ocloud_ttl"))
              .maxBytes(((Integer) v.get("cache.max_size_mb")) * 1024L * 1024L)
              .warmOnStartup(config.cache().warmOnStartup())
              .warmResources(
                  config.cache().warmResources().stream()
                      .map(CacheRegion::fromConfigName)
                      .toList());
      builder = TieredResponseCache.builder().settings(settings.build());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("cache: " + e.getMessage());
    }
    String url = (String) v.get("redis.url");
    if (url.isEmpty()) {
      LOG.info("response cache: in-process tier only (redis.url is not set)");
      ResponseCache cache = builder.build();
      owned.add(cache);
      return cache;
    }
    RedisConnector connector;
    try {
      RedisSettings.Builder redis = RedisSettings.builder();
      boolean cluster = (Boolean) v.get("redis.cluster");
      if (cluster && url.contains(",")) {
        redis.clusterUris(Arrays.stream(url.split(",")).map(String::trim).toList());
      } else {
        redis.uri(url).cluster(cluster);
      }
      redis
          .keyPrefix((String) v.get("redis.key_prefix"))
          .lookupTimeout((Duration) v.get("redis.lookup_timeout"))
          .failureThreshold((Integer) v.get("redis.failure_threshold"))
          .retryAfter((Duration) v.get("redis.retry_after"))
          .poolSize((Integer) v.get("redis.pool_size"))
          .minIdleConns((Integer) v.get("redis.min_idle_conns"))
          .dialTimeout((Duration) v.get("redis.dial_timeout"))
          .readTimeout((Duration) v.get("redis.read_timeout"))
          .writeTimeout((Duration) v.get("redis.write_timeout"))
          .maxConnAge((Duration) v.get("redis.max_conn_age"))
          .poolTimeout((Duration) v.get("redis.pool_timeout"))
          .idleTimeout((Duration) v.get("redis.idle_timeout"));
      connector = RedisConnector.create(redis.build());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("redis: " + e.getMessage());
    }
    owned.add(connector);
    ResponseCache cache = builder.redis(connector).clock(clock).build();
    owned.add(cache);
    LOG.info("response cache: in-process tier in front of Redis at {}", redactedUrl(url));
    return cache;
  }

  private static String redactedUrl(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
