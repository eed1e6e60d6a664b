package io.netweave.o2ims.server.internal.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ProblemDetails;
import io.netweave.o2ims.server.internal.http.BodyWrites;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@code application/problem+json} {@link ProblemDetails} bodies: the admission layer's
 * refusals (401, 403, 413, 414, 429, 503) and, through the server's error mapper, every other
 * problem. Thread-safe.
 */
public final class ProblemResponses {
  private final ObjectMapper mapper = O2Json.newMapper();

  /** Ends the exchange with a problem of the given status; headers already set are kept. */
  public void send(HttpServerExchange exchange, int status, String detail) {
    send(exchange, ProblemDetails.of(status, title(status), detail, instance(exchange)));
  }

  /**
   * The {@code instance} of a problem about this request: its path as the client sent it, without
   * the query, as a relative URI reference (the references declare {@code instance} a URI;
   * DECISIONS "Errors"). Built from the raw request target, not from the decoded path, so that a
   * path holding escapes ({@code /locations/eu%20west}) comes back as sent instead of with a space,
   * a non-ASCII character or a brace that no URI may hold. What the raw target still holds outside
   * RFC 3986's path characters (a {@code %} without two hex digits, a byte above 0x7F, a space) is
   * percent-encoded; the scheme and authority of an absolute-form request target are left out.
   */
  public static String instance(HttpServerExchange exchange) {
    String raw = exchange.getRequestURI();
    if (exchange.isHostIncludedInRequestURI()) {
      int authority = raw.indexOf("://");
      int path = authority < 0 ? raw.indexOf('/') : raw.indexOf('/', authority + 3);
      raw = path < 0 ? "/" : raw.substring(path);
    }
    return uriPath(raw);
  }

  /**
   * {@code raw} with every character RFC 3986 does not allow in a path percent-encoded: a char up
   * to 0xFF stands for one byte of the request line (as Undertow reads it), a char above it is
   * encoded as its UTF-8 bytes; a {@code %} followed by two hex digits is kept. The same string
   * when nothing needs encoding.
   */
  static String uriPath(String raw) {
    StringBuilder out = null;
    for (int i = 0, n = raw.length(); i < n; i++) {
      char c = raw.charAt(i);
      boolean keep =
          c < 0x80
              && (PATH_CHARS.indexOf(c) >= 0
                  || Character.isLetterOrDigit(c)
                  || (c == '%'
                      && i + 2 < n
                      && Character.digit(raw.charAt(i + 1), 16) >= 0
                      && Character.digit(raw.charAt(i + 2), 16) >= 0));
      if (keep) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n + 16).append(raw, 0, i);
      }
      if (c <= 0xFF) {
        escape(out, c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < n ? i + 2 : i + 1;
        for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          escape(out, b & 0xFF);
        }
        i = end - 1;
      }
    }
    return out == null ? raw : out.toString();
  }

  /** RFC 3986 pchar and '/' besides letters, digits and percent-escapes. */
  private static final String PATH_CHARS = "-._~!$&'()*+,;=:@/";

  private static void escape(StringBuilder out, int octet) {
    out.append('%')
        .append(Character.toUpperCase(Character.forDigit(octet >> 4, 16)))
        .append(Character.toUpperCase(Character.forDigit(octet & 0xF, 16)));
  }

  /**
   * The title of every problem of this status, whichever layer answers it: RFC 9110's reason
   * phrases (Undertow's table lacks 421 and still says "Request Entity Too Large").
   */
  public static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 421 -> "Misdirected Request";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> {
        String reason = StatusCodes.getReason(status);
        yield "Unknown".equals(reason) ? "Error " + status : reason;
      }
    };
  }

  /**
   * Ends the exchange with the problem as body and its status as the response status; headers
   * already set are kept. The one place a problem body is written, so the one place its texts are
   * bounded ({@link ProblemText}: whatever the request, the body stays within a few kilobytes);
   * sent as the routes' bodies are ({@link BodyWrites}), so that a client that goes away before it
   * took the body is recorded as 499 with one DEBUG line.
   */
  public void send(HttpServerExchange exchange, ProblemDetails given) {
    ProblemDetails problem = ProblemText.bounded(given);
    int status = problem.status();
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ProblemDetails record cannot fail to serialize", e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    BodyWrites.send(exchange, ByteBuffer.wrap(body)); // a client gone meanwhile: 499, as routes'
  }
}
