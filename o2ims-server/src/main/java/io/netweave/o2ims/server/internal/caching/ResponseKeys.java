package io.netweave.o2ims.server.internal.caching;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import java.util.Locale;

/**
 * The one key scheme of cached responses: region, view ({@code v1}), the request path normalised
 * (lower case, without a trailing {@code /}: ids compare case-insensitively and a trailing slash is
 * tolerated, so every spelling of a path shares one entry) and the canonical query. Both the
 * request path ({@code CachedReads}) and the warmer build keys here, so a warmed entry is the one a
 * request looks up.
 */
public final class ResponseKeys {
  /** The view every cached response belongs to today. */
  public static final String VIEW = "v1";

  private ResponseKeys() {}

  /** The path as keys and paging links use it: lower case, no trailing {@code /}. */
  public static String normalizedPath(String requestPath) {
    String path = requestPath;
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.toLowerCase(Locale.ROOT);
  }

  /** The key of the response to {@code requestPath} with {@code canonicalQuery}. */
  public static CacheKey key(CacheRegion region, String requestPath, String canonicalQuery) {
    return new CacheKey(region, VIEW, normalizedPath(requestPath), canonicalQuery);
  }
}
