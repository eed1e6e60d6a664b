package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.util.UUID;

/**
 * {@code resourceTypes} (list, get), a type's {@code alarmDictionary}, and {@code
 * alarmDictionaries} (list, get). Alarm dictionaries are filtered, projected and paged like the
 * other collections.
 */
final class ResourceTypeRoutes {
  private final InventoryRoutes collections;
  private final InventoryQueryService inventory;
  private final CachedReads reads;
  private final Responses responses;

  ResourceTypeRoutes(
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
        "resourceTypes",
        "resourceTypeId",
        ObjectType.RESOURCE_TYPE,
        CacheRegion.RESOURCE_TYPES);
    String v1 = inventory.prefix();
    router.add(
        "GET",
        v1 + "/resourceTypes/{resourceTypeId}/alarmDictionary",
        (ex, p) -> {
          UUID id = Requests.id(p, "resourceTypeId");
          FieldSelector selector = Requests.selector(ex);
          reads.serve(
              ex,
              CacheRegion.RESOURCE_TYPES,
              selector.canonical(),
              () -> responses.json(inventory.alarmDictionaryOf(id, selector)));
        });
    router.add(
        "GET",
        v1 + "/alarmDictionaries",
        (ex, p) -> {
          ListQuery query = Requests.listQuery(ex);
          reads.serve(
              ex,
              CacheRegion.RESOURCE_TYPES,
              query.canonical(),
              () ->
                  responses.page(
                      inventory.alarmDictionaries(query, Requests.normalizedPath(ex)), ex));
        });
    router.add(
        "GET",
        v1 + "/alarmDictionaries/{alarmDictionaryId}",
        (ex, p) -> {
          UUID id = Requests.id(p, "alarmDictionaryId");
          FieldSelector selector = Requests.selector(ex);
          reads.serve(
              ex,
              CacheRegion.RESOURCE_TYPES,
              selector.canonical(),
              () -> responses.json(inventory.alarmDictionary(id, selector)));
        });
  }
}
