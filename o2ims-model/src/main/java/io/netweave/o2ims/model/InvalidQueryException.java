package io.netweave.o2ims.model;

import java.util.Objects;

/**
 * A query parameter ({@code filter}, a selector, a paging marker) that cannot be parsed or does not
 * fit the addressed object type. The server maps it to 400; the SDK throws it before sending.
 */
public final class InvalidQueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String parameter;
  private final String input;
  private final int position;

  /**
   * @param parameter the query parameter, e.g. {@code filter} or {@code fields}
   * @param message what is wrong, in words a user can act on
   * @param input the offending text
   * @param position the character offset in {@code input} where the problem is, or -1
   */
  public InvalidQueryException(String parameter, String message, String input, int position) {
    super(message);
    this.parameter = Objects.requireNonNull(parameter, "parameter");
    this.input = Objects.requireNonNullElse(input, "");
    this.position = position;
  }

  public String parameter() {
    return parameter;
  }

  public String input() {
    return input;
  }

  /** Character offset of the problem in {@link #input()}, or -1 when not positional. */
  public int position() {
    return position;
  }
}
