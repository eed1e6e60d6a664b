package io.netweave.o2ims.client;

/**
 * A configured timeout (connect, read, write or whole call; see {@link O2imsClient.Builder})
 * elapsed before the server answered. Timeouts are not retried: the server may still be working on
 * the request.
 */
public final class O2imsTimeoutException extends O2imsException {
  private static final long serialVersionUID = 1L;

  public O2imsTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
