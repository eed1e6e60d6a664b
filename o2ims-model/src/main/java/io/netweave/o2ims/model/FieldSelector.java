package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The parsed attribute selectors of a request ({@code all_fields}, {@code fields}, {@code
 * exclude_fields}, {@code exclude_default}), as DECISIONS.md defines them. Immutable, thread-safe.
 */
public final class FieldSelector {
  // PENDING(model helper)
  private FieldSelector() {}

  /**
   * Reads the selector parameters from a request's query parameters (other parameters ignored).
   *
   * @throws InvalidQueryException on malformed names or forbidden combinations
   */
  public static FieldSelector parse(Map<String, List<String>> queryParameters) {
    throw new UnsupportedOperationException("pending");
  }

  /** Every attribute (the default). */
  public static FieldSelector all() {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * Checks the selected names against the addressed type.
   *
   * @return this selector
   * @throws InvalidQueryException naming the unknown attribute
   */
  public FieldSelector validate(ObjectSchema schema) {
    throw new UnsupportedOperationException("pending");
  }

  /** Whether this selector keeps every attribute (so callers can skip projection). */
  public boolean selectsAll() {
    throw new UnsupportedOperationException("pending");
  }

  /** A projected copy of the object (its id attribute always kept); the input is not changed. */
  public ObjectNode apply(ObjectNode object, ObjectSchema schema) {
    throw new UnsupportedOperationException("pending");
  }

  /** A canonical text: equal for equivalent selectors. */
  public String canonical() {
    throw new UnsupportedOperationException("pending");
  }
}
