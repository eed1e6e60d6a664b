package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ProblemDetails;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import io.netweave.o2ims.server.internal.security.LogText;
import io.netweave.o2ims.server.internal.security.ProblemResponses;
import io.netweave.o2ims.server.spi.StoreUnavailableException;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The one error mapper: turns any exception into an {@code application/problem+json} response
 * (DECISIONS.md "Errors"). A 500 carries only the request id, which is logged with the stack trace;
 * a shared store that cannot be reached ({@link StoreUnavailableException}) is a 503 with {@code
 * Retry-After}, logged as a warning line at most once a minute ({@link StoreRefusalLog}, the others
 * at DEBUG); a request body the client did not deliver ({@link BodyNotReceived}) gets no response,
 * status 499 or 408 and one DEBUG line, and so does, as 499, a response the client did not take to
 * its end ({@link #END_OR_CLIENT_GONE}). Used by {@link ProblemDetailsHandler} for the IO-thread
 * part of a request and by {@link Dispatcher} for its worker-thread part. Thread-safe.
 */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  /** Runs request work that may throw. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /** Retry-After of a 503 while a shared store (Redis) cannot be reached. */
  private static final String STORE_RETRY_AFTER_SECONDS = "5";

  private final ProblemResponses responses = new ProblemResponses();

  /** The WARN lines of requests answered 503 for want of a shared store: one a minute at most. */
  private final StoreRefusalLog storeRefusals =
      new StoreRefusalLog(Duration.ofMinutes(1), System::nanoTime);

  /**
   * The sender's callback of every response body ({@link BodyWrites}: the routes' and the problem
   * bodies): ends the exchange once the body is written, as Undertow's default does; when the write
   * fails, the client closed its connection or reset its HTTP/2 stream under it (the body is a byte
   * array already made, so the failure is the connection's), so the request is recorded as 499 with
   * one DEBUG line instead of under the status already sent, and the connection is closed as
   * Undertow's default does (an HTTP/2 connection closes only the stream). The write runs on the
   * connection's IO thread once it has to wait for the client, so this failure never reaches {@link
   * #guard}.
   */
  static final IoCallback END_OR_CLIENT_GONE = new EndOrClientGone(true);

  /** {@link #END_OR_CLIENT_GONE}, and its second step once the body is written: the close. */
  private static final class EndOrClientGone implements IoCallback {
    private static final IoCallback CLOSED = new EndOrClientGone(false);
    private final boolean closeNext;

    private EndOrClientGone(boolean closeNext) {
      this.closeNext = closeNext;
    }

    @Override
    public void onComplete(HttpServerExchange exchange, Sender sender) {
      if (closeNext) {
        sender.close(CLOSED); // the last bytes may still fail
      } else {
        exchange.endExchange();
      }
    }

    @Override
    public void onException(HttpServerExchange exchange, Sender sender, IOException e) {
      // Already known when Http2Resets saw the stream reset (by the client, or by Undertow's own
      // write-wait timeout): closing the stream (Undertow sends RST_STREAM) would reset it again.
      boolean streamReset = exchange.getAttachment(RecordedStatus.CLIENT_GONE) != null;
      responseNotTaken(exchange, e);
      try {
        exchange.endExchange();
      } finally {
        if (!streamReset) {
          IoUtils.safeClose(exchange.getConnection());
        }
      }
    }
  }

  /** Runs the work; if it throws, answers with the problem (unless a response already started). */
  void guard(HttpServerExchange exchange, Work work) {
    try {
      work.run();
    } catch (Exception e) {
      failed(exchange, e);
    }
  }

  /**
   * Runs {@code handler} on the exchange as {@link #guard(HttpServerExchange, Work)} runs work: the
   * error mapper's call, without a lambda per request.
   */
  void guard(HttpServerExchange exchange, HttpHandler handler) {
    try {
      handler.handleRequest(exchange);
    } catch (Exception e) {
      failed(exchange, e);
    }
  }

  private void failed(HttpServerExchange exchange, Exception e) {
    if (e instanceof BodyNotReceived gone) {
      abandon(exchange, gone);
    } else if (exchange.isResponseStarted()) {
      LOG.error("request {} failed after the response started", RequestId.of(exchange), e);
      exchange.endExchange();
    } else {
      write(exchange, e);
    }
  }

  /**
   * Ends an exchange whose client went away during the body: no response (there is nobody to read
   * it), the status recorded as {@link BodyNotReceived#status()}, one DEBUG line. An HTTP/1.x
   * connection is closed, as its next request cannot be told from the rest of this body; an HTTP/2
   * connection stays, since only this stream is over. An HTTP/1.x read timeout has already closed
   * the connection, which completed the exchange as 408 ({@link TimeoutConduit#readingBody}).
   */
  private static void abandon(HttpServerExchange exchange, BodyNotReceived gone) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "request {} {} {}: {}",
          RequestId.of(exchange),
          LogText.clean(exchange.getRequestMethod().toString(), 32),
          LogText.clean(exchange.getRequestPath(), 2048),
          gone.getMessage());
    }
    if (exchange.isResponseStarted()) {
      return; // completed by the connection's close
    }
    exchange.setStatusCode(gone.status());
    if (exchange.getConnection() instanceof AbstractServerConnection) {
      IoUtils.safeClose(exchange.getConnection()); // completes the exchange with that status
    }
    if (!exchange.isComplete()) {
      exchange.endExchange();
    }
  }

  /**
   * Records an exchange whose response body the client did not take, {@code failure} being the
   * write's: status 499 (set before the exchange completes), one DEBUG line.
   */
  static void responseNotTaken(HttpServerExchange exchange, IOException failure) {
    responseNotTaken(exchange, (Object) failure);
  }

  /**
   * {@link #responseNotTaken(HttpServerExchange, IOException)} with the reason in words; only the
   * first call for an exchange records and logs (the write fails after {@link Http2Resets} told).
   */
  static void responseNotTaken(HttpServerExchange exchange, String why) {
    responseNotTaken(exchange, (Object) why);
  }

  private static void responseNotTaken(HttpServerExchange exchange, Object why) {
    if (exchange.putAttachment(RecordedStatus.CLIENT_GONE, BodyNotReceived.CLIENT_CLOSED_REQUEST)
        != null) {
      return;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "request {} {} {}: the client went away during the response ({} of its bytes sent): {}",
          RequestId.of(exchange),
          LogText.clean(exchange.getRequestMethod().toString(), 32),
          LogText.clean(exchange.getRequestPath(), 2048),
          exchange.getResponseBytesSent(),
          LogText.clean(String.valueOf(why), 512));
    }
  }

  void write(HttpServerExchange exchange, Throwable error) {
    String instance = ProblemResponses.instance(exchange);
    ProblemDetails problem;
    Map<String, String> headers = Map.of();
    if (error instanceof InvalidQueryException q) {
      problem = ProblemDetails.of(400, "Bad Request", q.getMessage(), instance);
      problem = problem.withAttribute("parameter", q.parameter());
      if (!q.input().isEmpty()) {
        problem = problem.withAttribute("input", q.input());
      }
      if (q.position() >= 0) {
        problem = problem.withAttribute("position", Integer.toString(q.position()));
      }
    } else if (error instanceof QueryProblem q) {
      int status =
          switch (q.kind()) {
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
          };
      problem = ProblemDetails.of(status, title(status), q.getMessage(), instance);
      for (Map.Entry<String, String> a : q.attributes().entrySet()) {
        problem = problem.withAttribute(a.getKey(), a.getValue());
      }
    } else if (error instanceof HttpProblem h) {
      problem = ProblemDetails.of(h.status(), h.title(), h.getMessage(), instance);
      headers = h.headers();
    } else if (error instanceof StoreUnavailableException u) {
      // Redis down or not answering: the same request can succeed once it is back (a repeated
      // create then meets the first as a duplicate if that one went through).
      long quiet = storeRefusals.refused();
      if (quiet >= 0 || LOG.isDebugEnabled()) {
        String line =
            "request "
                + RequestId.of(exchange)
                + ' '
                + LogText.clean(exchange.getRequestMethod().toString(), 32)
                + ' '
                + LogText.clean(instance, 2048)
                + ": "
                + u.getMessage();
        if (quiet < 0) {
          LOG.debug(line);
        } else {
          LOG.warn(
              "{}; answered 503 (and {} other requests since the previous such warning, logged at"
                  + " DEBUG: at most one such warning a minute)",
              line,
              quiet);
        }
      }
      problem =
          ProblemDetails.of(503, title(503), u.getMessage() + "; retry later", instance)
              .withAttribute("requestId", RequestId.of(exchange));
      headers = Map.of("Retry-After", STORE_RETRY_AFTER_SECONDS);
    } else {
      String id = RequestId.of(exchange);
      LOG.error(
          "request {} {} {} failed",
          id,
          LogText.clean(exchange.getRequestMethod().toString(), 32),
          LogText.clean(instance, 2048),
          error);
      problem =
          ProblemDetails.of(
                  500,
                  "Internal Server Error",
                  "The request failed; quote request id " + id + " when reporting it.",
                  instance)
              .withAttribute("requestId", id);
    }
    send(exchange, problem, headers);
  }

  /** Writes a problem body with its status. */
  void send(HttpServerExchange exchange, ProblemDetails problem, Map<String, String> headers) {
    exchange.getResponseHeaders().clear();
    exchange.getResponseHeaders().put(new HttpString(RequestId.HEADER), RequestId.of(exchange));
    headers.forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
    responses.send(exchange, problem);
  }

  static String title(int status) {
    return ProblemResponses.title(status);
  }
}
