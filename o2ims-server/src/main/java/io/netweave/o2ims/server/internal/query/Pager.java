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

  /** The id of the key this pager's markers are signed with ({@link PageMarkerCodec#keyId}). */
  String markerKeyId() {
    return markers.keyId();
  }

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
    int scanned = group == null ? state.rows().size() : state.group(group).size();
    SortedMap<UUID, ObjectTable.Row> hits = null;
    for (int t = 0; t < terms.size(); t++) {
      Filter.Term term = terms.get(t);
      ObjectTable.Column column = state.columns().get(term.path());
      slots[t] = column.slot();
      if (equality(term) && column.indexed()) {
        // the index narrows to the rows holding one of the values; the smallest set is walked
        SortedMap<UUID, ObjectTable.Row> narrowed = state.candidates(column, term.values());
        if (narrowed.size() < scanned) {
          hits = narrowed;
          scanned = narrowed.size();
        }
      }
    }
    Scan scan =
        new Scan(terms, slots, after, rendering(query, schema), Math.min(pageSize, scanned));
    if (hits == null) {
      // no index narrows: the group's (or every) row, read from the state's flat array
      for (ObjectTable.Row row : state.scan(group)) {
        scan.visit(row);
      }
    } else {
      for (ObjectTable.Row row : hits.values()) {
        if (group == null || group.equals(row.group())) {
          scan.visit(row);
        }
      }
    }
    Optional<String> next =
        scan.more ? Optional.of(markers.encode(scan.lastKey, fingerprint)) : Optional.empty();
    return new Page(scan.items, scan.total, next);
  }

  /** One query's walk over candidate rows, in id order: the matches counted, the page taken. */
  private final class Scan {
    private final List<Filter.Term> terms;
    private final int[] slots;
    private final Optional<String> after;
    private final Function<byte[], byte[]> render;
    private final List<byte[]> items;
    // per term, the last two single leaves tested and their results (see matches)
    private final JsonNode[] seen;
    private final boolean[] seenMatch;
    private int total;
    private String lastKey;
    private boolean more;

    Scan(
        List<Filter.Term> terms,
        int[] slots,
        Optional<String> after,
        Function<byte[], byte[]> render,
        int capacity) {
      this.terms = terms;
      this.slots = slots;
      this.after = after;
      this.render = render;
      this.items = new ArrayList<>(capacity);
      this.seen = new JsonNode[2 * slots.length];
      this.seenMatch = new boolean[2 * slots.length];
    }

    /**
     * Whether every term holds for the row. A column shares one leaf node between the rows holding
     * equal values (JSON booleans are two nodes in all; equal texts are one node per column build),
     * and a term's result on a single value leaf depends on that leaf alone (value nodes are
     * immutable), so the last two such leaves of each term are remembered by identity: a scan over
     * a boolean or a low-cardinality text tests each distinct node about once instead of once per
     * row. Any other row is tested as before.
     */
    private boolean matches(ObjectTable.Row row) {
      for (int t = 0; t < slots.length; t++) {
        List<JsonNode> leaves = row.leaves(slots[t]);
        boolean match;
        if (leaves.size() != 1) {
          match = terms.get(t).matchesLeaves(leaves);
        } else {
          JsonNode leaf = leaves.get(0);
          int at = 2 * t;
          if (seen[at] == leaf) {
            match = seenMatch[at];
          } else if (seen[at + 1] == leaf) {
            match = seenMatch[at + 1];
          } else {
            match = terms.get(t).matchesLeaves(leaves);
            if (leaf.isValueNode()) {
              seen[at + 1] = seen[at];
              seenMatch[at + 1] = seenMatch[at];
              seen[at] = leaf;
              seenMatch[at] = match;
            }
          }
        }
        if (!match) {
          return false;
        }
      }
      return true;
    }

    void visit(ObjectTable.Row row) {
      if (!matches(row)) {
        return;
      }
      total++;
      if (more) {
        return;
      }
      String key = null;
      if (after.isPresent()) {
        key = row.id().toString();
        if (key.compareTo(after.get()) <= 0) {
          return;
        }
      }
      if (items.size() < pageSize) {
        items.add(render.apply(row.json()));
        lastKey = key != null ? key : row.id().toString();
      } else {
        more = true;
      }
    }
  }

  private static boolean equality(Filter.Term term) {
    return term.operator() == Filter.Operator.EQ || term.operator() == Filter.Operator.IN;
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

  /**
   * A page of objects in the map's order, keyed (for markers) by the map's key strings: those
   * {@code selected}, each rendered by {@code render}.
   */
  <T> Page page(
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
