package io.netweave.o2ims.cache;

import java.util.Objects;

/**
 * Identifies one cached response: the API view (e.g. {@code v1}), the request path and the
 * canonical form of its query (parsed and re-printed, so equivalent queries share an entry).
 *
 * <p>{@code equals} and {@code hashCode} are written out: every cache hit hashes a key, and the
 * record's generated ones go through a method-handle chain that the JIT does not always reduce to
 * plain field reads (see docs/performance.md, "The per-request path").
 */
public record CacheKey(CacheRegion region, String view, String path, String canonicalQuery) {
  public CacheKey {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(canonicalQuery, "canonicalQuery");
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof CacheKey k
            && region == k.region
            && path.equals(k.path)
            && canonicalQuery.equals(k.canonicalQuery)
            && view.equals(k.view);
  }

  @Override
  public int hashCode() {
    int h = region.ordinal();
    h = 31 * h + view.hashCode();
    h = 31 * h + path.hashCode();
    return 31 * h + canonicalQuery.hashCode();
  }
}
