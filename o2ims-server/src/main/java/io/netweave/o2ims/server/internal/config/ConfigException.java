package io.netweave.o2ims.server.internal.config;

/** A configuration that cannot be used; the message names the offending key. Stops the start. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
