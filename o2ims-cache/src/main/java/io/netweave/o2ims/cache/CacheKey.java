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

  // equals and hashCode are written out: every cache lookup hashes and compares a key, and the
  // record's generated ones go through a method-handle chain that the JIT did not flatten (it
  // showed as a share of a cached request's CPU time, docs/performance.md "The per-request path").

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheKey k
        && region == k.region
        && path.equals(k.path)
        && canonicalQuery.equals(k.canonicalQuery)
        && view.equals(k.view);
  }

  @Override
  public int hashCode() {
    return ((region.ordinal() * 31 + view.hashCode()) * 31 + path.hashCode()) * 31
        + canonicalQuery.hashCode();
  }
}
