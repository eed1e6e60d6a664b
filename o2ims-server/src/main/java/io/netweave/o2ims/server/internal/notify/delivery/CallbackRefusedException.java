package io.netweave.o2ims.server.internal.notify.delivery;

/**
 * A callback URL that the callback policy refuses (not an absolute http(s) URL, a refused address,
 * an unresolvable host, a failed probe). The subscription route maps it to 400; at delivery it
 * counts as a failed attempt. The message says why, in words a user can act on.
 */
public final class CallbackRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CallbackRefusedException(String message) {
    super(message);
  }
}
