package io.netweave.o2ims.server.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets Lettuce's {@code Cannot connect Redis Sentinel at <uri>: <cause>} WARN (logger {@code
 * io.lettuce.core.RedisClient}) through at most once per {@link #setRepeatSeconds} (one minute) per
 * Sentinel address, and every other line unchanged. Lettuce writes that line at every reconnection
 * attempt of every connection while the Sentinels cannot be reached, about one every 2 s per
 * connection and Sentinel, with no rate limit of its own; the gateway's other outage lines ({@code
 * RedisConnectionLog}, the notification engine, the rate limiter) say at most one WARN a minute per
 * address or operation, and so does this line now. The first line of a Sentinel's outage always
 * passes; the lines in between are dropped (an appender filter cannot rewrite a line, so the one
 * that passes does not count them). The address is the text between the prefix and the first {@code
 * ": "} ({@code redis://10.0.0.7:26379}); a line without one is its own key.
 *
 * <p>Why an appender filter and not a turbo filter: a turbo filter runs before every log call of
 * the process and turns off the access log's fast path ({@link InfoLines}); this filter costs one
 * string comparison of the logger name per line that reaches the appender. So it has to be attached
 * to each appender that should not repeat the line (the jar's {@code logback.xml} attaches it to
 * its one appender, {@code STDERR}); an operator's own logback file adds {@code <filter
 * class="io.netweave.o2ims.server.internal.logging.SentinelLineFilter"/>} to its appenders.
 *
 * <p>Thread-safe (one compare-and-set per passed line). Times come from the clock given to the
 * constructor; logback uses the no-argument one (the system clock).
 */
public final class SentinelLineFilter extends Filter<ILoggingEvent> {
  /** The logger Lettuce writes the line to. */
  public static final String LOGGER = "io.lettuce.core.RedisClient";

  /** How the line starts, before the Sentinel's URI. */
  public static final String PREFIX = "Cannot connect Redis Sentinel at ";

  /** More addresses than any Sentinel set has: past it the table is emptied (bounds its size). */
  private static final int MAX_ADDRESSES = 256;

  private final Clock clock;
  private final Map<String, Instant> nextLine = new ConcurrentHashMap<>();
  private volatile Duration repeatEvery = Duration.ofMinutes(1);

  /** For logback: the system clock. */
  public SentinelLineFilter() {
    this(Clock.systemUTC());
  }

  /** With the given clock (tests advance a fake one). */
  public SentinelLineFilter(Clock clock) {
    this.clock = clock;
  }

  /**
   * The least time between two lines for one Sentinel address, in seconds (default 60); {@code
   * <repeatSeconds>} in logback.xml.
   *
   * @throws IllegalArgumentException when not positive
   */
  public void setRepeatSeconds(long seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("repeatSeconds must be at least 1, not " + seconds);
    }
    repeatEvery = Duration.ofSeconds(seconds);
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!LOGGER.equals(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    String message = event.getMessage();
    if (message == null || !message.startsWith(PREFIX)) {
      return FilterReply.NEUTRAL;
    }
    int end = message.indexOf(": ", PREFIX.length());
    String address = end < 0 ? message : message.substring(PREFIX.length(), end);
    Instant now = clock.instant();
    if (nextLine.size() > MAX_ADDRESSES) {
      nextLine.clear();
    }
    Instant next = nextLine.get(address);
    if (next == null) {
      return nextLine.putIfAbsent(address, now.plus(repeatEvery)) == null
          ? FilterReply.NEUTRAL
          : FilterReply.DENY;
    }
    if (now.isBefore(next)) {
      return FilterReply.DENY;
    }
    return nextLine.replace(address, next, now.plus(repeatEvery))
        ? FilterReply.NEUTRAL
        : FilterReply.DENY;
  }
}
