package io.netweave.o2ims.server.internal.caching;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import java.util.Locale;

/**
 * The one key scheme of cached responses: region, the rendering ({@link #VIEW}), the request path
 * normalised (lower case, without a trailing {@code /}: ids compare case-insensitively and a
 * trailing slash is tolerated, so every spelling of a path shares one entry) and the canonical
 * query. Both the request path ({@code CachedReads}) and the warmer build keys here, so a warmed
 * entry is the one a request looks up.
 */
public final class ResponseKeys {
  /**
   * The rendering of every cached response today, part of each key (the path says the API view).
   * Replicas of two builds share the Redis tier during a rolling upgrade or after a rollback; a
   * build that renders any cached response differently from the previous one gets a new value, so
   * that neither serves the other's rendering from Redis (every build before this one used {@code
   * v1}, and those up to commit 209a83e gave v1 deployment managers {@code supportedLocations:
   * []}). The regions' generations are not part of it, so an invalidation by either build still
   * reaches both. docs/operations.md, "Upgrade".
   */
  public static final String VIEW = "r2";

  private ResponseKeys() {}

  /** The path as keys and paging links use it: lower case, no trailing {@code /}. */
  public static String normalizedPath(String requestPath) {
    String path = requestPath;
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.toLowerCase(Locale.ROOT);
  }

  /**
   * The view part of every key of a process whose paging markers are signed with the key named
   * {@code markerKeyId} ({@link io.netweave.o2ims.model.PageMarkerCodec#keyId}): {@link #VIEW} and
   * that id. A cached list page carries a {@code Link} whose marker only a process with the same
   * key accepts, so processes with another key (no {@code server.page_marker_secret}: each draws
   * its own, also the same replica after a restart; or a rotated secret) never share entries
   * through Redis; replicas sharing the secret share them as before.
   */
  public static String view(String markerKeyId) {
    return VIEW + "." + markerKeyId;
  }

  /** The key of the response to {@code requestPath} with {@code canonicalQuery}. */
  public static CacheKey key(
      String view, CacheRegion region, String requestPath, String canonicalQuery) {
    return new CacheKey(region, view, normalizedPath(requestPath), canonicalQuery);
  }
}
