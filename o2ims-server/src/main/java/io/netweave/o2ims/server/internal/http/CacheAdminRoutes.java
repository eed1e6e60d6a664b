package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manual cache invalidation, the performance guide's "emergency" lever: {@code POST
 * /admin/v1/cache/invalidate} drops every cached response, {@code POST
 * /admin/v1/cache/invalidate?region=resource_pools} (repeatable) only those regions. With a shared
 * Redis tier the other replicas drop theirs too. Answers 200 with the regions invalidated; an
 * unknown region is a 400 naming the known ones. Invalidation never blocks, so it runs on the IO
 * thread.
 */
final class CacheAdminRoutes {
  static final String PATH = "/admin/v1/cache/invalidate";

  private final ResponseCache cache;
  private final Responses responses;

  CacheAdminRoutes(ResponseCache cache, Responses responses) {
    this.cache = cache;
    this.responses = responses;
  }

  void register(Router router) {
    router.addEvaluatingPreconditions(
        "POST",
        PATH,
        (ex, p, preconditions) -> {
          preconditions.run();
          List<String> names =
              ex.getQueryParameters().getOrDefault("region", new java.util.ArrayDeque<>()).stream()
                  .toList();
          List<CacheRegion> regions = names.stream().map(CacheAdminRoutes::region).toList();
          if (regions.isEmpty()) {
            cache.invalidateAll();
          } else {
            regions.forEach(cache::invalidate);
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put(
              "invalidated",
              (regions.isEmpty() ? Arrays.asList(CacheRegion.values()) : regions)
                  .stream().map(CacheRegion::configName).toList());
          Responses.write(ex, responses.json(200, body, Map.of()));
        });
  }

  private static CacheRegion region(String name) {
    try {
      return CacheRegion.fromConfigName(name);
    } catch (IllegalArgumentException e) {
      throw QueryProblem.badRequest(
          "unknown cache region '"
              + name
              + "'; known: "
              + Arrays.stream(CacheRegion.values()).map(CacheRegion::configName).toList());
    }
  }
}
