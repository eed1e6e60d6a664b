package io.netweave.o2ims.client;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The query parameters of a GET: SOL013 {@code filter} expressions (ANDed) and attribute selectors
 * ({@code fields}, {@code exclude_fields}, {@code all_fields}, {@code exclude_default}). Filters
 * are the model's own {@link Filter} trees (or text parsed with {@link Filter#parse(String)}), so a
 * malformed filter fails here and an unknown attribute fails when the query is used, with the same
 * {@link InvalidQueryException} the server would answer 400 for, before anything is sent. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * Query q = Query.builder().filter("(eq,name,edge-1)").fields("name", "description").build();
 * }</pre>
 */
public final class Query {
  private static final Query ALL = new Query(List.of(), List.of(), Map.of());

  private final List<Filter> filters;
  private final List<String> filterTexts;
  private final Map<String, List<String>> selectorParameters;
  private final FieldSelector selector;

  private Query(
      List<Filter> filters, List<String> filterTexts, Map<String, List<String>> selector) {
    this.filters = List.copyOf(filters);
    this.filterTexts = List.copyOf(filterTexts);
    this.selectorParameters = Map.copyOf(selector);
    this.selector = selector.isEmpty() ? null : FieldSelector.parse(this.selectorParameters);
  }

  /** The query without filter or selector: every object, every default attribute. */
  public static Query all() {
    return ALL;
  }

  /** A query with one filter. */
  public static Query filter(Filter filter) {
    return builder().filter(filter).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether objects come back whole (no {@code fields}/{@code exclude_fields}), so they can be read
   * as typed records.
   */
  public boolean selectsAllAttributes() {
    return selector == null || selector.selectsAll();
  }

  /** Whether the query has a filter. */
  public boolean hasFilter() {
    return !filterTexts.isEmpty();
  }

  /**
   * Checks every filter and selector against the addressed type.
   *
   * @return this query
   * @throws InvalidQueryException naming the unknown attribute or the badly typed value
   */
  public Query validate(ObjectSchema schema) {
    for (Filter f : filters) {
      f.validate(schema);
    }
    if (selector != null) {
      selector.validate(schema);
    }
    return this;
  }

  /**
   * Checks the filters against one schema and the selector against another (a type whose filters
   * also accept alias spellings, as alarm records do).
   *
   * @return this query
   * @throws InvalidQueryException naming the unknown attribute or the badly typed value
   */
  public Query validate(ObjectSchema filterSchema, ObjectSchema selectorSchema) {
    for (Filter f : filters) {
      f.validate(filterSchema);
    }
    if (selector != null) {
      selector.validate(selectorSchema);
    }
    return this;
  }

  /** The query parameters to send, in a stable order; filters first. */
  public Map<String, List<String>> parameters() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!filterTexts.isEmpty()) {
      out.put("filter", filterTexts);
    }
    for (String name : List.of("all_fields", "fields", "exclude_fields", "exclude_default")) {
      List<String> values = selectorParameters.get(name);
      if (values != null) {
        out.put(name, values);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Query" + parameters();
  }

  /** Collects a query; not thread-safe. Each selector kind may be set once. */
  public static final class Builder {
    private final List<Filter> filters = new ArrayList<>();
    private final List<String> filterTexts = new ArrayList<>();
    private final Map<String, List<String>> selector = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a filter, ANDed with any others; sent in its canonical form. */
    public Builder filter(Filter filter) {
      Objects.requireNonNull(filter, "filter");
      String text = filter.canonical();
      if (!text.isEmpty()) {
        filters.add(filter);
        filterTexts.add(text);
      }
      return this;
    }

    /**
     * Parses and adds a filter such as {@code (eq,name,edge-1);(neq,description,)}.
     *
     * @throws InvalidQueryException if the text is not a valid filter
     */
    public Builder filter(String text) {
      filters.add(Filter.parse(text));
      filterTexts.add(text);
      return this;
    }

    /**
     * Uses a selector parsed with the model's {@link FieldSelector#parse}; sent in its canonical
     * form. {@link FieldSelector#all()} adds nothing.
     */
    public Builder select(FieldSelector fieldSelector) {
      String text = fieldSelector.canonical();
      if (text.isEmpty()) {
        return this;
      }
      String excludeMarker = "exclude_fields=";
      int exclude = text.startsWith(excludeMarker) ? 0 : text.indexOf("&" + excludeMarker);
      String fieldsPart =
          exclude == 0 ? "" : text.substring(0, exclude < 0 ? text.length() : exclude);
      if (!fieldsPart.isEmpty()) {
        selector("fields", fieldsPart.substring("fields=".length()));
      }
      if (exclude >= 0) {
        selector(
            "exclude_fields", text.substring(text.indexOf(excludeMarker) + excludeMarker.length()));
      }
      return this;
    }

    /**
     * Selects these complex attributes (objects, arrays) or parts of them, {@code /} for nesting;
     * every simple attribute (string, number, boolean, UUID) is always returned, as SOL013 and the
     * references define {@code fields}. Naming a simple attribute is allowed and changes nothing.
     */
    public Builder fields(String... names) {
      return selector("fields", String.join(",", names));
    }

    /**
     * Selects every attribute but these complex attributes or parts of them; simple attributes
     * named here are still returned.
     */
    public Builder excludeFields(String... names) {
      return selector("exclude_fields", String.join(",", names));
    }

    /** Selects every attribute, including those a server leaves out by default. */
    public Builder allFields() {
      return selector("all_fields", "true");
    }

    /** Asks for the default attributes ({@code exclude_default}). */
    public Builder excludeDefault() {
      return selector("exclude_default", "true");
    }

    private Builder selector(String name, String value) {
      if (selector.putIfAbsent(name, List.of(value)) != null) {
        throw new IllegalStateException(name + " is already set; give all names in one call");
      }
      return this;
    }

    /**
     * @throws InvalidQueryException if the selectors are malformed or may not be combined (e.g.
     *     {@code all_fields} with {@code fields})
     */
    public Query build() {
      return new Query(filters, filterTexts, selector);
    }
  }
}
