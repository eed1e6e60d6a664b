package io.netweave.o2ims.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped logback configuration keeps Lettuce's per-attempt reconnection lines below INFO
 * (RedisConnectionLog says the same once per Redis address), and the tests' configuration, which
 * StoreOutageLogIT counts lines under, does the same; both rate-limit Lettuce's Sentinel line
 * ({@link SentinelLineFilter}) on their appender.
 */
class LogbackConfigurationTest {
  private static final List<String> LETTUCE_RECONNECTION =
      List.of(
          "io.lettuce.core.protocol.ConnectionWatchdog",
          "io.lettuce.core.protocol.ReconnectionHandler");

  @Test
  void lettucesReconnectionLinesDoNotReachTheOperatorAtWarnOrInfo() throws JoranException {
    for (String file :
        List.of("src/main/resources/logback.xml", "src/test/resources/logback-test.xml")) {
      LoggerContext context = load(Path.of(file));
      Level watchdog = context.getLogger(LETTUCE_RECONNECTION.get(0)).getEffectiveLevel();
      Level handler = context.getLogger(LETTUCE_RECONNECTION.get(1)).getEffectiveLevel();
      // "Cannot reconnect to [host:port]: cause" is a WARN, "Reconnecting" an INFO.
      assertThat(watchdog).as(file).isEqualTo(Level.ERROR);
      // "Reconnected to host:port" is an INFO; its ERROR ("Disabling autoReconnect due to
      // initialization failure") is not about an outage and stays.
      assertThat(handler).as(file).isEqualTo(Level.WARN);
      assertThat(context.getLogger("io.lettuce.core.RedisClient").getEffectiveLevel())
          .as("other Lettuce loggers keep the root's level")
          .isEqualTo(Level.INFO);
      context.stop();
    }
  }

  @Test
  void theKubernetesInformerLoopsPerRetryLineDoesNotReachTheOperator() throws JoranException {
    LoggerContext context = load(Path.of("src/main/resources/logback.xml"));
    // "Start listing and watching..." (INFO) at every retry; ApiHealth logs the outage once.
    assertThat(
            context
                .getLogger("io.kubernetes.client.informer.cache.ReflectorRunnable")
                .getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.netweave.o2ims.k8s.internal.ApiHealth").getEffectiveLevel())
        .isEqualTo(Level.INFO);
    context.stop();
  }

  @Test
  void lettucesSentinelLineIsRateLimitedAndTheInformersStopLinesDroppedOnEveryAppender()
      throws JoranException {
    for (String file :
        List.of("src/main/resources/logback.xml", "src/test/resources/logback-test.xml")) {
      LoggerContext context = load(Path.of(file));
      Appender<ILoggingEvent> stderr =
          context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
      assertThat(stderr).as(file).isNotNull();
      assertThat(stderr.getCopyOfAttachedFiltersList())
          .as(file)
          .hasAtLeastOneElementOfType(SentinelLineFilter.class)
          .hasAtLeastOneElementOfType(InformerStopLineFilter.class);
      context.stop();
    }
  }

  private static LoggerContext load(Path file) throws JoranException {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(file.toFile());
    return context;
  }
}
