package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.ListQuery;
import java.util.UUID;

/**
 * The list and get pair of one top-level inventory collection ({@code resourceTypes}, {@code
 * deploymentManagers}, {@code resourcePools}); the per-resource route groups build on it.
 */
final class InventoryRoutes {
  private final InventoryQueryService inventory;
  private final CachedReads reads;
  private final Responses responses;

  InventoryRoutes(InventoryQueryService inventory, CachedReads reads, Responses responses) {
    this.inventory = inventory;
    this.reads = reads;
    this.responses = responses;
  }

  /** Registers {@code GET collection} and {@code GET collection/{idParam}}. */
  void registerCollection(
      Router router, String collection, String idParam, ObjectType type, CacheRegion region) {
    String base = inventory.prefix() + "/" + collection;
    // The key of the whole list asked by the collection's own path, made once: the common list
    // request, whose key would otherwise be a lower-cased copy of the path and a key per request.
    CacheKey wholeList = reads.key(region, base, ListQuery.all().canonical());
    router.add(
        "GET",
        base,
        (ex, p) -> {
          ListQuery query = Requests.listQuery(ex);
          CacheKey key =
              query == ListQuery.all() && ex.getRequestPath().equals(base)
                  ? wholeList
                  : reads.key(region, ex.getRequestPath(), query.canonical());
          // The normalized path is needed only on a miss: a hit does not lower-case it twice.
          reads.serve(
              ex,
              key,
              () -> responses.page(inventory.list(type, query, Requests.normalizedPath(ex)), ex));
        });
    router.add(
        "GET",
        base + "/{" + idParam + "}",
        (ex, p) -> {
          UUID id = Requests.id(p, idParam);
          FieldSelector selector = Requests.selector(ex);
          reads.serve(
              ex,
              region,
              selector.canonical(),
              () -> responses.json(inventory.get(type, id, selector)));
        });
  }
}
