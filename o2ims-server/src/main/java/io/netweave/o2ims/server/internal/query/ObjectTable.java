package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * The objects of one type in one snapshot and view, in id order, with what filters extracted from
 * them: the query engine's per-revision table. Thread-safe; immutable but for the lazily built
 * columns and indexes.
 *
 * <p>Design note. Testing a filter against an object's JSON bytes means parsing them (a few
 * microseconds per object, so 0.1 to 0.2 s for a query over 50,000 resources). A table instead
 * keeps, per attribute path a filter used, a column: the leaves that path reaches in every object
 * ({@link Filter.Term#leavesOf}, read from the bytes by {@link FilterInput}), held in each object's
 * {@link Row}, so a term tests an object without parsing it. For {@code eq} and {@code in} on a
 * path whose leaves are all text, the column also indexes its rows by leaf ({@link
 * Filter#textKey}), so such a query visits only the rows holding one of its values; every visited
 * row is still tested by every term, so the index only narrows and never decides. Resources are
 * also indexed by their pool ({@link Row#group}), so a pool's list visits only its rows.
 *
 * <p>Everything is held in persistent sorted maps (PCollections' {@link TreePMap}: rows by id in
 * {@link InventorySnapshot#ID_ORDER}, each index by key and then by id), so the next revision's
 * table is derived from this one by {@link #next} in O(k log n) for k changed objects: the changed
 * rows are re-read (one read of their bytes per column), and every column, index and pool map is
 * updated by {@code plus}/{@code minus}, sharing everything else with this table. Building a column
 * is linear (one parse of every object, then the rows and the indexes are rebuilt to hold it); it
 * happens on the first query that needs the path, or ahead of it ({@link FilterColumns}), and at
 * most {@link #MAX_COLUMNS} are kept (least recently used first out).
 */
final class ObjectTable {
  /** Columns kept per table. */
  static final int MAX_COLUMNS = 8;

  private static final List<JsonNode> NONE = List.of();
  private static final java.util.Comparator<UUID> ORDER = InventorySnapshot.ID_ORDER;

  /**
   * One object: its id, JSON, group (a resource's pool; null otherwise) and the leaves of each
   * column, by the column's slot (null for a slot no column uses). Immutable; shared between the
   * tables of successive revisions while the object does not change.
   */
  record Row(UUID id, byte[] json, UUID group, List<JsonNode>[] cells) {
    List<JsonNode> leaves(int slot) {
      return cells[slot];
    }
  }

  /**
   * A column's place in the rows, its count of rows holding a leaf that is not text (the index
   * answers only when there is none), and its index (null until built): text key to the rows
   * holding that leaf, in id order.
   */
  record Column(
      int slot, int nonText, TreePMap<String, TreePMap<UUID, Row>> index, List<String> path) {
    /** Whether {@link State#candidates} can answer for this column: every leaf is text. */
    boolean indexed() {
      return nonText == 0;
    }
  }

  /**
   * What a query reads, consistent as a whole: rows, groups and columns, and the flat arrays of
   * {@link #scan}, built from them on first use. Immutable but for those arrays, which are a pure
   * function of the rows.
   */
  record State(
      TreePMap<UUID, Row> rows,
      TreePMap<UUID, TreePMap<UUID, Row>> groups,
      Map<List<String>, Column> columns,
      Scans scans) {

    State(
        TreePMap<UUID, Row> rows,
        TreePMap<UUID, TreePMap<UUID, Row>> groups,
        Map<List<String>, Column> columns) {
      this(rows, groups, columns, new Scans());
    }

    /** The rows of one group (a pool's resources), in id order; empty when it has none. */
    PSortedMap<UUID, Row> group(UUID group) {
      TreePMap<UUID, Row> g = groups.get(group);
      return g == null ? TreePMap.empty(ORDER) : g;
    }

    /**
     * The rows of one group (every row for null), in id order, as an array: what a query that no
     * index narrows walks. Built once per state on the first such query (one walk of the tree,
     * which that query would have made anyway) and shared by the later ones, which then read an
     * array instead of following tree nodes; a group holding every row shares the array of all
     * rows. The caller must not change it.
     */
    Row[] scan(UUID group) {
      if (group != null) {
        TreePMap<UUID, Row> g = groups.get(group);
        if (g == null) {
          return EMPTY;
        }
        if (g.size() != rows.size()) {
          return scans.byGroup.computeIfAbsent(group, x -> g.values().toArray(EMPTY));
        }
        // a group's rows are among the rows: this one holds all of them
      }
      Row[] all = scans.all;
      if (all == null) {
        all = rows.values().toArray(EMPTY);
        scans.all = all;
      }
      return all;
    }

    /**
     * The rows with a leaf equal under {@code eq} to one of {@code values} in an indexed column (a
     * superset of the rows an {@code eq}/{@code in} term on the path selects), in id order.
     */
    java.util.SortedMap<UUID, Row> candidates(Column column, List<String> values) {
      if (!column.indexed() || column.index() == null) {
        throw new IllegalStateException("the column has no index");
      }
      if (values.size() == 1) {
        TreePMap<UUID, Row> hits = column.index().get(Filter.textKey(values.get(0)));
        return hits == null ? TreePMap.empty(ORDER) : hits;
      }
      TreeMap<UUID, Row> union = new TreeMap<>(ORDER);
      for (String v : values) {
        TreePMap<UUID, Row> hits = column.index().get(Filter.textKey(v));
        if (hits != null) {
          union.putAll(hits);
        }
      }
      return union;
    }
  }

  /**
   * The flat arrays of one state's rows ({@link State#scan}), set once each; a race builds the same
   * array twice, never a different one.
   */
  static final class Scans {
    private volatile Row[] all;
    private final java.util.concurrent.ConcurrentHashMap<UUID, Row[]> byGroup =
        new java.util.concurrent.ConcurrentHashMap<>();
  }

  private static final Row[] EMPTY = new Row[0];

  private final ObjectMapper mapper;
  private final Object lock = new Object();
  private volatile State state;
  // guarded by lock; access order, for the least-recently-used bound
  private final LinkedHashMap<List<String>, Boolean> used = new LinkedHashMap<>(16, 0.75f, true);

  private ObjectTable(ObjectMapper mapper, State state, Collection<List<String>> usedOrder) {
    this.mapper = mapper;
    this.state = state;
    usedOrder.forEach(p -> used.put(p, Boolean.TRUE));
  }

  /**
   * A table of objects without columns.
   *
   * @param objects the objects' JSON by id
   * @param groups each object's group (a resource's pool), by id; objects absent have none
   */
  static ObjectTable of(Map<UUID, byte[]> objects, Map<UUID, UUID> groups, ObjectMapper mapper) {
    TreeMap<UUID, Row> rows = new TreeMap<>(ORDER);
    objects.forEach((id, json) -> rows.put(id, newRow(id, json, groups.get(id), 0)));
    TreePMap<UUID, Row> persistent = TreePMap.fromSortedMap(rows);
    return new ObjectTable(
        mapper, new State(persistent, groupsOf(persistent.values()), Map.of()), List.of());
  }

  /** A table of objects without groups or columns. */
  static ObjectTable of(Map<UUID, byte[]> objects, ObjectMapper mapper) {
    return of(objects, Map.of(), mapper);
  }

  /**
   * The table of the next revision: this one's rows, columns and indexes, with {@code changed}
   * objects (new or with new bytes) put and {@code removed} ones taken out. O(k log n) for k
   * changes, plus one read of each changed object's bytes per column.
   *
   * @param changed the new JSON of changed or added objects, with their group in {@code groups}
   */
  ObjectTable next(Map<UUID, byte[]> changed, Map<UUID, UUID> groups, Collection<UUID> removed) {
    State s;
    List<List<String>> order;
    synchronized (lock) {
      s = state;
      order = new ArrayList<>(used.keySet());
    }
    TreePMap<UUID, Row> rows = s.rows();
    TreePMap<UUID, TreePMap<UUID, Row>> byGroup = s.groups();
    Map<List<String>, Column> columns = new HashMap<>(s.columns());
    int slots = slots(columns);
    List<Column> cols = new ArrayList<>(columns.values());
    List<FilterInput> inputs = new ArrayList<>();
    for (Column c : cols) {
      inputs.add(FilterInput.ofPath(c.path(), mapper));
    }
    for (UUID id : removed) {
      Row old = rows.get(id);
      if (old == null) {
        continue;
      }
      rows = rows.minus(id);
      byGroup = ungroup(byGroup, old);
      for (int c = 0; c < cols.size(); c++) {
        cols.set(c, unindex(cols.get(c), old));
      }
    }
    for (Map.Entry<UUID, byte[]> e : changed.entrySet()) {
      UUID id = e.getKey();
      Row row = newRow(id, e.getValue(), groups.get(id), slots);
      for (int c = 0; c < cols.size(); c++) {
        Column col = cols.get(c);
        row.cells()[col.slot()] = read(col.path(), inputs.get(c), row.json(), null);
      }
      Row old = rows.get(id);
      rows = rows.plus(id, row);
      if (old != null) {
        byGroup = ungroup(byGroup, old);
      }
      byGroup = group(byGroup, row);
      for (int c = 0; c < cols.size(); c++) {
        Column col = old == null ? cols.get(c) : unindex(cols.get(c), old);
        cols.set(c, index(col, row));
      }
    }
    Map<List<String>, Column> out = new HashMap<>();
    for (Column c : cols) {
      // an index that stopped answering (a non-text leaf appeared) is dropped; built again lazily
      out.put(c.path(), c.indexed() ? c : new Column(c.slot(), c.nonText(), null, c.path()));
    }
    return new ObjectTable(mapper, new State(rows, byGroup, Map.copyOf(out)), order);
  }

  /** The objects' JSON by id, in id order (a view of the rows). */
  Map<UUID, byte[]> byId() {
    return new JsonView(state.rows());
  }

  int size() {
    return state.rows().size();
  }

  /**
   * The state to answer a query on {@code paths} from, with their columns built (and, for {@code
   * indexed}, their indexes when the column's leaves are all text).
   */
  State state(List<List<String>> paths, List<List<String>> indexed) {
    State s = state;
    synchronized (lock) {
      paths.forEach(p -> used.put(p, Boolean.TRUE));
      indexed.forEach(p -> used.put(p, Boolean.TRUE));
      if (ready(s, paths, indexed)) {
        return s;
      }
      s = state;
      Set<List<String>> keep = new java.util.HashSet<>(paths);
      keep.addAll(indexed);
      for (List<String> p : paths) {
        s = withColumn(s, p, keep);
      }
      for (List<String> p : indexed) {
        s = withIndex(withColumn(s, p, keep), p);
      }
      state = s;
      return s;
    }
  }

  /** The column of an attribute path with its index, built now if this table has none. */
  void prepare(List<String> path) {
    state(List.of(), List.of(path));
  }

  /** Whether this table holds the column of an attribute path (without building it). */
  boolean hasColumn(List<String> path) {
    return state.columns().containsKey(path);
  }

  private static boolean ready(State s, List<List<String>> paths, List<List<String>> indexed) {
    for (List<String> p : paths) {
      if (!s.columns().containsKey(p)) {
        return false;
      }
    }
    for (List<String> p : indexed) {
      Column c = s.columns().get(p);
      if (c == null || (c.indexed() && c.index() == null)) {
        return false;
      }
    }
    return true;
  }

  // guarded by lock
  private State withColumn(State s, List<String> path, Set<List<String>> keep) {
    if (s.columns().containsKey(path)) {
      return s;
    }
    Map<List<String>, Column> columns = new HashMap<>(s.columns());
    // least recently used out, but never a path the query at hand needs
    while (columns.size() >= MAX_COLUMNS) {
      List<String> eldest = null;
      for (List<String> p : used.keySet()) {
        if (columns.containsKey(p) && !keep.contains(p)) {
          eldest = p;
          break;
        }
      }
      if (eldest == null) {
        break;
      }
      columns.remove(eldest);
      used.remove(eldest);
    }
    boolean[] taken = new boolean[Math.max(slots(columns), columns.size()) + 1];
    columns.values().forEach(c -> taken[c.slot()] = true);
    int slot = 0;
    while (taken[slot]) {
      slot++;
    }
    int slots = Math.max(slots(columns), slot + 1);
    FilterInput input = FilterInput.ofPath(path, mapper);
    Map<JsonNode, JsonNode> shared = new HashMap<>();
    TreeMap<UUID, Row> rows = new TreeMap<>(ORDER);
    int nonText = 0;
    for (Row old : s.rows().values()) {
      Row row = newRow(old.id(), old.json(), old.group(), slots);
      for (Column c : columns.values()) {
        row.cells()[c.slot()] = old.cells()[c.slot()];
      }
      List<JsonNode> leaves = read(path, input, old.json(), shared);
      row.cells()[slot] = leaves;
      nonText += textless(leaves);
      rows.put(row.id(), row);
    }
    TreePMap<UUID, Row> persistent = TreePMap.fromSortedMap(rows);
    // every row is new: the indexes and groups, which hold rows, are built again
    Map<List<String>, Column> out = new HashMap<>();
    for (Column c : columns.values()) {
      out.put(
          c.path(),
          new Column(
              c.slot(),
              c.nonText(),
              c.index() == null ? null : buildIndex(persistent, c.slot()),
              c.path()));
    }
    out.put(path, new Column(slot, nonText, null, path));
    used.put(path, Boolean.TRUE);
    return new State(persistent, groupsOf(persistent.values()), Map.copyOf(out));
  }

  // guarded by lock
  private static State withIndex(State s, List<String> path) {
    Column c = s.columns().get(path);
    if (!c.indexed() || c.index() != null) {
      return s;
    }
    Map<List<String>, Column> out = new HashMap<>(s.columns());
    out.put(path, new Column(c.slot(), 0, buildIndex(s.rows(), c.slot()), path));
    return new State(s.rows(), s.groups(), Map.copyOf(out), s.scans()); // the same rows
  }

  private static TreePMap<String, TreePMap<UUID, Row>> buildIndex(
      TreePMap<UUID, Row> rows, int slot) {
    Map<String, TreeMap<UUID, Row>> grow = new HashMap<>();
    for (Row r : rows.values()) {
      List<JsonNode> leaves = r.cells()[slot];
      for (int k = 0; k < leaves.size(); k++) {
        grow.computeIfAbsent(Filter.textKey(leaves.get(k).textValue()), x -> new TreeMap<>(ORDER))
            .put(r.id(), r);
      }
    }
    TreeMap<String, TreePMap<UUID, Row>> out = new TreeMap<>();
    grow.forEach((key, ids) -> out.put(key, TreePMap.fromSortedMap(ids)));
    return TreePMap.fromSortedMap(out);
  }

  private static TreePMap<UUID, TreePMap<UUID, Row>> groupsOf(Collection<Row> rows) {
    Map<UUID, TreeMap<UUID, Row>> grow = new HashMap<>();
    for (Row r : rows) {
      if (r.group() != null) {
        grow.computeIfAbsent(r.group(), x -> new TreeMap<>(ORDER)).put(r.id(), r);
      }
    }
    TreeMap<UUID, TreePMap<UUID, Row>> out = new TreeMap<>(ORDER);
    grow.forEach((g, ids) -> out.put(g, TreePMap.fromSortedMap(ids)));
    return TreePMap.fromSortedMap(out);
  }

  private static TreePMap<UUID, TreePMap<UUID, Row>> group(
      TreePMap<UUID, TreePMap<UUID, Row>> groups, Row row) {
    if (row.group() == null) {
      return groups;
    }
    TreePMap<UUID, Row> g = groups.get(row.group());
    return groups.plus(
        row.group(), (g == null ? TreePMap.<UUID, Row>empty(ORDER) : g).plus(row.id(), row));
  }

  private static TreePMap<UUID, TreePMap<UUID, Row>> ungroup(
      TreePMap<UUID, TreePMap<UUID, Row>> groups, Row row) {
    if (row.group() == null) {
      return groups;
    }
    TreePMap<UUID, Row> g = groups.get(row.group());
    if (g == null) {
      return groups;
    }
    TreePMap<UUID, Row> less = g.minus(row.id());
    return less.isEmpty() ? groups.minus(row.group()) : groups.plus(row.group(), less);
  }

  /** The index keys of a row's text leaves in a column (the other leaves are not indexed). */
  private static List<String> textKeys(List<JsonNode> leaves) {
    List<String> keys = new java.util.ArrayList<>(leaves.size());
    for (JsonNode leaf : leaves) {
      if (leaf.isTextual()) {
        keys.add(Filter.textKey(leaf.textValue()));
      }
    }
    return keys;
  }

  /** A column without {@code old}'s leaves: its count, and its index when built. */
  private static Column unindex(Column c, Row old) {
    List<JsonNode> leaves = old.cells()[c.slot()];
    int nonText = c.nonText() - textless(leaves);
    TreePMap<String, TreePMap<UUID, Row>> index = c.index();
    if (index != null) {
      for (String key : textKeys(leaves)) {
        TreePMap<UUID, Row> hits = index.get(key);
        if (hits != null) {
          TreePMap<UUID, Row> less = hits.minus(old.id());
          index = less.isEmpty() ? index.minus(key) : index.plus(key, less);
        }
      }
    }
    return new Column(c.slot(), nonText, index, c.path());
  }

  /** A column with {@code row}'s leaves: its count, and its index when built. */
  private static Column index(Column c, Row row) {
    List<JsonNode> leaves = row.cells()[c.slot()];
    int nonText = c.nonText() + textless(leaves);
    TreePMap<String, TreePMap<UUID, Row>> index = c.index();
    if (index != null) {
      for (String key : textKeys(leaves)) {
        TreePMap<UUID, Row> hits = index.get(key);
        index =
            index.plus(
                key, (hits == null ? TreePMap.<UUID, Row>empty(ORDER) : hits).plus(row.id(), row));
      }
    }
    return new Column(c.slot(), nonText, index, c.path());
  }

  /** 1 if one of the leaves is not text, else 0. */
  private static int textless(List<JsonNode> leaves) {
    for (int k = 0; k < leaves.size(); k++) {
      if (!leaves.get(k).isTextual()) {
        return 1;
      }
    }
    return 0;
  }

  private static int slots(Map<List<String>, Column> columns) {
    int n = 0;
    for (Column c : columns.values()) {
      n = Math.max(n, c.slot() + 1);
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private static Row newRow(UUID id, byte[] json, UUID group, int slots) {
    return new Row(id, json, group, new List[slots]);
  }

  /**
   * The leaves a path reaches in one object's bytes, equal values shared through {@code shared}.
   */
  private static List<JsonNode> read(
      List<String> path, FilterInput input, byte[] json, Map<JsonNode, JsonNode> shared) {
    Filter.Term reader = new Filter.Term(Filter.Operator.EQ, path, List.of(""));
    List<JsonNode> found = reader.leavesOf(input.read(json));
    if (found.isEmpty()) {
      return NONE;
    }
    if (shared != null) {
      for (int k = 0; k < found.size(); k++) {
        found.set(k, shared.computeIfAbsent(found.get(k), v -> v));
      }
    }
    return found.size() == 1 ? List.of(found.get(0)) : List.copyOf(found);
  }

  /** The rows' JSON by id, read-only. */
  private static final class JsonView extends AbstractMap<UUID, byte[]> {
    private final TreePMap<UUID, Row> rows;

    JsonView(TreePMap<UUID, Row> rows) {
      this.rows = rows;
    }

    @Override
    public byte[] get(Object key) {
      Row r = key instanceof UUID ? rows.get(key) : null;
      return r == null ? null : r.json();
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof UUID && rows.containsKey(key);
    }

    @Override
    public int size() {
      return rows.size();
    }

    @Override
    public Set<Map.Entry<UUID, byte[]>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<UUID, byte[]>> iterator() {
          Iterator<Row> it = rows.values().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Map.Entry<UUID, byte[]> next() {
              Row r = it.next();
              return Map.entry(r.id(), r.json());
            }
          };
        }

        @Override
        public int size() {
          return rows.size();
        }
      };
    }
  }
}
