package io.netweave.o2ims.client;

/**
 * The root of every exception the SDK throws while talking to a server. Unchecked. The specific
 * subclasses say what went wrong:
 *
 * <ul>
 *   <li>{@link O2imsApiException}: the server answered with a non-2xx status (carries its {@link
 *       io.netweave.o2ims.model.ProblemDetails}); its subclass {@link O2imsPageMarkerException}:
 *       the server refused the next-page link of a list being read (a restart, another replica's
 *       marker key): list again from the first page;
 *   <li>{@link O2imsTransportException}: no answer could be obtained (connection refused or reset,
 *       TLS failure), after any retries, or the calling thread was interrupted; its subclass {@link
 *       O2imsCertificateException}: the server's certificate is not trusted (never retried);
 *   <li>{@link O2imsTimeoutException}: a connect, read or whole-call timeout elapsed;
 *   <li>{@link O2imsResponseException}: a 2xx answer whose body is not what the API promises.
 * </ul>
 *
 * <p>A query that fails local validation is refused before sending with the model's {@link
 * io.netweave.o2ims.model.InvalidQueryException} (an {@link IllegalArgumentException}), the same
 * exception the server maps to 400. A closed {@link O2imsClient} throws this root type itself.
 */
public class O2imsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public O2imsException(String message) {
    super(message);
  }

  public O2imsException(String message, Throwable cause) {
    super(message, cause);
  }
}
