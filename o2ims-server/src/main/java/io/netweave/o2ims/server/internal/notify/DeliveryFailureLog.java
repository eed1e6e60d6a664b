package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.spi.OutboxEntry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The log lines of failed deliveries, on {@link DeliveryDispatcher}'s logger (the runbook of
 * NetweaveWebhookDeliveryFailing names it): a WARN at a notification's first failed attempt, naming
 * the callback (without its query, where an SMO may put a credential) and the reason, at most one a
 * minute per subscription so that a callback failing now and then under load does not write one per
 * notification; a WARN when a notification is dead-lettered; every other failed attempt at DEBUG.
 *
 * <p>Design note (bounded volume): a shared receiver that goes down fails every subscription that
 * points at it, so each of those two kinds of WARN is written for at most {@link #LINES_PER_WINDOW}
 * events a minute; past that, the events are DEBUG lines and counted, and when the minute ends one
 * WARN sums them up (how many subscriptions and notifications, and the first few callback hosts). A
 * thousand failing callbacks thus give about a dozen lines a minute instead of a thousand; the
 * metrics count every failed attempt whatever the log says. The minute ends at the first failure
 * after it or at the dispatcher's next poll ({@link #flush}), whichever comes first. Thread-safe.
 */
final class DeliveryFailureLog {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);

  private static final Duration WARNING_EVERY = Duration.ofMinutes(1);

  /** Per kind (first failure, dead letter), the WARN lines of single events in a minute. */
  static final int LINES_PER_WINDOW = 10;

  /** Callback hosts named in a summary. */
  private static final int HOSTS_SHOWN = 3;

  /** Past this many subscriptions the table is emptied (deleted ones leave theirs behind). */
  private static final int QUIET_LIMIT = 10_000;

  /** Subscriptions whose failed first attempts are DEBUG lines until the instant. */
  private final Map<UUID, Instant> quietUntil = new ConcurrentHashMap<>();

  /** What one minute logged singly and what it only counted. Guarded by the log. */
  private static final class Window {
    final Instant end;
    int firstLines;
    int deadLines;
    final Set<UUID> firstSubscriptions = new HashSet<>();
    long firstNotifications;
    final Set<UUID> deadSubscriptions = new HashSet<>();
    long deadNotifications;
    final Set<String> hosts = new TreeSet<>();

    Window(Instant end) {
      this.end = end;
    }

    void counted(Set<UUID> subscriptions, UUID sub, String callback) {
      if (subscriptions.size() < QUIET_LIMIT) {
        subscriptions.add(sub);
      }
      if (hosts.size() < QUIET_LIMIT) {
        hosts.add(host(callback));
      }
    }

    boolean summarised() {
      return firstNotifications > 0 || deadNotifications > 0;
    }
  }

  private Window window;

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
    if (attempts == 1 && firstFailureWarned(sub, callback, now)) {
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
  void deadLettered(OutboxEntry entry, String callback, int attempts, String reason, Instant now) {
    Level level =
        deadLetterWarned(entry.subscriptionId(), callback, now) ? Level.WARN : Level.DEBUG;
    LOG.atLevel(level)
        .log(
            "notification {} to subscription {} (callback {}) dead-lettered after {} attempts: {}",
            entry.notificationId(),
            entry.subscriptionId(),
            shown(callback),
            attempts,
            reason);
  }

  /** Ends the minute if it is over, writing its summary if it has one (called on every poll). */
  synchronized void flush(Instant now) {
    current(now);
  }

  private synchronized boolean firstFailureWarned(UUID sub, String callback, Instant now) {
    Window w = current(now);
    Instant until = quietUntil.get(sub);
    if (until != null && now.isBefore(until)) {
      return false;
    }
    if (w.firstLines >= LINES_PER_WINDOW) {
      w.firstNotifications++;
      w.counted(w.firstSubscriptions, sub, callback);
      return false;
    }
    w.firstLines++;
    if (quietUntil.size() >= QUIET_LIMIT) {
      quietUntil.clear();
    }
    quietUntil.put(sub, now.plus(WARNING_EVERY));
    return true;
  }

  private synchronized boolean deadLetterWarned(UUID sub, String callback, Instant now) {
    Window w = current(now);
    if (w.deadLines >= LINES_PER_WINDOW) {
      w.deadNotifications++;
      w.counted(w.deadSubscriptions, sub, callback);
      return false;
    }
    w.deadLines++;
    return true;
  }

  /**
   * The minute {@code now} is in, the one before summed up if it is over. Caller holds the lock.
   */
  private Window current(Instant now) {
    Window w = window;
    if (w != null && now.isBefore(w.end)) {
      return w;
    }
    if (w != null && w.summarised()) {
      summarise(w);
    }
    window = new Window(now.plus(WARNING_EVERY));
    return window;
  }

  private static void summarise(Window w) {
    StringBuilder what = new StringBuilder();
    if (w.firstNotifications > 0) {
      what.append(w.firstSubscriptions.size())
          .append(" more subscriptions failed a first attempt (")
          .append(w.firstNotifications)
          .append(" notifications)");
    }
    if (w.deadNotifications > 0) {
      what.append(what.length() > 0 ? "; " : "")
          .append(w.deadNotifications)
          .append(" more notifications of ")
          .append(w.deadSubscriptions.size())
          .append(" subscriptions were dead-lettered");
    }
    StringBuilder hosts = new StringBuilder();
    w.hosts.stream()
        .limit(HOSTS_SHOWN)
        .forEach(h -> hosts.append(hosts.length() > 0 ? ", " : "").append(h));
    if (w.hosts.size() > HOSTS_SHOWN) {
      hosts.append(" and ").append(w.hosts.size() - HOSTS_SHOWN).append(" more hosts");
    }
    LOG.warn(
        "delivery failures in the minute to {}, past {} lines of each kind: {}; callbacks at {}"
            + " (each at DEBUG; every failed attempt is counted in notifications_failed)",
        w.end,
        LINES_PER_WINDOW,
        what,
        hosts);
  }

  /** A callback's host and port (the authority without user information), or what it is if not. */
  static String host(String callback) {
    try {
      URI uri = new URI(callback);
      String host = uri.getHost();
      if (host == null) {
        return "(not a URI)";
      }
      return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
    } catch (URISyntaxException e) {
      return "(not a URI)";
    }
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
