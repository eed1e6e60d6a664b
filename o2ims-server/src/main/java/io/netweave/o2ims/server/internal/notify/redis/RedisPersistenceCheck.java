package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks once, at start, at whether the Redis that holds the notification store keeps its data
 * across a restart ({@code CONFIG GET appendonly} and {@code save}), and warns when it does not:
 * with {@code notifications.store: redis} the subscriptions, alarm subscriptions and pending
 * notifications live only there, so a Redis restarted without persistence comes back empty and the
 * gateway goes on serving an empty subscription list (the performance guide suggests turning
 * persistence off "if acceptable"; for this store it is not). A Redis that refuses {@code CONFIG}
 * (managed services often rename it) or does not answer within the timeout is only noted at INFO.
 * Stateless; the connection is borrowed.
 */
public final class RedisPersistenceCheck {
  private static final Logger LOG = LoggerFactory.getLogger(RedisPersistenceCheck.class);

  private RedisPersistenceCheck() {}

  /**
   * The warning for these settings, or empty when appended writes survive a restart.
   *
   * @param appendOnly the value of {@code appendonly}
   * @param save the value of {@code save} (empty: no RDB snapshots)
   */
  static Optional<String> warning(String appendOnly, String save) {
    if ("yes".equalsIgnoreCase(appendOnly.strip())) {
      return Optional.empty();
    }
    String consequence =
        save.isBlank()
            ? "keeps nothing across a restart (appendonly no, save \"\"): a Redis restart loses"
                + " every subscription, alarm subscription and pending notification"
            : "keeps only RDB snapshots (appendonly no, save \""
                + save.strip()
                + "\"): a Redis restart loses the subscriptions and notifications written since"
                + " the last snapshot";
    return Optional.of(
        "the Redis of notifications.store redis "
            + consequence
            + ", and the gateway cannot tell; turn on the append-only file (appendonly yes,"
            + " appendfsync everysec) on that Redis (docs/operations.md, \"Redis restarts\")");
  }

  /** Reads the persistence settings and logs the outcome; never throws. */
  public static void run(StatefulRedisConnection<String, String> connection, Duration timeout) {
    try {
      Map<String, String> appendOnly =
          connection.async().configGet("appendonly").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, String> save =
          connection.async().configGet("save").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      warning(appendOnly.getOrDefault("appendonly", ""), save.getOrDefault("save", ""))
          .ifPresent(LOG::warn);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.info(
          "could not read the persistence settings of the notification store's Redis ({}):"
              + " make sure it keeps an append-only file, or a Redis restart loses every"
              + " subscription",
          e.getMessage());
    }
  }
}
