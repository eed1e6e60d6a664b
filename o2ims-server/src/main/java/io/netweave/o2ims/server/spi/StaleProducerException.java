package io.netweave.o2ims.server.spi;

/**
 * Thrown by {@link NotificationOutbox#append} when the writer's fencing token is older than the
 * newest issued one: another replica has become the producer and this one must stop producing.
 */
public final class StaleProducerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleProducerException(long token, long newest) {
    super("fencing token " + token + " is stale; newest is " + newest);
  }
}
