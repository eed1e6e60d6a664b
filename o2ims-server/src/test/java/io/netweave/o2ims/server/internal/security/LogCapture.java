package io.netweave.o2ims.server.internal.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures the lines the gateway writes to one logger during each test, the access log ({@link
 * #access()}), the audit log ({@link #audit()}), every logger ({@link #all()}) or one class's
 * ({@link #of(Class)}, also from other packages' tests): register it with
 * {@code @RegisterExtension} and read {@link #lines()}; or the error mapper's, at DEBUG ({@link
 * #problemsAtDebug()}). The appender is attached before each test and detached after it, so a test
 * sees only its own requests' lines.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final String loggerName;
  private final Level level; // set during each test, or null to leave the logger's own
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level levelBefore;

  private LogCapture(String loggerName) {
    this(loggerName, null);
  }

  private LogCapture(String loggerName, Level level) {
    this.loggerName = loggerName;
    this.level = level;
  }

  /** The {@code netweave.access} logger's lines. */
  static LogCapture access() {
    return new LogCapture("netweave.access");
  }

  /** The audit log's lines ({@link AuditLog#LOGGER_NAME}). */
  static LogCapture audit() {
    return new LogCapture(AuditLog.LOGGER_NAME);
  }

  /**
   * Every logger's lines (the root logger's appenders see them all): read {@link #errors()} to see
   * that a test's requests logged no ERROR.
   */
  static LogCapture all() {
    return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** The lines of {@code type}'s logger (the one {@code LoggerFactory.getLogger(type)} gives). */
  public static LogCapture of(Class<?> type) {
    return new LogCapture(type.getName());
  }

  /**
   * The error mapper's logger ({@code Problems}), at DEBUG during each test (its level is restored
   * after), to see the one DEBUG line it writes for a request the client gave up on.
   */
  static LogCapture problemsAtDebug() {
    return new LogCapture("io.netweave.o2ims.server.internal.http.Problems", Level.DEBUG);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (level != null) {
      levelBefore = logger().getLevel();
      logger().setLevel(level);
    }
    appender.start();
    logger().addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger().detachAppender(appender);
    appender.stop();
    if (level != null) {
      logger().setLevel(levelBefore);
    }
  }

  /** Forgets what was captured so far (a test's preparation), keeps capturing. */
  void clear() {
    synchronized (appender) {
      appender.list.clear();
    }
  }

  /** The lines captured so far, formatted, in the order they were logged. */
  public List<String> lines() {
    // the appender adds under its own lock (AppenderBase.doAppend), from the gateway's threads
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** The events captured so far, in the order they were logged. */
  public List<ILoggingEvent> events() {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  /** The ERROR lines captured so far, each with its logger's name and any exception's class. */
  List<String> errors() {
    synchronized (appender) {
      return appender.list.stream()
          .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
          .map(
              event ->
                  event.getLoggerName()
                      + " "
                      + event.getFormattedMessage()
                      + (event.getThrowableProxy() == null
                          ? ""
                          : " " + event.getThrowableProxy().getClassName()))
          .toList();
    }
  }

  private Logger logger() {
    return (Logger) LoggerFactory.getLogger(loggerName);
  }
}
