package io.netweave.o2ims.server.internal.caching;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheSettings;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.cache.TieredResponseCache;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the response cache the configuration asks for: none ({@code cache.enabled: false}), the
 * in-process Caffeine tier, or that tier in front of a shared Redis tier (when the composition root
 * lends a {@link RedisConnector}). The connector is borrowed: the cache opens its connections on it
 * and closes only those.
 */
public final class ResponseCaches {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseCaches.class);

  private ResponseCaches() {}

  /**
   * @param redis the composition root's connector, when {@code redis.url} is set
   * @param owned receives what the caller must close, in creation order
   * @throws ConfigException when a cache setting cannot be used
   */
  public static ResponseCache create(
      ServerConfig.Cache config,
      Optional<RedisConnector> redis,
      Clock clock,
      List<AutoCloseable> owned) {
    if (!config.enabled()) {
      LOG.info("response cache: off (cache.enabled is false)");
      ResponseCache none = new NoResponseCache();
      owned.add(none);
      return none;
    }
    TieredResponseCache.Builder builder;
    try {
      CacheSettings.Builder settings =
          CacheSettings.builder()
              .ttl(CacheRegion.RESOURCE_POOLS, config.resourcePoolsTtl())
              .ttl(CacheRegion.RESOURCES, config.resourcesTtl())
              .ttl(CacheRegion.RESOURCE_TYPES, config.resourceTypesTtl())
              .ttl(CacheRegion.DEPLOYMENT_MANAGERS, config.deploymentManagersTtl())
              .ttl(CacheRegion.SUBSCRIPTIONS, config.subscriptionsTtl())
              .ttl(CacheRegion.OCLOUD, config.ocloudTtl())
              .maxBytes(config.maxSizeMb() * 1024L * 1024L)
              .warmOnStartup(config.warmOnStartup())
              .warmResources(
                  config.warmResources().stream().map(CacheRegion::fromConfigName).toList());
      builder = TieredResponseCache.builder().settings(settings.build());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("cache: " + e.getMessage());
    }
    if (redis.isEmpty()) {
      LOG.info("response cache: in-process tier only (redis.url is not set)");
      ResponseCache cache = builder.build();
      owned.add(cache);
      return cache;
    }
    ResponseCache cache = builder.redis(redis.get()).clock(clock).build();
    owned.add(cache);
    LOG.info("response cache: in-process tier in front of the shared Redis tier");
    return cache;
  }
}
