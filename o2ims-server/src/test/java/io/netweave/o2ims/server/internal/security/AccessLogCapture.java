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
 * Captures the lines the gateway writes to the {@code netweave.access} logger during each test:
 * register it with {@code @RegisterExtension} and read {@link #lines()}. The appender is attached
 * before each test and detached after it, so a test sees only its own requests' lines.
 */
final class AccessLogCapture implements BeforeEachCallback, AfterEachCallback {
  private static final String LOGGER = "netweave.access";
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

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

  /** The access-log lines captured so far, formatted, in the order they were logged. */
  List<String> lines() {
    // the appender adds under its own lock (AppenderBase.doAppend), from the gateway's threads
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(LOGGER);
  }
}
