package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * Optional replica acknowledgement of the writes that are promises to a client (subscriptions,
 * outbox entries, delivery state): after such a write, {@code WAIT replicas timeout} on the same
 * connection, and the write counts as done only if that many replicas have it. Without it, a write
 * the master acknowledged can be lost when the master dies before a replica copied it and Sentinel
 * promotes that replica.
 *
 * <p>Cost: every such write waits one replication round trip (up to {@code timeout} when replicas
 * lag), and since the connection is shared, commands queued behind a {@code WAIT} wait with it.
 * Thread-safe; borrows the connection.
 */
public final class RedisDurability {
  private static final RedisDurability NONE = new RedisDurability(null, 0, Duration.ZERO);

  private final RedisCommands<String, String> redis;
  private final int replicas;
  private final Duration timeout;

  private RedisDurability(RedisCommands<String, String> redis, int replicas, Duration timeout) {
    this.redis = redis;
    this.replicas = replicas;
    this.timeout = timeout;
  }

  /** Writes are done when the master has them (Redis's default). */
  public static RedisDurability masterOnly() {
    return NONE;
  }

  /**
   * Writes are done when {@code replicas} replicas have them; {@code 0} is {@link #masterOnly()}.
   *
   * @throws IllegalArgumentException if {@code replicas} is negative or {@code timeout} not
   *     positive
   */
  public static RedisDurability waitFor(
      RedisCommands<String, String> redis, int replicas, Duration timeout) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
    }
    if (replicas == 0) {
      return NONE;
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the WAIT timeout must be positive, not " + timeout);
    }
    return new RedisDurability(redis, replicas, timeout);
  }

  /**
   * Returns once enough replicas have every write made on the connection so far.
   *
   * @throws UnreplicatedWriteException if fewer replicas acknowledged within the timeout; the write
   *     may or may not survive a failover, so it must not be reported as done
   */
  void acknowledge(String what) {
    if (replicas == 0) {
      return;
    }
    Long acknowledged = redis.waitForReplication(replicas, timeout.toMillis());
    long got = acknowledged == null ? 0 : acknowledged;
    if (got < replicas) {
      throw new UnreplicatedWriteException(what, got, replicas, timeout);
    }
  }
}
