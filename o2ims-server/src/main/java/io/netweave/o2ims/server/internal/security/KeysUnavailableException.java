package io.netweave.o2ims.server.internal.security;

/**
 * No token can be verified because the signing keys cannot be obtained (the JWKS has never been
 * fetched successfully). Answered 503 with {@code Retry-After}, not 401: the token may well be
 * valid. The message names the key source and the last error, not a token.
 */
public final class KeysUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeysUnavailableException(String message) {
    super(message);
  }
}
