package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;

/** {@code {INV}/api_versions}, {@code {INV}/v1} (the O-Cloud) and {@code {INV}/v1/api_versions}. */
final class ApiRootRoutes {
  private final InventoryQueryService inventory;
  private final CachedReads reads;
  private final Responses responses;

  ApiRootRoutes(InventoryQueryService inventory, CachedReads reads, Responses responses) {
    this.inventory = inventory;
    this.reads = reads;
    this.responses = responses;
  }

  void register(Router router) {
    String inv = InventoryQueryService.PREFIX;
    router.add(
        "GET",
        inv + "/api_versions",
        (ex, p) -> Responses.write(ex, responses.json(inventory.apiVersions())));
    router.add(
        "GET",
        inv + "/v1/api_versions",
        (ex, p) -> Responses.write(ex, responses.json(inventory.v1Versions())));
    router.add(
        "GET",
        inv + "/v1",
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
