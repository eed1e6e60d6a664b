package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.util.UUID;

/** {@code resourcePools} (list, get) and the resources of a pool (list, get). */
final class ResourcePoolRoutes {
  private final InventoryRoutes collections;
  private final InventoryQueryService inventory;
  private final CachedReads reads;
  private final Responses responses;

  ResourcePoolRoutes(
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
        router,
        "resourcePools",
        "resourcePoolId",
        ObjectType.RESOURCE_POOL,
        CacheRegion.RESOURCE_POOLS);
    String pool = inventory.prefix() + "/resourcePools/{resourcePoolId}";
    router.add(
        "GET",
        pool + "/resources",
        (ex, p) -> {
          UUID poolId = Requests.id(p, "resourcePoolId");
          ListQuery query = Requests.listQuery(ex);
          // The normalized path is needed only on a miss.
          reads.serve(
              ex,
              CacheRegion.RESOURCES,
              query.canonical(),
              () ->
                  responses.page(
                      inventory.resourcesOf(poolId, query, Requests.normalizedPath(ex)), ex));
        });
    router.add(
        "GET",
        pool + "/resources/{resourceId}",
        (ex, p) -> {
          UUID poolId = Requests.id(p, "resourcePoolId");
          UUID resourceId = Requests.id(p, "resourceId");
          FieldSelector selector = Requests.selector(ex);
          reads.serve(
              ex,
              CacheRegion.RESOURCES,
              selector.canonical(),
              () -> responses.json(inventory.resource(poolId, resourceId, selector)));
        });
  }
}
