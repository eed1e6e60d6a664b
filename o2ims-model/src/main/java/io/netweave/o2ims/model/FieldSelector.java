package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.internal.JsonProjection;
import io.netweave.o2ims.model.internal.PathSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The parsed attribute selectors of a request ({@code all_fields}, {@code fields}, {@code
 * exclude_fields}, {@code exclude_default}), as DECISIONS.md defines them. Immutable, thread-safe.
 *
 * <ul>
 *   <li>No selector, {@code all_fields} (bare, empty or {@code true}) or {@code exclude_default}
 *       alone: every attribute.
 *   <li>{@code fields=a,b/c}: every simple attribute (string, number, boolean, UUID) plus the
 *       listed complex ones (objects, arrays) or parts of them; {@code exclude_fields=a,b/c}: every
 *       attribute but the listed complex ones or parts (simple attributes named there stay). Both:
 *       {@code fields} first, then the exclusions. {@code exclude_default} is accepted beside them
 *       and changes nothing. (Changed 2026-12: {@code fields} used to keep only the listed
 *       attributes plus the id.)
 *   <li>A parameter given more than once: the union of its values.
 *   <li>Paths use {@code /} with the {@code ~1}/{@code ~0} escapes of {@code filter}; through an
 *       array of objects ({@code elements/description}) a path applies to every element.
 * </ul>
 *
 * <p>{@link #parse} throws {@link InvalidQueryException} for an empty name, {@code all_fields}
 * beside {@code fields}/{@code exclude_fields}, or an unknown {@code all_fields}/{@code
 * exclude_default} value; {@link #validate} throws it for names the addressed type does not have
 * (anything below {@code extensions} and other open objects is allowed).
 */
public final class FieldSelector {
  private static final FieldSelector ALL = new FieldSelector(List.of(), List.of());

  private final List<List<String>> fields;
  private final List<List<String>> excludes;

  private FieldSelector(List<List<String>> fields, List<List<String>> excludes) {
    this.fields = List.copyOf(fields);
    this.excludes = List.copyOf(excludes);
  }

  /**
   * Reads the selector parameters from a request's query parameters (other parameters ignored).
   *
   * @throws InvalidQueryException on malformed names or forbidden combinations
   */
  public static FieldSelector parse(Map<String, List<String>> queryParameters) {
    if (queryParameters == null) {
      throw new InvalidQueryException("fields", "the query parameters are missing", "", -1);
    }
    List<String> all = queryParameters.get("all_fields");
    List<String> fieldTexts = queryParameters.get("fields");
    List<String> excludeTexts = queryParameters.get("exclude_fields");
    checkFlag("all_fields", all);
    checkFlag("exclude_default", queryParameters.get("exclude_default"));
    if (all != null && (fieldTexts != null || excludeTexts != null)) {
      throw new InvalidQueryException(
          "all_fields",
          "all_fields cannot be combined with "
              + (fieldTexts != null ? "fields" : "exclude_fields")
              + "; drop one of them",
          "",
          -1);
    }
    List<List<String>> fields = names("fields", fieldTexts);
    List<List<String>> excludes = names("exclude_fields", excludeTexts);
    if (fields.isEmpty() && excludes.isEmpty()) {
      return ALL;
    }
    return new FieldSelector(fields, excludes);
  }

  private static void checkFlag(String parameter, List<String> values) {
    if (values == null) {
      return;
    }
    for (String value : values) {
      if (value != null && !value.isEmpty() && !"true".equalsIgnoreCase(value)) {
        throw new InvalidQueryException(
            parameter, parameter + " takes no value (or true), not '" + value + "'", value, 0);
      }
    }
  }

  private static List<List<String>> names(String parameter, List<String> texts) {
    List<List<String>> paths = new ArrayList<>();
    if (texts == null) {
      return paths;
    }
    if (texts.isEmpty()) {
      throw new InvalidQueryException(parameter, parameter + " needs at least one name", "", -1);
    }
    for (String text : texts) {
      if (text == null) {
        throw new InvalidQueryException(parameter, parameter + " needs at least one name", "", -1);
      }
      if (text.length() > 65_536) {
        throw new InvalidQueryException(parameter, parameter + " is too long", "", 65_536);
      }
      int start = 0;
      for (int i = 0; i <= text.length(); i++) {
        if (i == text.length() || text.charAt(i) == ',') {
          if (i == start) {
            throw new InvalidQueryException(
                parameter,
                "empty attribute name in " + parameter + " (at position " + start + ")",
                text,
                start);
          }
          paths.add(PathSyntax.split(text, start, i, parameter));
          start = i + 1;
        }
      }
    }
    return paths;
  }

  /** Every attribute (the default). */
  public static FieldSelector all() {
    return ALL;
  }

  /**
   * Checks the selected names against the addressed type.
   *
   * @return this selector
   * @throws InvalidQueryException naming the unknown attribute
   */
  public FieldSelector validate(ObjectSchema schema) {
    Objects.requireNonNull(schema, "schema");
    check(schema, "fields", fields);
    check(schema, "exclude_fields", excludes);
    return this;
  }

  private static void check(ObjectSchema schema, String parameter, List<List<String>> paths) {
    for (List<String> path : paths) {
      if (schema.attribute(path).isEmpty()) {
        String name = PathSyntax.join(path);
        throw new InvalidQueryException(
            parameter, "unknown attribute '" + name + "' for " + schema.name(), name, -1);
      }
    }
  }

  /** Whether this selector keeps every attribute (so callers can skip projection). */
  public boolean selectsAll() {
    return fields.isEmpty() && excludes.isEmpty();
  }

  /**
   * A projected copy of the object; the input is not changed. Simple attributes (string, number,
   * boolean, UUID) of the object are always kept: {@code fields} chooses among the complex ones
   * (objects and arrays, or parts of them), and {@code exclude_fields} removes complex ones or
   * parts (a simple attribute named there stays), as SOL013, both references and the O-RAN
   * compliance tests read it.
   */
  public ObjectNode apply(ObjectNode object, ObjectSchema schema) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(schema, "schema");
    ObjectNode result;
    if (fields.isEmpty()) {
      result = object.deepCopy();
    } else {
      List<List<String>> keep = new ArrayList<>(fields);
      for (String name : schema.attributeNames()) {
        if (isSimple(schema, name)) {
          keep.add(List.of(name));
        }
      }
      result = JsonProjection.keep(object, keep);
    }
    for (List<String> path : excludes) {
      if (!(path.size() == 1 && isSimple(schema, path.get(0)))) {
        JsonProjection.remove(result, path);
      }
    }
    return result;
  }

  private static boolean isSimple(ObjectSchema schema, String attribute) {
    return schema
        .attribute(List.of(attribute))
        .map(
            t ->
                switch (t) {
                  case STRING, UUID, DATE_TIME, NUMBER, BOOLEAN -> true;
                  default -> false;
                })
        .orElse(false);
  }

  /**
   * A canonical text: equal for equivalent selectors. It is itself a valid query string, {@code
   * fields=a,b/c&exclude_fields=d} (either part left out when it has no names; names escaped with
   * {@code ~0}/{@code ~1}, sorted, without repeats), and empty for "every attribute". The SDK sends
   * selectors in this form, so the format is stable.
   */
  public String canonical() {
    if (selectsAll()) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    if (!fields.isEmpty()) {
      text.append("fields=").append(joined(fields));
    }
    if (!excludes.isEmpty()) {
      text.append(text.length() > 0 ? "&" : "").append("exclude_fields=").append(joined(excludes));
    }
    return text.toString();
  }

  private static String joined(List<List<String>> paths) {
    TreeSet<String> names = new TreeSet<>();
    for (List<String> path : paths) {
      names.add(PathSyntax.join(path));
    }
    return String.join(",", names);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && canonical().equals(other.canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  @Override
  public String toString() {
    return "FieldSelector[" + canonical() + "]";
  }
}
