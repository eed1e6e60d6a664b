package io.netweave.o2ims.client;

/**
 * The server answered 2xx but the body cannot be read as the API promises (malformed JSON, a
 * missing required attribute, an object where a list belongs, a bad {@code Link} header).
 */
public final class O2imsResponseException extends O2imsException {
  private static final long serialVersionUID = 1L;

  public O2imsResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
