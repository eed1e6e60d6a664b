package io.netweave.o2ims.server.internal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;

/**
 * Drops the Kubernetes client's ERROR lines about the interrupt of its own informer threads, and
 * lets every other line through unchanged. Stopping an informer (every shutdown of a gateway on the
 * Kubernetes backend, and a cluster removed at run time) interrupts its controller thread and its
 * listeners' threads, and the client then logs {@code DefaultController#processLoop get
 * interrupted} ({@code ...informer.cache.Controller}) and {@code processor interrupted} ({@code
 * ...informer.cache.ProcessorListener}) at ERROR with the {@link InterruptedException}'s stack
 * trace: four ERROR lines and stack traces per cluster on a normal SIGTERM. Only events of those
 * two loggers whose throwable is an {@link InterruptedException} are dropped, so their other lines
 * (an event handler that threw, a crashed loop) still show.
 *
 * <p>An appender filter, as {@link SentinelLineFilter} is and for the same reason (a turbo filter
 * would run before every log call): the jar's {@code logback.xml} attaches it to its appender; an
 * operator's own logback file adds {@code <filter
 * class="io.netweave.o2ims.server.internal.logging.InformerStopLineFilter"/>}. Stateless and
 * thread-safe.
 */
public final class InformerStopLineFilter extends Filter<ILoggingEvent> {
  /** The loggers whose interrupt lines are dropped. */
  public static final Set<String> LOGGERS =
      Set.of(
          "io.kubernetes.client.informer.cache.Controller",
          "io.kubernetes.client.informer.cache.ProcessorListener");

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!LOGGERS.contains(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    return thrown != null && InterruptedException.class.getName().equals(thrown.getClassName())
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}
