package io.netweave.o2ims.cache.internal;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Names in Redis, all under one configurable prefix: entries {@code
 * <prefix>r:<REGION>:<generation>: <view length>:<view>:<path length>:<path>?<canonical query>}
 * (lengths make the key unambiguous), one generation counter per region {@code
 * <prefix>gen:<REGION>}, and the invalidation channel {@code <prefix>invalidations} carrying {@code
 * <sender id> <REGION> <new generation>}.
 *
 * <p>Immutable and thread-safe.
 */
record RedisKeyspace(String prefix) {

  /**
   * Returns a region's generation, creating the counter at ARGV[1] (the current time in
   * microseconds) when it is missing.
   */
  static final String READ_GENERATION =
      "local v = redis.call('GET', KEYS[1]) "
          + "if v then return tonumber(v) end "
          + "redis.call('SET', KEYS[1], ARGV[1]) "
          + "return tonumber(ARGV[1])";

  /**
   * Increments a region's generation, creating the counter at ARGV[1] when it is missing; returns
   * the new generation.
   */
  static final String BUMP_GENERATION =
      "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end "
          + "redis.call('SET', KEYS[1], ARGV[1]) "
          + "return tonumber(ARGV[1])";

  /** An invalidation announced by a replica. */
  record Invalidation(String sender, CacheRegion region, long generation) {}

  byte[] entryKey(CacheKey key, long generation) {
    String text =
        prefix
            + "r:"
            + key.region().name()
            + ':'
            + generation
            + ':'
            + key.view().length()
            + ':'
            + key.view()
            + ':'
            + key.path().length()
            + ':'
            + key.path()
            + '?'
            + key.canonicalQuery();
    return text.getBytes(StandardCharsets.UTF_8);
  }

  byte[] generationKey(CacheRegion region) {
    return (prefix + "gen:" + region.name()).getBytes(StandardCharsets.UTF_8);
  }

  byte[] channel() {
    return (prefix + "invalidations").getBytes(StandardCharsets.UTF_8);
  }

  byte[] message(String sender, CacheRegion region, long generation) {
    return (sender + ' ' + region.name() + ' ' + generation).getBytes(StandardCharsets.UTF_8);
  }

  /** The invalidation in a message, or empty if the message is not one. */
  Optional<Invalidation> parse(byte[] message) {
    String[] parts = new String(message, StandardCharsets.UTF_8).split(" ");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Invalidation(parts[0], CacheRegion.valueOf(parts[1]), Long.parseLong(parts[2])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
