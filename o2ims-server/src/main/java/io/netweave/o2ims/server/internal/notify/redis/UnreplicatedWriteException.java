package io.netweave.o2ims.server.internal.notify.redis;

import java.time.Duration;

/**
 * A write reached the Redis master but not the required number of replicas in time (see {@link
 * RedisDurability}). The write is not reported as done: a subscription create answers 5xx, an
 * outbox write is retried by its caller.
 */
public final class UnreplicatedWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnreplicatedWriteException(String what, long acknowledged, int required, Duration timeout) {
    super(
        what
            + " reached "
            + acknowledged
            + " of the "
            + required
            + " Redis replicas required within "
            + timeout
            + " (notifications.redis_wait_replicas)");
  }
}
