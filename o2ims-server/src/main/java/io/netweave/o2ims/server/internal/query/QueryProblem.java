package io.netweave.o2ims.server.internal.query;

import java.util.Map;
import java.util.Objects;

/**
 * A request the services refuse: the kind decides the HTTP status (the HTTP layer maps it), the
 * detail is user-facing text, and the attributes go to the problem's {@code additionalAttributes}.
 */
public final class QueryProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the request is refused. */
  public enum Kind {
    BAD_REQUEST,
    NOT_FOUND,
    CONFLICT,
    /** The caller may not do this (a quota is used up): 403. */
    FORBIDDEN
  }

  private final Kind kind;
  private final transient Map<String, String> attributes;

  public QueryProblem(Kind kind, String detail, Map<String, String> attributes) {
    super(detail);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.attributes = Map.copyOf(attributes);
  }

  public static QueryProblem badRequest(String detail) {
    return new QueryProblem(Kind.BAD_REQUEST, detail, Map.of());
  }

  public static QueryProblem notFound(String what, Object id) {
    return new QueryProblem(
        Kind.NOT_FOUND, what + " " + id + " does not exist", Map.of(idName(what), id.toString()));
  }

  private static String idName(String what) {
    String[] words = what.split(" ");
    StringBuilder b = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return b.append("Id").toString();
  }

  public Kind kind() {
    return kind;
  }

  public Map<String, String> attributes() {
    return attributes;
  }
}
