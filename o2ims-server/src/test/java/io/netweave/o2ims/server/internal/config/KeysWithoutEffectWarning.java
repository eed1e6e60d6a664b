package io.netweave.o2ims.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The start-up warning a configuration section writes when keys are set that have no effect (TLS
 * keys without a certificate, Redis keys without a URL): what a class's logger logged while some
 * loads ran ({@link #loggedBy}), and the check that it was that one WARN ({@link
 * #assertOneWarning}). Static methods only.
 */
public final class KeysWithoutEffectWarning {
  private KeysWithoutEffectWarning() {}

  /** A configuration step that may throw (a load reading a file). */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  /** Every event the logger of {@code owner} logged while {@code steps} ran, in order. */
  public static List<ILoggingEvent> loggedBy(Class<?> owner, Step steps) throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(owner);
    log.start();
    logger.addAppender(log);
    try {
      steps.run();
    } finally {
      logger.detachAppender(log);
    }
    return List.copyOf(log.list);
  }

  /**
   * Asserts that {@code events} are exactly one WARN whose message starts with {@code start} (the
   * keys, in order, and why they have no effect) and contains each of {@code phrases}.
   */
  public static void assertOneWarning(List<ILoggingEvent> events, String start, String... phrases) {
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).startsWith(start).contains(phrases);
            });
  }
}
