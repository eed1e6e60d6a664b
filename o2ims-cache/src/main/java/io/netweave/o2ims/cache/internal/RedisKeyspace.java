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

  /** A generation counter's value; a missing counter is generation 0. */
  static long generation(byte[] value) {
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }
}
