package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.PageMarkerCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Filters, pages (keyset by id string, as the maps iterate) and renders a map of objects. Shared by
 * the inventory, monitoring and subscription services. Thread-safe.
 *
 * <p>The inventory's objects are held as their default JSON bytes in an {@link ObjectTable} ({@link
 * #page(ObjectTable, UUID, ListQuery, ObjectSchema, String)}): a page without selectors is those
 * bytes concatenated, a filter tests the leaves its paths reach, extracted once per revision into
 * the table's columns (and narrowed by their index for {@code eq}/{@code in}), and only a page with
 * selectors parses its objects to project them. Objects built per request as trees (subscriptions,
 * alarms) are paged by {@link #pageTrees}.
 */
final class Pager {
  private final PageMarkerCodec markers;
  private final int pageSize;
  private final ObjectMapper mapper;

  Pager(PageMarkerCodec markers, int pageSize, ObjectMapper mapper) {
    this.markers = markers;
    this.pageSize = pageSize;
    this.mapper = mapper;
  }

  /**
   * A page of objects held as JSON bytes.
   *
   * @param table the objects, in id order (as their id strings order)
   * @param group the group (a pool, for resources) whose objects to consider; null for all
   * @param path the request path, to which markers are bound
   * @throws io.netweave.o2ims.model.InvalidQueryException for a bad or foreign marker
   */
  Page page(ObjectTable table, UUID group, ListQuery query, ObjectSchema schema, String path) {
    String fingerprint = query.fingerprint(path);
    Optional<String> after = query.marker().map(m -> markers.decode(m, fingerprint));
    List<Filter.Term> terms = query.filter().terms();
    List<List<String>> paths = new ArrayList<>();
    List<List<String>> equalities = new ArrayList<>();
    for (Filter.Term term : terms) {
      (equality(term) ? equalities : paths).add(term.path());
    }
    ObjectTable.State state = table.state(paths, equalities);
    int[] slots = new int[terms.size()];
    SortedMap<UUID, ObjectTable.Row> candidates = group == null ? state.rows() : state.group(group);
    boolean checkGroup = false;
    for (int t = 0; t < terms.size(); t++) {
      Filter.Term term = terms.get(t);
      ObjectTable.Column column = state.columns().get(term.path());
      slots[t] = column.slot();
      if (equality(term) && column.indexed()) {
        // the index narrows to the rows holding one of the values; the smallest set is walked
        SortedMap<UUID, ObjectTable.Row> hits = state.candidates(column, term.values());
        if (hits.size() < candidates.size()) {
          candidates = hits;
          checkGroup = group != null;
        }
      }
    }
    Function<byte[], byte[]> render = rendering(query, schema);
    List<byte[]> items = new ArrayList<>(Math.min(pageSize, candidates.size()));
    int total = 0;
    String lastKey = null;
    boolean more = false;
    for (ObjectTable.Row row : candidates.values()) {
      if (checkGroup && !group.equals(row.group())) {
        continue;
      }
      if (!matches(terms, slots, row)) {
        continue;
      }
      total++;
      if (more) {
        continue;
      }
      String key = null;
      if (after.isPresent()) {
        key = row.id().toString();
        if (key.compareTo(after.get()) <= 0) {
          continue;
        }
      }
      if (items.size() < pageSize) {
        items.add(render.apply(row.json()));
        lastKey = key != null ? key : row.id().toString();
      } else {
        more = true;
      }
    }
    Optional<String> next =
        more ? Optional.of(markers.encode(lastKey, fingerprint)) : Optional.empty();
    return new Page(items, total, next);
  }

  private static boolean equality(Filter.Term term) {
    return term.operator() == Filter.Operator.EQ || term.operator() == Filter.Operator.IN;
  }

  private static boolean matches(List<Filter.Term> terms, int[] slots, ObjectTable.Row row) {
    for (int t = 0; t < slots.length; t++) {
      if (!terms.get(t).matchesLeaves(row.leaves(slots[t]))) {
        return false;
      }
    }
    return true;
  }

  /** A page of objects built as trees; {@code selected} is the caller's filter decision. */
  Page pageTrees(
      Map<? extends Comparable<?>, ObjectNode> objects,
      ListQuery query,
      ObjectSchema schema,
      String path,
      Predicate<ObjectNode> selected) {
    return page(objects, query, path, selected, o -> write(project(o, query, schema)));
  }

  /** A page of objects built as trees, filtered by the query's filter. */
  Page pageTrees(
      Map<? extends Comparable<?>, ObjectNode> objects,
      ListQuery query,
      ObjectSchema schema,
      String path) {
    return pageTrees(objects, query, schema, path, o -> query.filter().matches(o));
  }

  private <T> Page page(
      Map<? extends Comparable<?>, T> objects,
      ListQuery query,
      String path,
      Predicate<T> selected,
      Function<T, byte[]> render) {
    String fingerprint = query.fingerprint(path);
    Optional<String> after = query.marker().map(m -> markers.decode(m, fingerprint));
    List<byte[]> items = new ArrayList<>(Math.min(pageSize, objects.size()));
    int total = 0;
    String lastKey = null;
    boolean more = false;
    for (Map.Entry<? extends Comparable<?>, T> e : objects.entrySet()) {
      T o = e.getValue();
      if (!selected.test(o)) {
        continue;
      }
      total++;
      String key = e.getKey().toString();
      if (after.isPresent() && key.compareTo(after.get()) <= 0) {
        continue;
      }
      if (items.size() < pageSize) {
        items.add(render.apply(o));
        lastKey = key;
      } else {
        more = true;
      }
    }
    Optional<String> next =
        more ? Optional.of(markers.encode(lastKey, fingerprint)) : Optional.empty();
    return new Page(items, total, next);
  }

  /** The bytes to send for an object held as bytes: as held, or parsed and projected. */
  private Function<byte[], byte[]> rendering(ListQuery query, ObjectSchema schema) {
    if (query.selector().selectsAll()) {
      return json -> json;
    }
    return json -> write(query.selector().apply(parse(json), schema));
  }

  /** An object held as bytes, parsed into a new tree the caller may change. */
  ObjectNode parse(byte[] json) {
    return SnapshotJson.tree(json, mapper);
  }

  byte[] write(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an object", e);
    }
  }

  static JsonNode project(ObjectNode o, ListQuery query, ObjectSchema schema) {
    return query.selector().selectsAll() ? o : query.selector().apply(o, schema);
  }
}
