package io.netweave.o2ims.client;

/**
 * A configured timeout (connect, read, write or whole call; see {@link O2imsClient.Builder})
 * elapsed before the server answered. A read, write or call timeout is not retried: the server may
 * still be working on the request. A connect timeout of a GET is retried as the {@link RetryPolicy}
 * allows (nothing was sent), and this is thrown after the last attempt; a write is never retried
 * after one.
 */
public final class O2imsTimeoutException extends O2imsException {
  private static final long serialVersionUID = 1L;

  public O2imsTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
