package io.netweave.o2ims.server.internal.caching;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.http.Responses;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the response cache at startup ({@code cache.warm_on_startup}): once the inventory source is
 * ready, renders the first page of the default (unfiltered) list of each configured region, exactly
 * as a request would, and stores it under the key such a request looks up. Runs on its own thread;
 * {@link #close()} stops it. Created and closed by the composition root.
 */
public final class CacheWarmer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheWarmer.class);
  private static final String V1 = InventoryQueryService.PREFIX + "/v1";

  private final InventorySource source;
  private final InventoryQueryService inventory;
  private final ResponseCache cache;
  private final Responses responses;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "cache-warmer");
            t.setDaemon(true);
            return t;
          });
  private ScheduledFuture<?> poll;

  public CacheWarmer(
      InventorySource source,
      InventoryQueryService inventory,
      ResponseCache cache,
      ObjectMapper mapper) {
    this.source = source;
    this.inventory = inventory;
    this.cache = cache;
    this.responses = new Responses(mapper);
  }

  /**
   * Starts warming when {@code cache.enabled} and {@code cache.warm_on_startup} are on: the regions
   * of {@code cache.warm_resources}, as soon as the source is ready. The caller closes the warmer
   * it gets.
   */
  public static Optional<CacheWarmer> start(
      ServerConfig.Cache config,
      InventorySource source,
      InventoryQueryService inventory,
      ResponseCache cache,
      ObjectMapper mapper) {
    if (!config.enabled() || !config.warmOnStartup()) {
      return Optional.empty();
    }
    CacheWarmer warmer = new CacheWarmer(source, inventory, cache, mapper);
    warmer.warmWhenReady(
        config.warmResources().stream().map(CacheRegion::fromConfigName).toList(),
        Duration.ofMillis(200));
    return Optional.of(warmer);
  }

  /** Warms the regions as soon as the source is ready (checked every {@code interval}). */
  public synchronized void warmWhenReady(List<CacheRegion> regions, Duration interval) {
    poll =
        executor.scheduleWithFixedDelay(
            () -> {
              if (source.readiness().ready()) {
                int entries = warm(regions);
                LOG.info(
                    "cache warmed: {} responses for {} (cache.warm_resources)",
                    entries,
                    regions.stream().map(CacheRegion::configName).toList());
                poll.cancel(false);
              }
            },
            0,
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Renders and stores the default first page of each region now; returns the entries stored. */
  public int warm(List<CacheRegion> regions) {
    int stored = 0;
    for (CacheRegion region : regions) {
      switch (region) {
        case OCLOUD ->
            stored +=
                store(
                    region,
                    V1,
                    FieldSelector.all().canonical(),
                    responses.json(inventory.ocloud(FieldSelector.all())));
        case RESOURCE_POOLS -> stored += list(region, ObjectType.RESOURCE_POOL, "/resourcePools");
        case RESOURCE_TYPES -> stored += list(region, ObjectType.RESOURCE_TYPE, "/resourceTypes");
        case DEPLOYMENT_MANAGERS ->
            stored += list(region, ObjectType.DEPLOYMENT_MANAGER, "/deploymentManagers");
        case RESOURCES -> {
          for (UUID pool : source.snapshot().resourcePools().keySet()) {
            String path = V1 + "/resourcePools/" + pool + "/resources";
            ListQuery all = ListQuery.all();
            stored +=
                store(
                    region,
                    path,
                    all.canonical(),
                    responses.page(
                        inventory.resourcesOf(pool, all, ResponseKeys.normalizedPath(path)),
                        path,
                        ""));
          }
        }
        case SUBSCRIPTIONS -> {
          // Subscriptions are per owner once authentication is on, and short-lived: not warmed.
        }
      }
    }
    return stored;
  }

  private int list(CacheRegion region, ObjectType type, String collection) {
    String path = V1 + collection;
    ListQuery all = ListQuery.all();
    return store(
        region,
        path,
        all.canonical(),
        responses.page(inventory.list(type, all, ResponseKeys.normalizedPath(path)), path, ""));
  }

  private int store(CacheRegion region, String path, String canonicalQuery, CachedResponse r) {
    cache.put(
        ResponseKeys.key(ResponseKeys.view(inventory.markerKeyId()), region, path, canonicalQuery),
        r);
    return 1;
  }

  @Override
  public synchronized void close() {
    executor.shutdownNow();
  }
}
