package io.netweave.o2ims.server.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the port it listens on and what the composition root created for it, closed in
 * reverse order of creation by {@link #close()} (idempotent). Thread-safe.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Deque<AutoCloseable> owned;
  private final int port;
  private final String url;
  private final CountDownLatch closed = new CountDownLatch(1);

  /**
   * @param owned resources in creation order
   */
  public Gateway(java.util.List<AutoCloseable> owned, int port, String url) {
    this.owned = new ArrayDeque<>(owned);
    this.port = port;
    this.url = url;
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
