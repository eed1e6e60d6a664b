package io.netweave.o2ims.client;

/**
 * The TLS handshake failed because the client did not trust the server's certificate: it is not
 * signed by a trusted CA (the JDK's trust store, or the CAs given to {@link ClientTls}), it has
 * expired or is not yet valid, or it does not name the host of the URL. Thrown at once and never
 * retried, for any method: another attempt would meet the same certificate. The message says why
 * the certificate was refused and whose it was (the O2-IMS server's, or the OAuth2 token endpoint's
 * with {@link ClientCredentials}); the cause is the JDK's or OkHttp's {@link
 * javax.net.ssl.SSLException}. A server that refuses the client's own certificate (mTLS) usually
 * just closes the connection, which the client cannot tell from a network failure: that is a plain
 * {@link O2imsTransportException}.
 */
public final class O2imsCertificateException extends O2imsTransportException {
  private static final long serialVersionUID = 1L;

  public O2imsCertificateException(String message, Throwable cause) {
    super(message, cause);
  }
}
