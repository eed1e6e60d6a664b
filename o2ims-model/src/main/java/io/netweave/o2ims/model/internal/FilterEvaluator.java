package io.netweave.o2ims.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.ObjectSchema.AttributeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validation and evaluation of filter terms.
 *
 * <p>Design note. A filter is parsed once into an immutable list of terms and evaluated many times
 * against the JSON view of objects (the same bytes a client sees), so the engine needs no
 * per-record code and the v1 and v2 views filter exactly what they show. Work is split in two:
 *
 * <ul>
 *   <li>{@link #validate} runs once per request against the addressed type's {@link ObjectSchema}:
 *       unknown attributes, objects addressed as if they were values, ordering or substring
 *       operators on booleans and values that cannot be read as the declared type (for every
 *       operator, {@code cont} included, except that {@code cont}/{@code ncont} on a date-time take
 *       any text: {@code (cont,alarmRaisedTime,2026-12-07)} finds a day) are refused there, so
 *       evaluation never has an error path.
 *   <li>{@link #matches} walks the path through the JSON tree. Arrays met on the way (for example
 *       {@code elements/resourceId}) fan out, and an array at the end contributes its elements; the
 *       result is the set of leaves. A positive operator ({@code eq in cont gt gte lt lte}) holds
 *       when any leaf satisfies it for any value; a negated operator ({@code neq nin ncont}) holds
 *       when its positive twin does not. An absent attribute has no leaves, so positive operators
 *       fail and negated ones hold, without special cases.
 *   <li>The JSON node's own type decides the comparison: text by UTF-16 code unit (and, when both
 *       sides are UUIDs, ignoring case, since O2 ids compare case-insensitively; when both sides
 *       are RFC 3339 date-times with an offset, by instant, since the times a record carries have
 *       zero to nine fraction digits and an SMO writes whole seconds or another offset), numbers
 *       numerically as {@link BigDecimal}, booleans by value. Below open objects the schema cannot
 *       say the type, and a value that cannot be read as the node's type simply does not match.
 * </ul>
 *
 * <p>The walk is iterative (a frontier list per path segment), so a long garbage path cannot
 * exhaust the stack. Stateless and thread-safe.
 */
public final class FilterEvaluator {
  private FilterEvaluator() {}

  /**
   * Checks one term against a schema.
   *
   * @throws InvalidQueryException (parameter {@code filter}) naming the problem
   */
  public static void validate(Filter.Term term, ObjectSchema schema) {
    String path = PathSyntax.join(term.path());
    AttributeType type =
        schema
            .attribute(term.path())
            .orElseThrow(
                () -> invalid(term, "unknown attribute '" + path + "' for " + schema.name()));
    Filter.Operator op = term.operator();
    switch (type) {
      case OBJECT, OPEN_OBJECT ->
          throw invalid(
              term, "attribute '" + path + "' is an object; filter on one of its members");
      case ARRAY_OF_OBJECT ->
          throw invalid(
              term,
              "attribute '" + path + "' is an array of objects; filter on one of their members");
      case BOOLEAN -> {
        if (op.ordering() || op.substring()) {
          throw invalid(
              term,
              "operator '"
                  + op.wireName()
                  + "' cannot be used on boolean attribute '"
                  + path
                  + "'");
        }
        for (String v : term.values()) {
          if (!"true".equalsIgnoreCase(v) && !"false".equalsIgnoreCase(v)) {
            throw invalid(
                term, "'" + v + "' is not a boolean (true or false) for attribute '" + path + "'");
          }
        }
      }
      case NUMBER -> {
        for (String v : term.values()) {
          if (decimal(v) == null) {
            throw invalid(term, "'" + v + "' is not a number for attribute '" + path + "'");
          }
        }
      }
      case UUID -> {
        for (String v : term.values()) {
          if (!isUuid(v)) {
            throw invalid(term, "'" + v + "' is not a UUID for attribute '" + path + "'");
          }
        }
      }
      case DATE_TIME -> {
        if (!op.substring()) {
          for (String v : term.values()) {
            if (dateTime(v) == null) {
              throw invalid(
                  term,
                  "'"
                      + v
                      + "' is not an RFC 3339 date-time (such as 2026-12-07T07:30:00Z) for"
                      + " attribute '"
                      + path
                      + "'"
                      + (v.contains(" ")
                          ? "; an offset's '+' must be sent as %2B (a bare '+' in a query"
                              + " reads as a space)"
                          : ""));
            }
          }
        }
      }
      default -> {
        // strings and values below open objects take any text
      }
    }
  }

  /** Whether the object satisfies the term. Never throws for any JSON input. */
  public static boolean matches(Filter.Term term, JsonNode object) {
    return matchesLeaves(term, leaves(object, term.path()));
  }

  /**
   * Whether the term holds for an object whose leaves on the term's path are {@code leaves} (as
   * {@link #leaves} returns them): {@code matches(term, o) == matchesLeaves(term, leaves(o,
   * term.path()))}. For callers that extract the leaves once and test them many times.
   */
  public static boolean matchesLeaves(Filter.Term term, List<JsonNode> leaves) {
    Filter.Operator op = term.operator();
    boolean any = false;
    for (int i = 0, n = leaves.size(); i < n; i++) {
      JsonNode leaf = leaves.get(i);
      for (String value : term.values()) {
        if (test(op, leaf, value)) {
          any = true;
          break;
        }
      }
      if (any) {
        break;
      }
    }
    return op.negated() != any;
  }

  /**
   * The leaves a path reaches in a JSON tree: arrays met on the way fan out, an array at the end
   * contributes its non-null elements; absent and null members reach nothing. A new mutable list.
   */
  public static List<JsonNode> leaves(JsonNode root, List<String> path) {
    List<JsonNode> frontier = new ArrayList<>(1);
    if (root != null) {
      frontier.add(root);
    }
    for (String segment : path) {
      List<JsonNode> next = new ArrayList<>(frontier.size());
      for (JsonNode node : frontier) {
        if (node.isArray()) {
          for (JsonNode element : node) {
            addChild(next, element, segment);
          }
        } else {
          addChild(next, node, segment);
        }
      }
      if (next.isEmpty()) {
        return next;
      }
      frontier = next;
    }
    List<JsonNode> leaves = new ArrayList<>(frontier.size());
    for (JsonNode node : frontier) {
      if (node.isArray()) {
        for (JsonNode element : node) {
          if (!element.isNull()) {
            leaves.add(element);
          }
        }
      } else {
        leaves.add(node);
      }
    }
    return leaves;
  }

  private static void addChild(List<JsonNode> out, JsonNode node, String segment) {
    if (node.isObject()) {
      JsonNode child = node.get(segment);
      if (child != null && !child.isNull() && !child.isMissingNode()) {
        out.add(child);
      }
    }
  }

  /** The positive form of {@code op} applied to one leaf and one value. */
  private static boolean test(Filter.Operator op, JsonNode leaf, String value) {
    if (op.substring()) {
      if (!leaf.isValueNode()) {
        return false;
      }
      String text = leaf.asText();
      return isUuid(value)
          ? text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT))
          : text.contains(value);
    }
    int cmp;
    if (leaf.isTextual()) {
      cmp = compareText(leaf.textValue(), value);
    } else if (leaf.isNumber()) {
      BigDecimal v = decimal(value);
      if (v == null) {
        return false;
      }
      cmp = leaf.decimalValue().compareTo(v);
    } else if (leaf.isBoolean()) {
      if (op.ordering()) {
        return false;
      }
      if ("true".equalsIgnoreCase(value)) {
        cmp = leaf.booleanValue() ? 0 : 1;
      } else if ("false".equalsIgnoreCase(value)) {
        cmp = leaf.booleanValue() ? 1 : 0;
      } else {
        return false;
      }
    } else {
      return false;
    }
    return switch (op) {
      case GT -> cmp > 0;
      case GTE -> cmp >= 0;
      case LT -> cmp < 0;
      case LTE -> cmp <= 0;
      default -> cmp == 0;
    };
  }

  private static int compareText(String a, String b) {
    if (isUuid(a) && isUuid(b)) {
      return a.compareToIgnoreCase(b);
    }
    if (looksLikeDateTime(a) && looksLikeDateTime(b)) {
      Instant x = dateTime(a);
      Instant y = dateTime(b);
      if (x != null && y != null) {
        return x.compareTo(y);
      }
    }
    return a.compareTo(b);
  }

  /**
   * The instant an RFC 3339 date-time with an offset ({@code 2026-12-07T07:30:00Z}, {@code
   * ...30.5+02:00}) stands for, or null if the text is not one. The {@code T} and {@code Z} may be
   * lower case ({@code 2026-12-07t07:30:00z}), as RFC 3339 section 5.6 allows.
   */
  public static Instant dateTime(String text) {
    if (!looksLikeDateTime(text)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(
              text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A cheap shape check before parsing: {@code yyyy-mm-ddThh:mm} and an offset after. */
  private static boolean looksLikeDateTime(String text) {
    int n = text.length();
    return n >= 20
        && n <= 64
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && (text.charAt(10) == 'T' || text.charAt(10) == 't')
        && text.charAt(13) == ':';
  }

  private static BigDecimal decimal(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > 100) {
      return null;
    }
    try {
      return new BigDecimal(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether the text has the 8-4-4-4-12 hexadecimal form of a UUID. */
  public static boolean isUuid(String text) {
    if (text.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean ok =
          (i == 8 || i == 13 || i == 18 || i == 23)
              ? c == '-'
              : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static InvalidQueryException invalid(Filter.Term term, String message) {
    return new InvalidQueryException("filter", message, term.canonical(), -1);
  }
}
