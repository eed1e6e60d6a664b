package io.netweave.o2ims.server.internal.http;

/**
 * Whether this process still takes new work. It flips once, when shutdown begins: from then on
 * {@code /readyz} answers 503 (load balancers stop sending new requests) and every response closes
 * its connection ({@code Connection: close}), so keep-alive clients reconnect elsewhere after a
 * complete response instead of finding their connection reset later. Created by the composition
 * root and shared by the listener and the routes; thread-safe.
 */
public final class ServingState {
  private volatile boolean draining;

  /** Starts draining; idempotent. */
  public void startDraining() {
    draining = true;
  }

  /** Whether shutdown has begun. */
  public boolean draining() {
    return draining;
  }
}
