package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;
import java.util.concurrent.atomic.AtomicLongArray;
import org.xnio.XnioIoThread;

/**
 * The requests in flight on one worker's listeners, for the graceful stop: counted when the outer
 * handler starts a request and when its exchange completes.
 *
 * <p>Design note: every request is counted twice, so the count must not move a cache line between
 * the I/O threads' cores (a shared {@code LongAdder}, which rarely sees two threads race and so
 * stays on its one base value, cost 0.3 to 0.4 µs per request: docs/performance.md, "Sixth pass").
 * Each I/O thread of the worker counts in a 128-byte slot of its own that no other thread writes,
 * with a plain read and a release store (no atomic read-modify-write, whose fence waits for every
 * store before it); a start or completion on any other thread (a request that completes on a worker
 * thread after a dispatch) counts in one shared slot, atomically. Undertow starts every request on
 * an I/O thread (the root handler runs there). The total can be read at any time: {@link #count()}
 * reads the shared slot first, so a completion it sees there (which happened after the start, on an
 * I/O thread) is never subtracted without its start, and the total is never below the requests that
 * were in flight throughout the read.
 *
 * <p>Thread-safe.
 */
final class InFlightRequests {
  /** Longs per slot: 128 bytes, so that neighbouring slots never share a cache line. */
  private static final int SPACING = 16;

  private final AtomicLongArray slots; // slot 0: other threads; slot 1 + n: I/O thread number n
  private final int ioThreads;

  InFlightRequests(int ioThreads) {
    this.ioThreads = ioThreads;
    this.slots = new AtomicLongArray((ioThreads + 1) * SPACING);
  }

  void started(HttpServerExchange exchange) {
    add(exchange, 1);
  }

  void completed(HttpServerExchange exchange) {
    add(exchange, -1);
  }

  /** Requests started and not yet completed. */
  long count() {
    long count = slots.get(0);
    for (int i = SPACING; i < slots.length(); i += SPACING) {
      count += slots.get(i);
    }
    return count;
  }

  private void add(HttpServerExchange exchange, long delta) {
    XnioIoThread io = exchange.getIoThread();
    int number = io.getNumber();
    if (Thread.currentThread() == io && number >= 0 && number < ioThreads) {
      // Only this thread writes its slot: a release store, no atomic read-modify-write (no fence).
      int slot = (number + 1) * SPACING;
      slots.setRelease(slot, slots.getPlain(slot) + delta);
    } else {
      slots.getAndAdd(0, delta);
    }
  }
}
