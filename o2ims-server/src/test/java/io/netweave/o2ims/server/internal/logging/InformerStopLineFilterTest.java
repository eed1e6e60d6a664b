package io.netweave.o2ims.server.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class InformerStopLineFilterTest {
  private static final String CONTROLLER = "io.kubernetes.client.informer.cache.Controller";
  private static final String LISTENER = "io.kubernetes.client.informer.cache.ProcessorListener";

  private final InformerStopLineFilter filter = new InformerStopLineFilter();
  private final LoggerContext context = new LoggerContext();

  private FilterReply error(String logger, String message, Throwable thrown) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(context);
    event.setLoggerName(logger);
    event.setLevel(Level.ERROR);
    event.setMessage(message);
    if (thrown != null) {
      event.setThrowableProxy(new ThrowableProxy(thrown));
    }
    return filter.decide(event);
  }

  @Test
  void theClientsLinesAboutTheInterruptsOfAStoppingInformerAreDropped() {
    assertThat(
            error(
                CONTROLLER,
                "DefaultController#processLoop get interrupted {}",
                new InterruptedException()))
        .isEqualTo(FilterReply.DENY);
    assertThat(error(LISTENER, "processor interrupted: {}", new InterruptedException()))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void theirOtherLinesAndOtherLoggersInterruptsStay() {
    assertThat(
            error(
                LISTENER,
                "failed invoking UPDATE event handler: {}",
                new IllegalStateException("boom")))
        .as("an event handler that threw")
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(error(CONTROLLER, "DefaultController#processLoop recovered from crashing {}", null))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            error(
                "io.netweave.o2ims.k8s.KubernetesInventorySource", "x", new InterruptedException()))
        .isEqualTo(FilterReply.NEUTRAL);
  }
}
