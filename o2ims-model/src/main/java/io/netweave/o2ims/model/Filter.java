package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A parsed SOL013 {@code filter} expression: an immutable tree, parsed once and evaluated many
 * times, thread-safe. The grammar and semantics are those of DECISIONS.md ("Query parameters").
 */
public interface Filter {
  // PENDING(model helper): sealed tree of small records.

  /**
   * Parses one {@code filter} parameter value.
   *
   * @throws InvalidQueryException on any malformed input; never any other exception
   */
  static Filter parse(String text) {
    throw new UnsupportedOperationException("pending");
  }

  /** Parses several {@code filter} parameter values, ANDed; an empty list matches everything. */
  static Filter parse(List<String> texts) {
    throw new UnsupportedOperationException("pending");
  }

  /** The filter that matches everything. */
  static Filter all() {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * Checks every attribute path and value against the addressed type.
   *
   * @return this filter
   * @throws InvalidQueryException naming the unknown attribute or the value of the wrong type
   */
  Filter validate(ObjectSchema schema);

  /** Whether the JSON representation of an object matches. */
  boolean matches(JsonNode object);

  /** A canonical text: equal for equivalent inputs (case of operators, quoting, escapes). */
  String canonical();
}
