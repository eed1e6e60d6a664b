package io.netweave.o2ims.cache.internal;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.netweave.o2ims.cache.OutageLog;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The outage log of Lettuce's reconnections, from the events of its {@link EventBus}, one {@link
 * OutageLog} per Redis address ({@code host:port}): the first {@link ReconnectFailedEvent} for an
 * address is one WARN naming it and the cause ({@code Redis connection to 10.0.0.5:6379 failed;
 * retrying every 2s, ...: ...ConnectException: Connection refused}), the following failures at most
 * one WARN a minute with their count, and the next {@link ConnectionActivatedEvent} for that
 * address (a connection to it is open and its handshake done) one INFO with how long it failed. All
 * the connections to one address (data, pub/sub, every Redis user's) share its log, so an outage of
 * one Redis is one set of lines whatever the number of connections; with Cluster or Sentinel, each
 * node is its own address. Lettuce's own per-attempt lines ({@code ConnectionWatchdog}'s "Cannot
 * reconnect to [host:port]: cause" WARN, {@code ReconnectionHandler}'s "Reconnected to" INFO) say
 * nothing more, and the shipped logback configuration keeps them below the operator's level.
 *
 * <p>A reconnection cancelled because its connection is being closed is not a failure (DEBUG). Only
 * reconnections are Lettuce events: a connection that was never opened (Redis down at start) is its
 * user's to report, through {@link #openFailed} and {@link #opened} (the response cache's
 * connections do), into the same log as that address's reconnections. An address is identified by
 * the events' remote address; when some connections to an address are back and others still fail,
 * the first activation ends the outage and the next failure starts another.
 *
 * <p>Thread-safe; events arrive on Lettuce's event executor. {@link #close()} stops listening.
 */
public final class RedisConnectionLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnectionLog.class);

  private final Duration retryEvery;
  private final Clock clock;
  private final Map<String, OutageLog> outages = new ConcurrentHashMap<>();
  private final Disposable subscription;

  /**
   * Starts listening to {@code bus}.
   *
   * @param retryEvery the longest reconnect delay, said in the first line
   */
  public RedisConnectionLog(EventBus bus, Duration retryEvery, Clock clock) {
    this.retryEvery = retryEvery;
    this.clock = clock;
    this.subscription =
        bus.get()
            .subscribe(
                this::on,
                error -> LOG.warn("Lettuce's event bus failed; reconnections not logged", error));
  }

  void on(Event event) {
    if (event instanceof ReconnectFailedEvent failed) {
      if (failed.getCause() instanceof CancellationException) {
        // The connection is being closed: its reconnection was cancelled, nothing failed.
        LOG.debug("reconnection to {} cancelled", address(failed.remoteAddress()));
        return;
      }
      outage(failed.remoteAddress()).failed(failed.getCause());
    } else if (event instanceof ConnectionActivatedEvent activated) {
      OutageLog outage = outages.get(address(activated.remoteAddress()));
      if (outage != null) {
        outage.succeeded();
      }
    }
  }

  /**
   * A connection to {@code address} could not be opened at all (Redis down when its user first
   * connects, so Lettuce has no connection to reconnect and publishes no event): the same outage
   * log as that address's reconnections.
   *
   * @param address {@code host:port}, or the configured target when there is no single address (the
   *     Sentinels, the cluster seeds)
   * @param reopenEvery how often its user tries again, said in the first line if this starts the
   *     address's log
   */
  public void openFailed(String address, Duration reopenEvery, Throwable cause) {
    if (cause instanceof CancellationException) {
      LOG.debug("opening a connection to {} cancelled", address);
      return;
    }
    outage(address, reopenEvery).failed(cause);
  }

  /** A connection to {@code address} was opened: ends an outage {@link #openFailed} began. */
  public void opened(String address) {
    OutageLog outage = outages.get(address);
    if (outage != null) {
      outage.succeeded();
    }
  }

  private OutageLog outage(SocketAddress remote) {
    return outage(address(remote), retryEvery);
  }

  /**
   * The address's log; a new one when the next outage is retried at another pace than the last
   * (first connections every {@code redis.retry_after}, reconnections every 2 s at most), so that
   * its first line says the right one.
   */
  private OutageLog outage(String address, Duration every) {
    return outages.compute(
        address,
        (a, log) ->
            log != null && (log.failing() || log.retryEvery().equals(every))
                ? log
                : new OutageLog(
                    LOG, "Redis connection to " + a, every, clock, OutageLog::unreachable));
  }

  /** {@code host:port} as configured (no reverse lookup), else the address's own text. */
  static String address(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet) {
      return inet.getHostString() + ":" + inet.getPort();
    }
    return String.valueOf(remote);
  }

  @Override
  public void close() {
    subscription.dispose();
  }
}
