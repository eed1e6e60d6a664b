package io.netweave.o2ims.cache;

import java.util.Objects;

/**
 * Identifies one cached response: the API view (e.g. {@code v1}), the request path and the
 * canonical form of its query (parsed and re-printed, so equivalent queries share an entry).
 */
public record CacheKey(CacheRegion region, String view, String path, String canonicalQuery) {
  public CacheKey {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(canonicalQuery, "canonicalQuery");
  }
}
