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
    if (!(logger instanceof ch.qos.logback.classic.Logger logback)) {
      logger.info(line);
      return;
    }
    LoggerContext context = logback.getLoggerContext();
    if (!context.getTurboFilterList().isEmpty()) {
      logger.info(line);
      return;
    }
    if (!logback.isInfoEnabled()) {
      return;
    }
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(context);
    event.setLoggerContextRemoteView(context.getLoggerContextRemoteView());
    event.setLoggerName(logback.getName());
    event.setLevel(Level.INFO);
    event.setMessage(line);
    event.setInstant(time(System.currentTimeMillis()));
    SequenceNumberGenerator sequence = context.getSequenceNumberGenerator();
    if (sequence != null) {
      event.setSequenceNumber(sequence.nextSequenceNumber());
    }
    logback.callAppenders(event);
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
