package io.netweave.o2ims.server.internal;

import io.netweave.o2ims.cache.OutageLog;
import io.netweave.o2ims.server.internal.http.ServingState;
import io.netweave.o2ims.server.internal.http.UndertowServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the port it listens on and what the composition root created for it, closed in
 * reverse order of creation by {@link #close()} (idempotent), or drained first by {@link
 * #shutdown()} (what SIGTERM does). Thread-safe.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  /**
   * How to stop gracefully.
   *
   * @param serving flipped at once: {@code /readyz} 503, every response closes its connection
   * @param delay how long the listener keeps serving after that ({@code
   *     server.shutdown_drain_delay}), so load balancers see the 503 and move away
   * @param listener the listener, which then stops accepting
   * @param connectionWait how long the listener then waits for open connections to close; the rest
   *     of {@code server.shutdown_timeout} is left for the notification engine
   */
  public record Drain(
      ServingState serving, Duration delay, UndertowServer listener, Duration connectionWait) {}

  private final Deque<AutoCloseable> owned;
  private final int port;
  private final String url;
  private final Optional<Drain> drain;
  private final CountDownLatch closed = new CountDownLatch(1);

  /**
   * @param owned resources in creation order
   */
  public Gateway(java.util.List<AutoCloseable> owned, int port, String url) {
    this(owned, port, url, Optional.empty());
  }

  /**
   * @param owned resources in creation order
   * @param drain how {@link #shutdown()} drains before closing; absent: it just closes
   */
  public Gateway(java.util.List<AutoCloseable> owned, int port, String url, Optional<Drain> drain) {
    this.owned = new ArrayDeque<>(owned);
    this.port = port;
    this.url = url;
    this.drain = drain;
  }

  public int port() {
    return port;
  }

  /** The base URL, e.g. {@code http://localhost:8080}. */
  public String url() {
    return url;
  }

  /** Blocks until {@link #close()} has run. */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops gracefully: {@code /readyz} turns 503 at once and responses close their connections; the
   * listener keeps serving for the drain delay, then stops accepting and waits for its connections
   * (requests in flight complete); then everything is closed in reverse order of creation (the
   * notification engine finishes or leaves pending its deliveries in flight and releases its
   * leases). Blocks until done; the caller bounds the total time (see {@code Main}).
   */
  public void shutdown() {
    drain.ifPresent(
        d -> {
          d.serving().startDraining();
          LOG.info(
              "shutting down: draining for {} (server.shutdown_drain_delay): /readyz answers 503,"
                  + " requests are still served",
              OutageLog.text(d.delay()));
          try {
            // Waiting out the drain delay; nothing counts this latch down.
            new CountDownLatch(1).await(d.delay().toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          d.listener().stopAccepting(d.connectionWait());
          LOG.info("listener closed; stopping the rest");
        });
    close();
  }

  @Override
  public synchronized void close() {
    while (!owned.isEmpty()) {
      AutoCloseable c = owned.removeLast();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
      }
    }
    closed.countDown();
  }
}
