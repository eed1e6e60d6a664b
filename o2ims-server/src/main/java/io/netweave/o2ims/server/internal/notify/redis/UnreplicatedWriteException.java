package io.netweave.o2ims.server.internal.notify.redis;

import io.netweave.o2ims.server.spi.StoreUnavailableException;
import java.time.Duration;

/**
 * A write reached the Redis master but not the required number of replicas in time (see {@link
 * RedisDurability}). The write is not reported as done, although the master has it: a subscription
 * create answers {@code 503} with {@code Retry-After} as for an unreachable store (a repeated
 * create meets the stored one as a duplicate, and answers {@code 409} once the replicas have it,
 * {@code 503} again until then), an outbox write is retried by its caller.
 */
public final class UnreplicatedWriteException extends StoreUnavailableException {
  private static final long serialVersionUID = 1L;

  UnreplicatedWriteException(String what, long acknowledged, int required, Duration timeout) {
    super(
        what
            + " reached "
            + acknowledged
            + " of the "
            + required
            + " Redis replicas required within "
            + timeout.toMillis()
            + " ms (notifications.redis_wait_replicas, notifications.redis_wait_timeout)");
  }
}
