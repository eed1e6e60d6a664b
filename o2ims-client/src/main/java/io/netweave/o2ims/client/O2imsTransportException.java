package io.netweave.o2ims.client;

/**
 * No answer could be obtained from the server: the connection was refused or reset, the TLS
 * handshake failed, or the calling thread was interrupted (never retried; the thread's interrupt
 * status stays set). A connection failure of an idempotent GET is retried as the {@link
 * RetryPolicy} allows and this is thrown after the last attempt; a POST or DELETE that fails this
 * way is never retried, so the caller cannot know whether the server acted on it. A server
 * certificate the client does not trust is the subclass {@link O2imsCertificateException}, thrown
 * at once without retries.
 */
public class O2imsTransportException extends O2imsException {
  private static final long serialVersionUID = 1L;

  public O2imsTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
