package io.netweave.o2ims.cache;

import java.util.Objects;

/**
 * What a loader of {@link ResponseCache#load} computed: the response, and whether it may be stored
 * (a loader says no when it learnt that its answer may already be out of date, e.g. the data it
 * rendered changed while it rendered). Either way the response is returned to the caller and to
 * every caller that waited for the same load. Immutable.
 *
 * @param response the computed response
 * @param storable whether the cache may keep it
 */
public record Loaded(CachedResponse response, boolean storable) {
  public Loaded {
    Objects.requireNonNull(response, "loader returned null");
  }

  /** A response the cache may keep. */
  public static Loaded storable(CachedResponse response) {
    return new Loaded(response, true);
  }
}
