package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;

/**
 * The v2-only collections: {@code locations} (list, get by the free-form {@code globalLocationId},
 * matched exactly) and {@code oCloudSites} (list, get). Both derive from pools and deployment
 * managers, so they are cached in the pools' region.
 */
final class LocationRoutes {
  private final InventoryRoutes collections;
  private final InventoryQueryService inventory;
  private final CachedReads reads;
  private final Responses responses;

  LocationRoutes(
      InventoryRoutes collections,
      InventoryQueryService inventory,
      CachedReads reads,
      Responses responses) {
    this.collections = collections;
    this.inventory = inventory;
    this.reads = reads;
    this.responses = responses;
  }

  void register(Router router) {
    collections.registerCollection(
        router, "oCloudSites", "oCloudSiteId", ObjectType.OCLOUD_SITE, CacheRegion.RESOURCE_POOLS);
    String base = inventory.prefix() + "/locations";
    router.add(
        "GET",
        base,
        (ex, p) -> {
          ListQuery query = Requests.listQuery(ex);
          String path = Requests.normalizedPath(ex);
          reads.serve(
              ex,
              CacheRegion.RESOURCE_POOLS,
              query.canonical(),
              () -> responses.page(inventory.list(ObjectType.LOCATION, query, path), ex));
        });
    router.add(
        "GET",
        base + "/{globalLocationId}",
        (ex, p) -> {
          String id = p.get("globalLocationId");
          FieldSelector selector = Requests.selector(ex);
          reads.serve(
              ex,
              CacheRegion.RESOURCE_POOLS,
              selector.canonical(),
              () -> responses.json(inventory.location(id, selector)));
        });
  }
}
