package io.netweave.o2ims.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ProblemDetails;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@link ProblemDetails} of a non-2xx answer. Tolerant: a problem body with members of
 * the wrong shape (pti's {@code "instance": []}) loses those members; a body that is no problem at
 * all (a proxy's HTML page, an empty body) yields a synthesized problem with the status, its reason
 * phrase and the start of the body. Thread-safe.
 */
public final class ProblemReader {
  private static final int SNIPPET = 200;
  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(409, "Conflict"),
          Map.entry(410, "Gone"),
          Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  private final ObjectMapper mapper;

  public ProblemReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The problem an answer describes; never fails. */
  public ProblemDetails read(Exchange answer) {
    return parse(answer)
        .orElseGet(
            () ->
                ProblemDetails.of(
                    answer.status(),
                    REASONS.getOrDefault(answer.status(), "HTTP " + answer.status()),
                    snippet(answer.body()),
                    answer.url().encodedPath()));
  }

  private Optional<ProblemDetails> parse(Exchange answer) {
    if (answer.body().length == 0) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = mapper.readTree(answer.body());
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!(node instanceof ObjectNode object) || !(object.has("detail") || object.has("title"))) {
      return Optional.empty();
    }
    for (String member : new String[] {"type", "title", "detail", "instance"}) {
      if (object.has(member) && !object.get(member).isTextual()) {
        object.remove(member);
      }
    }
    JsonNode attributes = object.get("additionalAttributes");
    if (attributes != null && !attributes.isObject()) {
      object.remove("additionalAttributes");
    } else if (attributes != null) {
      ObjectNode flat = mapper.createObjectNode();
      attributes.fields().forEachRemaining(e -> flat.put(e.getKey(), text(e.getValue())));
      object.set("additionalAttributes", flat);
    }
    if (!object.path("status").canConvertToInt()) {
      object.put("status", answer.status());
    }
    try {
      return Optional.of(mapper.treeToValue(object, ProblemDetails.class));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static String snippet(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "...";
  }
}
