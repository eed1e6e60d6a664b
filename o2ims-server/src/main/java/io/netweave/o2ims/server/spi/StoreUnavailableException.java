package io.netweave.o2ims.server.spi;

/**
 * A shared store (Redis) could not be reached, or did not answer within its command timeout, or (a
 * subclass) did not copy a write to the replicas it must reach within their timeout. A read did not
 * happen; a write did not happen, or (when the answer was lost, or the replicas did not acknowledge
 * it) may have: a repeated create then meets the first one as a duplicate. The HTTP layer answers
 * {@code 503} with {@code Retry-After}, since the same request can succeed once the store is back.
 */
public class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String store, Throwable cause) {
    super(store + " cannot be reached: " + cause.getMessage(), cause);
  }

  /** For a subclass that says itself what the store could not do. */
  protected StoreUnavailableException(String message) {
    super(message);
  }
}
