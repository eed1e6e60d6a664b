package io.netweave.o2ims.client.internal;

import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsCertificateException;
import io.netweave.o2ims.client.O2imsTimeoutException;
import io.netweave.o2ims.client.O2imsTransportException;
import io.netweave.o2ims.client.RetryPolicy;
import io.netweave.o2ims.client.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Executes requests: GETs with retries, writes once unless refused with 429, and non-2xx answers
 * turned into {@link O2imsApiException}.
 *
 * <p>A GET is retried only when another attempt can succeed: a connection refused, reset or broken
 * (including a handshake the network cut short), a connect timeout (nothing was sent), and a 503 or
 * a 429 (after its {@code Retry-After}, or the policy's backoff; a {@code Retry-After} longer than
 * the policy's maximum delay is reported at once). Never retried: a server certificate the client
 * does not trust ({@link O2imsCertificateException}: the next attempt meets the same certificate),
 * an {@code https} URL whose port answers in plain HTTP (see {@link #notTls}), a read or call
 * timeout ({@link O2imsTimeoutException}: the server may still be working), an interrupt, and every
 * other status. A write is retried only after a 429, if the policy allows it (see {@link #send}).
 * The OkHttp client must have {@code retryOnConnectionFailure(false)} so that no layer below
 * retries a write. Thread-safe.
 */
public final class Transport {
  private final OkHttpClient http;
  private final ProblemReader problems;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;

  public Transport(
      OkHttpClient http, ProblemReader problems, RetryPolicy retry, Sleeper sleeper, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.problems = Objects.requireNonNull(problems, "problems");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A GET, retried per the policy; the answer is 2xx.
   *
   * @throws O2imsApiException for a non-2xx answer
   * @throws O2imsTransportException when every attempt failed to get an answer, or at once when the
   *     calling thread is interrupted (its interrupt status stays set)
   * @throws O2imsCertificateException at once when the server's certificate is not trusted
   * @throws O2imsTimeoutException when a timeout elapsed
   */
  public Exchange get(Request request) {
    if (!request.method().equals("GET")) {
      throw new IllegalArgumentException("only GETs are retried, not " + request.method());
    }
    for (int attempt = 1; ; attempt++) {
      Exchange answer;
      try {
        answer = once(request);
      } catch (O2imsCertificateException | NotTlsException e) {
        throw e; // the next attempt would meet the same certificate, or the same plain port
      } catch (O2imsTimeoutException e) {
        // only a connect timeout is retried: the request was never sent, as after a refusal
        if (!connectTimeout(e.getCause())
            || attempt >= retry.maxAttempts()
            || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        pause(retry.backoff(attempt), e);
        continue;
      } catch (O2imsTransportException e) {
        if (attempt >= retry.maxAttempts() || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        pause(retry.backoff(attempt), e);
        continue;
      }
      // 503 (unavailable) and 429 (the caller's rate budget is spent) say when to come back
      if ((answer.status() == 503 || answer.status() == 429) && waitedToRetry(answer, attempt)) {
        continue;
      }
      return requireSuccess(answer);
    }
  }

  /**
   * A write (or any request): sent once, and again only after a 429 when the policy allows it
   * ({@link RetryPolicy#writesOn429()}), since a 429 refuses a request before it is processed (RFC
   * 6585; the gateway's rate limit and body limit answer it before reading the body). Never after a
   * transport failure, a timeout or any other status: the server may have acted on it.
   *
   * @throws O2imsApiException for a non-2xx answer
   * @throws O2imsTransportException when no answer was obtained ({@link O2imsCertificateException}
   *     when the server's certificate is not trusted)
   * @throws O2imsTimeoutException when a timeout elapsed
   */
  public Exchange send(Request request) {
    for (int attempt = 1; ; attempt++) {
      Exchange answer = once(request);
      if (answer.status() == 429 && retry.writesOn429() && waitedToRetry(answer, attempt)) {
        continue;
      }
      return requireSuccess(answer);
    }
  }

  /**
   * Waits before another attempt at a 503 or 429, for its {@code Retry-After} or the policy's
   * backoff; false, without waiting, when the attempts are spent or the server asks for a longer
   * wait than the policy's maximum delay (the answer is then reported).
   */
  private boolean waitedToRetry(Exchange answer, int attempt) {
    if (attempt >= retry.maxAttempts()) {
      return false;
    }
    Duration wait = retryAfter(answer).orElse(retry.backoff(attempt));
    if (wait.compareTo(retry.maxDelay()) > 0) {
      return false;
    }
    pause(wait, null);
    return true;
  }

  private Exchange requireSuccess(Exchange answer) {
    if (!answer.successful()) {
      throw new O2imsApiException(
          answer.method(), answer.url().toString(), answer.status(), problems.read(answer));
    }
    return answer;
  }

  /**
   * Which of the client's timeouts elapsed, with its value and the builder option that sets it
   * (OkHttp says only "timeout" for a read or a whole call): a socket timeout naming the connect is
   * the connect timeout, another socket timeout the read timeout (which also bounds writes), any
   * other the call timeout.
   */
  private String elapsed(InterruptedIOException e) {
    if (e instanceof SocketTimeoutException) {
      if (connectTimeout(e)) {
        return "no connection within the connect timeout ("
            + millis(http.connectTimeoutMillis())
            + ", O2imsClient.Builder.connectTimeout)";
      }
      return "no data read or written within the read timeout ("
          + millis(http.readTimeoutMillis())
          + ", O2imsClient.Builder.readTimeout)";
    }
    return "the call timeout elapsed ("
        + millis(http.callTimeoutMillis())
        + " per attempt, O2imsClient.Builder.callTimeout)";
  }

  /**
   * Whether a timeout elapsed while connecting, before any byte of the request was sent: the JDK's
   * socket connect says "Connect timed out" (OkHttp passes it on as it is).
   */
  private static boolean connectTimeout(Throwable e) {
    return e instanceof SocketTimeoutException
        && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
  }

  private static String millis(int ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private Exchange once(Request request) {
    Call call = http.newCall(request);
    try (Response response = call.execute()) {
      ResponseBody body = response.body();
      byte[] bytes = body == null ? new byte[0] : body.bytes();
      return new Exchange(
          request.method(), response.request().url(), response.code(), response.headers(), bytes);
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        // OkHttp reports an interrupt as InterruptedIOException too: the caller asked to stop, no
        // timeout elapsed. The interrupt status is kept for the caller.
        throw new O2imsTransportException(
            request.method() + " " + request.url() + " interrupted: " + e.getMessage(), e);
      }
      throw new O2imsTimeoutException(
          request.method() + " " + request.url() + " timed out: " + elapsed(e), e);
    } catch (IOException e) {
      Optional<String> refused = certificateRefusal(e);
      if (refused.isPresent()) {
        throw new O2imsCertificateException(
            request.method()
                + " "
                + request.url()
                + " failed: the server's certificate was not trusted: "
                + refused.get(),
            e);
      }
      if (notTls(e)) {
        throw new NotTlsException(
            request.method()
                + " "
                + request.url()
                + " failed: the server did not answer in TLS (is this a plain-HTTP port? then use"
                + " an http:// URL): "
                + e.getMessage(),
            e);
      }
      throw new O2imsTransportException(
          request.method() + " " + request.url() + " failed: " + reason(e, request), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // OkHttp is written in Kotlin and may throw checked exceptions it does not declare: an
      // InterruptedException while it waits for a new connection. Never let one escape unchecked
      // APIs; keep the caller's interrupt status.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new O2imsTransportException(
            request.method() + " " + request.url() + " interrupted", e);
      }
      throw new O2imsTransportException(
          request.method() + " " + request.url() + " failed: " + e, e);
    }
  }

  /**
   * What a person can act on for the failures a wrong URL or a server that is down gives (no Java
   * exception names); otherwise the exception as it reads.
   */
  private static String reason(IOException e, Request request) {
    String hostPort = request.url().host() + ":" + request.url().port();
    if (e instanceof java.net.ConnectException) {
      return "connection refused: nothing listens at "
          + hostPort
          + " (is the server running? check the URL)";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host " + request.url().host() + " (check the URL)";
    }
    String message = String.valueOf(e.getMessage());
    if (!request.url().isHttps()
        && (message.startsWith("unexpected end of stream")
            || message.startsWith("Unexpected status line"))) {
      // A TLS port given plain HTTP closes the connection or answers with a TLS alert.
      return "the server at "
          + hostPort
          + " gave no HTTP answer (if this port serves TLS, use an https:// URL)";
    }
    return e.toString();
  }

  /**
   * Why the server's certificate was refused, when that is what failed: OkHttp's check that the
   * certificate names the host ({@link SSLPeerUnverifiedException}), or the trust manager's verdict
   * (a {@link CertificateException} below the {@link SSLHandshakeException}: unknown CA, expired,
   * not yet valid). Empty for any other failure, including a handshake the network broke off, which
   * another attempt may get through. The reason is one line (OkHttp's hostname message has
   * several).
   */
  static Optional<String> certificateRefusal(IOException failure) {
    boolean refused = failure instanceof SSLPeerUnverifiedException;
    if (failure instanceof SSLHandshakeException) {
      for (Throwable c = failure.getCause(); c != null && !refused; c = c.getCause()) {
        refused = c instanceof CertificateException;
      }
    }
    if (!refused) {
      return Optional.empty();
    }
    String[] lines = String.valueOf(failure.getMessage()).strip().split("\\s*\\R\\s*");
    StringBuilder reason = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      reason.append(i == 1 ? " " : ", ").append(lines[i]);
    }
    // The JDK's verdicts name its internals (PKIX, CertPathValidatorException): say what they
    // mean first, keeping them after for whoever looks further.
    for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
      if (c instanceof java.security.cert.CertPathBuilderException) {
        return Optional.of("it is not signed by a CA this client trusts (" + reason + ")");
      }
      if (c instanceof java.security.cert.CertificateExpiredException
          || c instanceof java.security.cert.CertificateNotYetValidException) {
        return Optional.of("it has expired or is not valid yet (" + reason + ")");
      }
    }
    return Optional.of(reason.toString());
  }

  /**
   * Whether the TLS handshake read an answer that is no TLS record at all: a plain-HTTP server
   * answering the ClientHello with {@code HTTP/1.1 400}. The JDK says so only in the text of a bare
   * {@link SSLException} without a cause (the bytes it read are not exposed, and no subclass marks
   * it), so the text is matched: JDK 11 and later write "Unsupported or unrecognized SSL message",
   * JDK 8 "Unrecognized SSL message, plaintext connection?". Should another JDK word it otherwise,
   * the failure is a plain transport failure again and is retried, as before: nothing worse.
   */
  static boolean notTls(IOException failure) {
    return failure.getClass() == SSLException.class
        && failure.getCause() == null
        && String.valueOf(failure.getMessage())
            .toLowerCase(java.util.Locale.ROOT)
            .contains("unrecognized ssl message");
  }

  /** A transport failure that no retry can change (see {@link #notTls}). */
  private static final class NotTlsException extends O2imsTransportException {
    private static final long serialVersionUID = 1L;

    NotTlsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private void pause(Duration wait, RuntimeException pending) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      O2imsTransportException interrupted =
          new O2imsTransportException("interrupted while waiting to retry", e);
      if (pending != null) {
        interrupted.addSuppressed(pending);
      }
      throw interrupted;
    }
  }

  /** The {@code Retry-After} of an answer: delay-seconds or an HTTP-date. */
  Optional<Duration> retryAfter(Exchange answer) {
    String value = answer.headers().get("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    value = value.trim();
    if (value.matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
