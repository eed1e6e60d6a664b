package io.netweave.o2ims.server.internal.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ProblemDetails;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;

/**
 * Writes the admission layer's refusals (401, 403, 413, 414, 429, 503) as {@code
 * application/problem+json} {@link ProblemDetails}. Thread-safe; one instance per server.
 */
public final class ProblemResponses {
  private final ObjectMapper mapper = O2Json.newMapper();

  /** Ends the exchange with a problem of the given status; headers already set are kept. */
  public void send(HttpServerExchange exchange, int status, String detail) {
    ProblemDetails problem =
        ProblemDetails.of(status, StatusCodes.getReason(status), detail, exchange.getRequestPath());
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ProblemDetails record cannot fail to serialize", e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
