package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.internal.FilterEvaluator;
import io.netweave.o2ims.model.internal.FilterParser;
import io.netweave.o2ims.model.internal.PathSyntax;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A parsed SOL013 {@code filter} expression: an immutable tree, parsed once and evaluated many
 * times, thread-safe. The grammar and semantics are those of DECISIONS.md ("Query parameters"): an
 * {@link And} of {@link Term}s, each an operator, an attribute path and one or more values.
 *
 * <p>{@link #parse} throws only {@link InvalidQueryException} (parameter {@code filter}), whatever
 * the input; {@link #validate} throws it for attributes the addressed type does not have and values
 * of the wrong type; {@link #matches} never throws.
 */
public sealed interface Filter permits Filter.And, Filter.Term {

  /**
   * Parses one {@code filter} parameter value (already percent-decoded, so {@code %3B} arrives as
   * {@code ;}).
   *
   * @throws InvalidQueryException on any malformed input, including {@code null} and blank text;
   *     never any other exception
   */
  static Filter parse(String text) {
    return new And(FilterParser.parse(text, "filter"));
  }

  /**
   * Parses several {@code filter} parameter values, ANDed; an empty list matches everything.
   *
   * @throws InvalidQueryException if any value is malformed or {@code null}
   */
  static Filter parse(List<String> texts) {
    if (texts == null) {
      throw new InvalidQueryException("filter", "the filter list is missing", "", -1);
    }
    List<Term> terms = new ArrayList<>();
    for (String text : texts) {
      terms.addAll(FilterParser.parse(text, "filter"));
    }
    return new And(terms);
  }

  /**
   * The key by which {@code eq} and {@code in} compare a text leaf with a text value: two texts are
   * equal under those operators exactly when their keys are equal (UUIDs compare ignoring case, RFC
   * 3339 date-times by instant, other text exactly). For indexes of text leaves.
   */
  static String textKey(String text) {
    if (FilterEvaluator.isUuid(text)) {
      return text.toLowerCase(Locale.ROOT);
    }
    Instant instant = FilterEvaluator.dateTime(text);
    return instant == null ? text : instant.toString();
  }

  /** The filter that matches everything. */
  static Filter all() {
    return new And(List.of());
  }

  /** The terms of this filter, ANDed (empty: matches everything). */
  List<Term> terms();

  /**
   * Checks every attribute path and value against the addressed type.
   *
   * @return this filter
   * @throws InvalidQueryException naming the unknown attribute or the value of the wrong type
   */
  Filter validate(ObjectSchema schema);

  /** Whether the JSON representation of an object matches. Never throws. */
  boolean matches(JsonNode object);

  /**
   * A canonical text: equal for equivalent inputs (case of operators, quoting, escapes, whitespace
   * outside values, order and repetition of terms). Parsing it gives an equivalent filter; the
   * empty string stands for {@link #all()}.
   */
  String canonical();

  /** The filter operators of SOL013. */
  enum Operator {
    EQ(false, false, false),
    NEQ(true, false, false),
    GT(false, false, false),
    GTE(false, false, false),
    LT(false, false, false),
    LTE(false, false, false),
    IN(false, true, false),
    NIN(true, true, false),
    CONT(false, true, true),
    NCONT(true, true, true);

    private final boolean negated;
    private final boolean multiValued;
    private final boolean substring;

    Operator(boolean negated, boolean multiValued, boolean substring) {
      this.negated = negated;
      this.multiValued = multiValued;
      this.substring = substring;
    }

    /** The lower-case name used in filter text. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the operator holds when its positive twin ({@code eq in cont}) does not. */
    public boolean negated() {
      return negated;
    }

    /** Whether the operator takes more than one value ({@code in nin cont ncont}). */
    public boolean multiValued() {
      return multiValued;
    }

    /** Whether the operator compares by order ({@code gt gte lt lte}). */
    public boolean ordering() {
      return this == GT || this == GTE || this == LT || this == LTE;
    }

    /** Whether the operator tests for a substring ({@code cont ncont}). */
    public boolean substring() {
      return substring;
    }

    /** Looks an operator up by its name, ignoring case. */
    public static Optional<Operator> fromWireName(String name) {
      return Arrays.stream(values()).filter(o -> o.name().equalsIgnoreCase(name)).findFirst();
    }
  }

  /**
   * One term {@code (op,path,value...)}.
   *
   * @param path the unescaped path segments, at least one, none empty
   * @param values at least one value; exactly one for {@code eq neq gt gte lt lte}
   */
  record Term(Operator operator, List<String> path, List<String> values) implements Filter {
    /**
     * @throws IllegalArgumentException if the path or the number of values is not allowed
     */
    public Term {
      Objects.requireNonNull(operator, "operator");
      path = List.copyOf(path);
      values = List.copyOf(values);
      if (path.isEmpty() || path.stream().anyMatch(String::isEmpty)) {
        throw new IllegalArgumentException("a filter path needs non-empty segments: " + path);
      }
      if (values.isEmpty() || (!operator.multiValued() && values.size() != 1)) {
        throw new IllegalArgumentException(
            "operator " + operator.wireName() + " cannot take " + values.size() + " values");
      }
    }

    @Override
    public List<Term> terms() {
      return List.of(this);
    }

    @Override
    public Term validate(ObjectSchema schema) {
      FilterEvaluator.validate(this, schema);
      return this;
    }

    @Override
    public boolean matches(JsonNode object) {
      return FilterEvaluator.matches(this, object);
    }

    /**
     * The leaves this term's path reaches in an object: arrays met on the way fan out, an array at
     * the end contributes its non-null elements. Extract them once, test them with {@link
     * #matchesLeaves} many times: {@code matches(o) == matchesLeaves(leavesOf(o))}.
     */
    public List<JsonNode> leavesOf(JsonNode object) {
      return FilterEvaluator.leaves(object, path);
    }

    /** Whether this term holds for an object whose leaves on its path are {@code leaves}. */
    public boolean matchesLeaves(List<JsonNode> leaves) {
      return FilterEvaluator.matchesLeaves(this, leaves);
    }

    @Override
    public String canonical() {
      StringBuilder text = new StringBuilder("(").append(operator.wireName()).append(',');
      text.append(PathSyntax.join(path));
      for (String value : values) {
        text.append(",'").append(value.replace("'", "''")).append('\'');
      }
      return text.append(')').toString();
    }
  }

  /** The conjunction of terms; no terms matches everything. */
  record And(List<Term> terms) implements Filter {
    public And {
      terms = List.copyOf(terms);
    }

    @Override
    public And validate(ObjectSchema schema) {
      Objects.requireNonNull(schema, "schema");
      for (Term term : terms) {
        term.validate(schema);
      }
      return this;
    }

    @Override
    public boolean matches(JsonNode object) {
      for (Term term : terms) {
        if (!term.matches(object)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String canonical() {
      TreeSet<String> sorted = new TreeSet<>();
      for (Term term : terms) {
        sorted.add(term.canonical());
      }
      return String.join(";", sorted);
    }
  }
}
