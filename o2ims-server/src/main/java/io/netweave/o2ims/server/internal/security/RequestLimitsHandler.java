package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.server.internal.http.Http2BodyLimit;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Refuses malformed and oversized requests before any work: an HTTP version other than 1.0, 1.1 and
 * 2 (400), a path or query whose percent-escapes are not strict UTF-8 (400); a declared {@code
 * Content-Length} above the body limit ({@code server.max_body_bytes}, default 1 MiB) is answered
 * 413, a query string above {@code server.max_query_bytes} (default 16 KiB) 414, more query
 * parameters than {@code server.max_query_parameters} (default 100) 400; for bodies without a
 * length (chunked) the limit is set on the exchange (plus one byte, so that a reader can detect the
 * excess and answer 413; an HTTP/2 body without {@code content-length} is counted by {@link
 * Http2BodyLimit}, which ends only its stream), so nothing reads an unbounded body. Header sizes
 * are limited by the listener ({@code server.max_header_bytes}). Thread-safe.
 */
public final class RequestLimitsHandler implements HttpHandler {
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_QUERY_BYTES = 16 * 1024;
  public static final int DEFAULT_MAX_QUERY_PARAMETERS = 100;

  private final HttpHandler next;
  private final long maxBodyBytes;
  private final int maxQueryBytes;
  private final int maxQueryParameters;
  private final ProblemResponses problems;

  public RequestLimitsHandler(
      HttpHandler next, long maxBodyBytes, int maxQueryBytes, ProblemResponses problems) {
    this(next, maxBodyBytes, maxQueryBytes, DEFAULT_MAX_QUERY_PARAMETERS, problems);
  }

  /**
   * @param maxQueryParameters more query parameters than this: 400 ({@code
   *     server.max_query_parameters})
   */
  public RequestLimitsHandler(
      HttpHandler next,
      long maxBodyBytes,
      int maxQueryBytes,
      int maxQueryParameters,
      ProblemResponses problems) {
    this.maxQueryParameters = maxQueryParameters;
    if (maxBodyBytes < 1 || maxQueryBytes < 1 || maxQueryParameters < 1) {
      throw new IllegalArgumentException("server.max_body_bytes and max_query_bytes must be >= 1");
    }
    this.next = Objects.requireNonNull(next, "next");
    this.maxBodyBytes = maxBodyBytes;
    this.maxQueryBytes = maxQueryBytes;
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!validUtf8(exchange.getRequestURI()) || !validUtf8(exchange.getQueryString())) {
      problems.send(
          exchange,
          StatusCodes.BAD_REQUEST,
          "the request path or query is not valid percent-encoded UTF-8");
      return;
    }
    if (exchange.getQueryString().length() > maxQueryBytes) {
      problems.send(
          exchange,
          StatusCodes.REQUEST_URI_TOO_LARGE,
          "the query string is longer than " + maxQueryBytes + " bytes");
      return;
    }
    int parameters = 0;
    if (!exchange.getQueryString().isEmpty()) { // else Undertow would build an empty map to count
      for (java.util.Deque<String> values : exchange.getQueryParameters().values()) {
        parameters += values.size();
      }
    }
    if (parameters > maxQueryParameters) {
      problems.send(
          exchange,
          StatusCodes.BAD_REQUEST,
          "the query has "
              + parameters
              + " parameters; at most "
              + maxQueryParameters
              + " are accepted (server.max_query_parameters)");
      return;
    }
    long declared = exchange.getRequestContentLength();
    if (declared > maxBodyBytes) {
      exchange.setPersistent(false);
      problems.send(
          exchange,
          StatusCodes.REQUEST_ENTITY_TOO_LARGE,
          "the request body is larger than " + maxBodyBytes + " bytes");
      return;
    }
    // One byte of slack: a body reader that reads limit + 1 bytes to detect an oversized body
    // still gets them, and answers 413 itself; nothing can read further. An HTTP/2 body without
    // content-length is counted by the gateway (Undertow resets it on arrival, before a 413).
    if (!Http2BodyLimit.apply(exchange, maxBodyBytes)) {
      exchange.setMaxEntitySize(maxBodyBytes + 1);
    }
    next.handleRequest(exchange);
  }

  private static boolean isPlainAscii(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' || c > 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** True when the raw text's percent-escapes and bytes decode as strict UTF-8. */
  static boolean validUtf8(String raw) {
    if (isPlainAscii(raw)) {
      return true; // no escapes and no bytes above 0x7F: nothing to decode (the common case)
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()
            || Character.digit(raw.charAt(i + 1), 16) < 0
            || Character.digit(raw.charAt(i + 2), 16) < 0) {
          return false;
        }
        bytes.write(
            Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else if (c > 0xFF) {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      } else {
        bytes.write(c);
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
