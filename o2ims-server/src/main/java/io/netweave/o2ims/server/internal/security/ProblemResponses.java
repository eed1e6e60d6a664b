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

/**
 * Writes {@code application/problem+json} {@link ProblemDetails} bodies: the admission layer's
 * refusals (401, 403, 413, 414, 429, 503) and, through the server's error mapper, every other
 * problem. Thread-safe.
 */
public final class ProblemResponses {
  private final ObjectMapper mapper = O2Json.newMapper();

  /** Ends the exchange with a problem of the given status; headers already set are kept. */
  public void send(HttpServerExchange exchange, int status, String detail) {
    send(exchange, ProblemDetails.of(status, title(status), detail, exchange.getRequestPath()));
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
