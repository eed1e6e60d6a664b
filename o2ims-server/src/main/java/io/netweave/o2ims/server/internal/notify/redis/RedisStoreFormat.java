package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.server.internal.notify.StoreFormat;
import java.util.List;
import java.util.Optional;

/**
 * The Redis store's format marks: one key per key prefix the store uses ({@code
 * <subscriptions.redis_prefix>subs:format}, {@code <notifications.redis_prefix>format}), each set
 * to {@link StoreFormat#CURRENT} when absent (a store of an earlier release, which all wrote that
 * format, or a new one) and otherwise read. Replicas of this release and earlier ones share the
 * store; a replica of this release refuses a store a later one marked with another format.
 * Stateless.
 */
public final class RedisStoreFormat {
  private final List<String> keys;

  /**
   * @param keys the mark's keys, one per prefix
   */
  public RedisStoreFormat(List<String> keys) {
    this.keys = List.copyOf(keys);
  }

  /** The marks of the store under these prefixes. */
  public static RedisStoreFormat of(String subscriptionsPrefix, String notificationsPrefix) {
    return new RedisStoreFormat(
        List.of(subscriptionsPrefix + "subs:format", notificationsPrefix + "format"));
  }

  /**
   * Reads every mark and, when none refuses, marks the keys that are absent.
   *
   * @return the refusal of the first mark in another format (then nothing was written), or empty
   *     when this release reads them all
   * @throws io.lettuce.core.RedisException when Redis does not answer
   */
  public Optional<String> check(RedisCommands<String, String> redis) {
    for (String key : keys) {
      String mark = redis.get(key);
      if (mark != null) {
        Optional<String> refusal = StoreFormat.refusal("the Redis key " + key, mark);
        if (refusal.isPresent()) {
          return refusal;
        }
      }
    }
    for (String key : keys) {
      redis.setnx(key, Integer.toString(StoreFormat.CURRENT));
    }
    return Optional.empty();
  }
}
