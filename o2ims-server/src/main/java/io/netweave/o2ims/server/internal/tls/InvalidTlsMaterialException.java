package io.netweave.o2ims.server.internal.tls;

/**
 * A certificate, key or CA file that cannot be used, or a TLS setting the JDK does not support. The
 * message names the file or setting and what to change; it never carries key material.
 */
public final class InvalidTlsMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidTlsMaterialException(String message) {
    super(message);
  }

  public InvalidTlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
