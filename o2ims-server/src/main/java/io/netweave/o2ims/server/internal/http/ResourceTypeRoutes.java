package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import java.util.UUID;

/**
 * {@code resourceTypes} (list, get), a type's {@code alarmDictionary}, and {@code
 * alarmDictionaries} (list, get). Alarm dictionaries take no filter or selectors.
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
          reads.serve(
              ex,
              CacheRegion.RESOURCE_TYPES,
              "",
              () -> responses.json(inventory.alarmDictionaryOf(id)));
        });
    router.add(
        "GET",
        v1 + "/alarmDictionaries",
        (ex, p) ->
            reads.serve(
                ex,
                CacheRegion.RESOURCE_TYPES,
                "",
                () -> responses.json(inventory.alarmDictionaries())));
    router.add(
        "GET",
        v1 + "/alarmDictionaries/{alarmDictionaryId}",
        (ex, p) -> {
          UUID id = Requests.id(p, "alarmDictionaryId");
          reads.serve(
              ex,
              CacheRegion.RESOURCE_TYPES,
              "",
              () -> responses.json(inventory.alarmDictionary(id)));
        });
  }
}
