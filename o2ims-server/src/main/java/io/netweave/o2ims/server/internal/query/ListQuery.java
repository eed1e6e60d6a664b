package io.netweave.o2ims.server.internal.query;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed query of a list request: filter, selector and, for later pages, the opaque marker text
 * as received.
 *
 * <p>An empty marker ({@code nextpage_opaque_marker=}) is refused here, when the query is parsed,
 * before any cache is consulted: it would otherwise share the first page's cache key and be
 * answered 200 from a warm cache but 400 from a cold one.
 *
 * @throws QueryProblem (400) if the marker is present but empty
 */
public record ListQuery(Filter filter, FieldSelector selector, Optional<String> marker) {
  public ListQuery {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(selector, "selector");
    marker = Objects.requireNonNullElse(marker, Optional.empty());
    if (marker.filter(String::isEmpty).isPresent()) {
      throw new QueryProblem(
          QueryProblem.Kind.BAD_REQUEST,
          "nextpage_opaque_marker is empty; omit it to get the first page",
          java.util.Map.of("parameter", "nextpage_opaque_marker"));
    }
  }

  private static final ListQuery ALL =
      new ListQuery(Filter.all(), FieldSelector.all(), Optional.empty());
  // Most list requests have no query: their cache key's canonical text is made once, not per hit.
  private static final String ALL_CANONICAL = ALL.canonicalText();

  /** Everything, first page (one shared instance: the query is immutable). */
  public static ListQuery all() {
    return ALL;
  }

  /** The canonical text of filter and selector: what a marker is bound to. */
  public String fingerprint(String path) {
    return path + "?" + filter.canonical() + "&" + selector.canonical();
  }

  /** The canonical query for cache keys: filter, selector and marker. */
  public String canonical() {
    return this == ALL ? ALL_CANONICAL : canonicalText();
  }

  private String canonicalText() {
    return filter.canonical() + "&" + selector.canonical() + "&" + marker.orElse("");
  }
}
