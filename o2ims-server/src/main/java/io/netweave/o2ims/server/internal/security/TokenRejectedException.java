package io.netweave.o2ims.server.internal.security;

/**
 * A bearer token that is not accepted. The message is safe to send to the client (it names the
 * failed check, never the token) and becomes the {@code error_description} of the 401.
 */
public final class TokenRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TokenRejectedException(String message) {
    super(message);
  }

  public TokenRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
