package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;

/**
 * {@code {INV}/api_versions}, and per view {@code {INV}/vN} (the O-Cloud) and its {@code
 * api_versions}.
 */
final class ApiRootRoutes {
  private final InventoryQueryService inventory;
  private final CachedReads reads;
  private final Responses responses;

  ApiRootRoutes(InventoryQueryService inventory, CachedReads reads, Responses responses) {
    this.inventory = inventory;
    this.reads = reads;
    this.responses = responses;
  }

  /** Registers {@code {INV}/api_versions}, once for all views. */
  void registerRoot(Router router) {
    router.add(
        "GET",
        InventoryQueryService.PREFIX + "/api_versions",
        (ex, p) -> Responses.write(ex, responses.json(inventory.apiVersions())));
  }

  /** Registers this view's {@code api_versions} and O-Cloud. */
  void register(Router router) {
    String base = inventory.prefix();
    router.add(
        "GET",
        base + "/api_versions",
        (ex, p) -> Responses.write(ex, responses.json(inventory.viewVersions())));
    router.add(
        "GET",
        base,
        (ex, p) -> {
          FieldSelector selector = Requests.selector(ex);
          reads.serve(
              ex,
              CacheRegion.OCLOUD,
              selector.canonical(),
              () -> responses.json(inventory.ocloud(selector)));
        });
  }
}
