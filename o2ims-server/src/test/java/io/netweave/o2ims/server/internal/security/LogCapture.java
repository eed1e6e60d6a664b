package io.netweave.o2ims.server.internal.security;

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
 * #access()}) or the audit log ({@link #audit()}): register it with {@code @RegisterExtension} and
 * read {@link #lines()}. The appender is attached before each test and detached after it, so a test
 * sees only its own requests' lines.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final String loggerName;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String loggerName) {
    this.loggerName = loggerName;
  }

  /** The {@code netweave.access} logger's lines. */
  static LogCapture access() {
    return new LogCapture("netweave.access");
  }

  /** The audit log's lines ({@link AuditLog#LOGGER_NAME}). */
  static LogCapture audit() {
    return new LogCapture(AuditLog.LOGGER_NAME);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.start();
    logger().addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger().detachAppender(appender);
    appender.stop();
  }

  /** The lines captured so far, formatted, in the order they were logged. */
  List<String> lines() {
    // the appender adds under its own lock (AppenderBase.doAppend), from the gateway's threads
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private Logger logger() {
    return (Logger) LoggerFactory.getLogger(loggerName);
  }
}
