package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.spi.OutboxEntry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of failed deliveries, on {@link DeliveryDispatcher}'s logger (the runbook of
 * NetweaveWebhookDeliveryFailing names it): a WARN at a notification's first failed attempt, naming
 * the callback (without its query, where an SMO may put a credential) and the reason, at most one a
 * minute per subscription so that a callback failing now and then under load does not write one per
 * notification; a WARN when a notification is dead-lettered; every other failed attempt at DEBUG.
 * Thread-safe (one worker delivers a subscription's queue at a time).
 */
final class DeliveryFailureLog {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);

  private static final Duration WARNING_EVERY = Duration.ofMinutes(1);

  /** Past this many subscriptions the table is emptied (deleted ones leave theirs behind). */
  private static final int QUIET_LIMIT = 10_000;

  /** Subscriptions whose failed first attempts are DEBUG lines until the instant. */
  private final Map<UUID, Instant> quietUntil = new ConcurrentHashMap<>();

  /** A failed attempt that will be retried after {@code wait}. */
  void failed(
      OutboxEntry entry,
      String callback,
      int attempts,
      String reason,
      Duration wait,
      int maxAttempts,
      Instant now) {
    UUID sub = entry.subscriptionId();
    if (attempts == 1 && warning(sub, now)) {
      LOG.warn(
          "notification {} to subscription {} (callback {}) failed: {}; retrying in {} ms, up to"
              + " {} attempts (its later failures, and the subscription's other failures within"
              + " a minute, at DEBUG)",
          entry.notificationId(),
          sub,
          shown(callback),
          reason,
          wait.toMillis(),
          maxAttempts);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug(
          "notification {} to subscription {} (callback {}) failed, attempt {}: {}",
          entry.notificationId(),
          sub,
          shown(callback),
          attempts,
          reason);
    }
  }

  /** The last attempt failed: the notification goes to the dead letters. */
  void deadLettered(OutboxEntry entry, String callback, int attempts, String reason) {
    LOG.warn(
        "notification {} to subscription {} (callback {}) dead-lettered after {} attempts: {}",
        entry.notificationId(),
        entry.subscriptionId(),
        shown(callback),
        attempts,
        reason);
  }

  private boolean warning(UUID sub, Instant now) {
    Instant until = quietUntil.get(sub);
    if (until != null && now.isBefore(until)) {
      return false;
    }
    if (quietUntil.size() >= QUIET_LIMIT) {
      quietUntil.clear();
    }
    quietUntil.put(sub, now.plus(WARNING_EVERY));
    return true;
  }

  /** Scheme, host, port and path, without the query; cut at 256 characters. */
  static String shown(String callback) {
    String shown;
    try {
      URI uri = new URI(callback);
      shown =
          uri.getScheme() + "://" + uri.getRawAuthority() + Objects.toString(uri.getRawPath(), "");
    } catch (URISyntaxException e) {
      shown = "(not a URI)";
    }
    return shown.length() > 256 ? shown.substring(0, 256) + "..." : shown;
  }
}
