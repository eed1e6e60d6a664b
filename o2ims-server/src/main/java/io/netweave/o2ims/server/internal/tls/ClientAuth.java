package io.netweave.o2ims.server.internal.tls;

/** Whether the listener asks TLS clients for a certificate. */
public enum ClientAuth {
  /** No client certificate is requested. */
  NONE,
  /** A certificate is requested; a client without one still connects (and must use a token). */
  OPTIONAL,
  /** A handshake without a certificate signed by the configured CA fails. */
  REQUIRED
}
