package io.netweave.o2ims.server.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.SequenceNumberGenerator;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs one finished line at {@code INFO} (the access log's, once per request) through logback
 * without the one costly step of {@code Logger.info(String)} the line does not need: logback's
 * event constructor reads the time as an {@code Instant} from {@code Clock.systemUTC()}, a native
 * call through JNI on every event (about a quarter of logback's part of an access-log line in a CPU
 * profile, docs/performance.md, "The per-request path"). Here the event is logback's own {@link
 * LoggingEvent}, filled with the same values (logger, level, message, thread, logger context) and
 * the millisecond time from {@link System#currentTimeMillis()}, and handed to the logger's
 * appenders as {@code Logger.info} does. Everything operators configure still applies: the logger's
 * level (and its parents'), its appenders and additivity, the appenders' filters and encoders. When
 * the logger context has turbo filters (which {@code Logger.info} consults with the message first)
 * or the logger is not logback's, the line goes through {@code Logger.info} unchanged.
 *
 * <p>The event's time has millisecond precision (its nanoseconds within the millisecond are 0),
 * which is what the jar's pattern prints. Caller data ({@code %caller}, {@code %line}: logback
 * computes it only for patterns that ask) is not found for these events, since logback locates the
 * caller by its own logger class on the stack. Stateless; thread-safe.
 */
public final class InfoLines {
  /**
   * The time of the last line logged, shared by every line of the same millisecond: an {@code
   * Instant} is immutable, and at tens of thousands of access-log lines a second most lines would
   * otherwise make one equal to the previous line's.
   */
  private static volatile Instant lastTime = Instant.EPOCH;

  private InfoLines() {}

  /** Logs {@code line} at INFO on {@code logger}, as {@code logger.info(line)} would. */
  public static void info(Logger logger, String line) {
    ch.qos.logback.classic.Logger logback = direct(logger);
    if (logback == null) {
      logger.info(line);
    } else if (logback.isInfoEnabled()) {
      logback.callAppenders(event(logback, line));
    }
  }

  /**
   * Logs {@code message}'s text at INFO on {@code logger}, as {@code logger.info(line)} would with
   * its text: the event's message is {@link AsciiMessage#FORMAT} with {@code message} as its
   * argument, so that the jar's encoder writes it without making its text, and everything else sees
   * the same formatted message. With turbo filters, which are given the message before any event
   * exists, the text is logged as before ({@code DuplicateMessageFilter}, for one, keys on it).
   */
  public static void info(Logger logger, AsciiMessage message) {
    ch.qos.logback.classic.Logger logback = direct(logger);
    if (logback == null) {
      logger.info(message.toString());
    } else if (logback.isInfoEnabled()) {
      LoggingEvent event = event(logback, AsciiMessage.FORMAT);
      event.setArgumentArray(new Object[] {message});
      logback.callAppenders(event);
    }
  }

  /**
   * The logback logger whose appenders are called directly, or null when the line goes through
   * {@code Logger.info}: another SLF4J binding, or a context with turbo filters.
   */
  private static ch.qos.logback.classic.Logger direct(Logger logger) {
    return logger instanceof ch.qos.logback.classic.Logger logback
            && logback.getLoggerContext().getTurboFilterList().isEmpty()
        ? logback
        : null;
  }

  private static LoggingEvent event(ch.qos.logback.classic.Logger logback, String message) {
    LoggerContext context = logback.getLoggerContext();
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(context);
    event.setLoggerContextRemoteView(context.getLoggerContextRemoteView());
    event.setLoggerName(logback.getName());
    event.setLevel(Level.INFO);
    event.setMessage(message);
    event.setInstant(time(System.currentTimeMillis()));
    SequenceNumberGenerator sequence = context.getSequenceNumberGenerator();
    if (sequence != null) {
      event.setSequenceNumber(sequence.nextSequenceNumber());
    }
    return event;
  }

  /** The instant of {@code millis}: the last line's when it was logged in the same millisecond. */
  static Instant time(long millis) {
    Instant last = lastTime;
    if (last.toEpochMilli() == millis) {
      return last;
    }
    Instant now = Instant.ofEpochMilli(millis);
    lastTime = now;
    return now;
  }
}
