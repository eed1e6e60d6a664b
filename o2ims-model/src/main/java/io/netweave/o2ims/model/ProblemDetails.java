package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An error body ({@code application/problem+json}), shared by the server that writes it and the SDK
 * that reads it. {@code additionalAttributes} is a string map, as the O2ims common API defines it
 * (not RFC 7807 top-level extension members).
 *
 * <p>Serializable (the SDK's {@code O2imsApiException} carries one across RMI, queues, test
 * harnesses): through a proxy holding the members as JSON carries them, absent ones as null, since
 * {@link Optional} is not serializable; deserializing rebuilds the record with its constructor.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProblemDetails(
    Optional<String> type,
    String title,
    int status,
    String detail,
    Optional<String> instance,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> additionalAttributes)
    implements Serializable {

  /** The media type of problem bodies. */
  public static final String MEDIA_TYPE = "application/problem+json";

  public ProblemDetails {
    type = Objects.requireNonNullElse(type, Optional.empty());
    title = Objects.requireNonNullElse(title, "");
    detail = Objects.requireNonNullElse(detail, "");
    instance = Objects.requireNonNullElse(instance, Optional.empty());
    additionalAttributes =
        additionalAttributes == null || additionalAttributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(additionalAttributes));
  }

  /** A problem with the given status, title, detail and request path. */
  public static ProblemDetails of(int status, String title, String detail, String instance) {
    return new ProblemDetails(
        Optional.empty(), title, status, detail, Optional.ofNullable(instance), Map.of());
  }

  /** This problem with one more additional attribute. */
  public ProblemDetails withAttribute(String key, String value) {
    Map<String, String> attributes = new TreeMap<>(additionalAttributes);
    attributes.put(key, value);
    return new ProblemDetails(type, title, status, detail, instance, attributes);
  }

  private Object writeReplace() {
    return new Serialized(
        type.orElse(null),
        title,
        status,
        detail,
        instance.orElse(null),
        new TreeMap<>(additionalAttributes));
  }

  /** The serialized form of a {@link ProblemDetails}: its members, absent ones as null. */
  private record Serialized(
      String type,
      String title,
      int status,
      String detail,
      String instance,
      TreeMap<String, String> additionalAttributes)
      implements Serializable {

    private Object readResolve() {
      return new ProblemDetails(
          Optional.ofNullable(type),
          title,
          status,
          detail,
          Optional.ofNullable(instance),
          additionalAttributes);
    }
  }
}
