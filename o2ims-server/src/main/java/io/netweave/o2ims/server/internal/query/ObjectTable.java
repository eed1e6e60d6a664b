package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The objects of one type in one snapshot and view, by position in id order, with what filters
 * extracted from them: the query engine's per-revision table. Thread-safe; immutable but for the
 * lazily built columns.
 *
 * <p>Design note. Testing a filter against an object's JSON bytes means parsing them (a few
 * microseconds per object, so 0.1 to 0.2 s for a query over 50,000 resources). A table instead
 * keeps, per attribute path a filter used, a {@link Column}: the leaves that path reaches in every
 * object ({@link Filter.Term#leavesOf}, read from the bytes by {@link FilterInput}), so a term
 * tests an object without parsing it. For {@code eq} and {@code in} on a path whose leaves are all
 * text, the column also indexes its objects by leaf ({@link Filter#textKey}), so such a query
 * visits only the objects holding one of its values; every visited object is still tested by every
 * term, so the index only narrows and never decides. Columns are built on the first query that
 * needs them after a change, are carried to the next snapshot's table for every object whose bytes
 * did not change (the bytes are carried the same way, so a change re-extracts only what changed),
 * and at most {@link #MAX_COLUMNS} are kept per table (least recently used first out): about 2 to 4
 * MB per column at 50,000 objects, plus its index when built. They go with the table, i.e. with the
 * revision. The columns of configured paths are built ahead, off the request path, by {@link
 * FilterColumns} (so the first query on them after a start does not parse every object).
 */
final class ObjectTable {
  /** Columns kept per table. */
  static final int MAX_COLUMNS = 8;

  private static final List<JsonNode> NONE = List.of();

  private final Map<UUID, byte[]> byId;
  private final UUID[] ids;
  private final byte[][] json;
  private final ObjectMapper mapper;
  // guarded by itself; access order
  private final LinkedHashMap<List<String>, Column> columns =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Column> eldest) {
          return size() > MAX_COLUMNS;
        }
      };

  /**
   * @param objects the objects' JSON in id order ({@link InventorySnapshot#ID_ORDER}); kept, not
   *     copied
   * @param previous the table of the previous snapshot of the same objects, whose columns are
   *     carried for unchanged bytes; null for none
   */
  ObjectTable(Map<UUID, byte[]> objects, ObjectMapper mapper, ObjectTable previous) {
    this.byId = objects;
    this.mapper = mapper;
    this.ids = new UUID[objects.size()];
    this.json = new byte[objects.size()][];
    int i = 0;
    for (Map.Entry<UUID, byte[]> e : objects.entrySet()) {
      ids[i] = e.getKey();
      json[i++] = e.getValue();
    }
    if (previous != null) {
      List<Map.Entry<List<String>, Column>> carried;
      synchronized (previous.columns) {
        carried = new ArrayList<>(previous.columns.entrySet());
      }
      for (Map.Entry<List<String>, Column> c : carried) {
        columns.put(c.getKey(), carry(previous, c.getKey(), c.getValue()));
      }
    }
  }

  /** The objects by id, in id order. */
  Map<UUID, byte[]> byId() {
    return byId;
  }

  int size() {
    return ids.length;
  }

  UUID id(int position) {
    return ids[position];
  }

  byte[] json(int position) {
    return json[position];
  }

  /** The column of an attribute path, built now if this table has none. */
  Column column(List<String> path) {
    synchronized (columns) {
      Column c = columns.get(path);
      if (c == null) {
        c = build(path, null, null);
        columns.put(path, c);
      }
      return c;
    }
  }

  /** Whether this table holds the column of an attribute path (without building it). */
  boolean hasColumn(List<String> path) {
    synchronized (columns) {
      return columns.containsKey(path);
    }
  }

  private Column carry(ObjectTable previous, List<String> path, Column old) {
    // both tables are in id order: walk them together, keeping the leaves of identical bytes
    int[] from = new int[ids.length];
    int p = 0;
    for (int i = 0; i < ids.length; i++) {
      while (p < previous.ids.length
          && InventorySnapshot.ID_ORDER.compare(previous.ids[p], ids[i]) < 0) {
        p++;
      }
      boolean same =
          p < previous.ids.length && previous.ids[p].equals(ids[i]) && previous.json[p] == json[i];
      from[i] = same ? p : -1;
    }
    return build(path, old, from);
  }

  /** Extracts a path's leaves from every object, taking {@code old}'s where {@code from} says. */
  @SuppressWarnings("unchecked")
  private Column build(List<String> path, Column old, int[] from) {
    if (ids.length == 0) {
      return new Column(new List[0], true);
    }
    FilterInput input = FilterInput.ofPath(path, mapper);
    Filter.Term reader = new Filter.Term(Filter.Operator.EQ, path, List.of(""));
    Map<JsonNode, JsonNode> shared = new HashMap<>();
    List<JsonNode>[] cells = new List[ids.length];
    boolean text = true;
    for (int i = 0; i < ids.length; i++) {
      List<JsonNode> leaves;
      if (from != null && from[i] >= 0) {
        leaves = old.cells[from[i]];
      } else {
        List<JsonNode> found = reader.leavesOf(input.read(json[i]));
        if (found.isEmpty()) {
          leaves = NONE;
        } else {
          for (int k = 0; k < found.size(); k++) {
            found.set(k, shared.computeIfAbsent(found.get(k), v -> v));
          }
          leaves = found.size() == 1 ? List.of(found.get(0)) : List.copyOf(found);
        }
      }
      for (int k = 0; k < leaves.size() && text; k++) {
        text = leaves.get(k).isTextual();
      }
      cells[i] = leaves;
    }
    return new Column(cells, text);
  }

  /** The leaves one attribute path reaches in each object of a table. Thread-safe. */
  static final class Column {
    private final List<JsonNode>[] cells;
    private final boolean text;
    private volatile Map<String, int[]> index;

    Column(List<JsonNode>[] cells, boolean text) {
      this.cells = cells;
      this.text = text;
    }

    /** The leaves of the object at a position. */
    List<JsonNode> leaves(int position) {
      return cells[position];
    }

    /** Whether {@link #positions} can answer: every leaf of the column is text. */
    boolean indexed() {
      return text;
    }

    /**
     * The positions, ascending, of the objects with a leaf equal under {@code eq} to one of {@code
     * values} (a superset of the objects an {@code eq}/{@code in} term on this path selects).
     *
     * @throws IllegalStateException if the column is not {@link #indexed}
     */
    int[] positions(List<String> values) {
      if (!text) {
        throw new IllegalStateException("a column with non-text leaves has no index");
      }
      Map<String, int[]> byKey = index();
      if (values.size() == 1) {
        return byKey.getOrDefault(Filter.textKey(values.get(0)), new int[0]);
      }
      int[] all =
          values.stream()
              .map(Filter::textKey)
              .distinct()
              .map(k -> byKey.getOrDefault(k, new int[0]))
              .flatMapToInt(Arrays::stream)
              .toArray();
      return Arrays.stream(all).sorted().distinct().toArray();
    }

    /** Builds the index now if the column has one and it is not built yet. */
    void prepareIndex() {
      if (text) {
        index();
      }
    }

    private Map<String, int[]> index() {
      Map<String, int[]> i = index;
      if (i == null) {
        synchronized (this) {
          i = index;
          if (i == null) {
            i = buildIndex();
            index = i;
          }
        }
      }
      return i;
    }

    private Map<String, int[]> buildIndex() {
      Map<String, Ints> grow = new HashMap<>();
      for (int p = 0; p < cells.length; p++) {
        List<JsonNode> leaves = cells[p];
        for (int k = 0; k < leaves.size(); k++) {
          grow.computeIfAbsent(Filter.textKey(leaves.get(k).textValue()), x -> new Ints()).add(p);
        }
      }
      Map<String, int[]> out = new HashMap<>(grow.size() * 4 / 3 + 1);
      grow.forEach((key, ints) -> out.put(key, ints.toArray()));
      return out;
    }
  }

  /** Ascending positions, each added once (a position's leaves are added one after another). */
  private static final class Ints {
    private int[] values = new int[1];
    private int size;

    void add(int position) {
      if (size > 0 && values[size - 1] == position) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = position;
    }

    int[] toArray() {
      return size == values.length ? values : Arrays.copyOf(values, size);
    }
  }
}
