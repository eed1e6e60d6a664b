package io.netweave.o2ims.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The query engine's table derived change by change ({@link ObjectTable#next}: rows, columns,
 * indexes and pool maps carried with plus/minus) answers every query exactly as a table built
 * afresh from the same objects, and as the filter on the whole objects does.
 */
class ObjectTableTest {
  static final ObjectMapper MAPPER = O2Json.newMapper();
  static final ObjectSchema SCHEMA = ApiView.V1.schema(ObjectType.RESOURCE);
  static final List<UUID> POOLS =
      List.of(
          UUID.fromString("00000000-0000-4000-8000-00000000000a"),
          UUID.fromString("00000000-0000-4000-8000-00000000000b"),
          UUID.fromString("00000000-0000-4000-8000-00000000000c"));
  static final UUID OWNER = UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

  final Pager pager =
      new Pager(new PageMarkerCodec("secret".getBytes(StandardCharsets.UTF_8)), 7, MAPPER);

  /** One resource's JSON: a few text, boolean, number, array and UUID leaves, chosen at random. */
  static byte[] json(UUID id, UUID pool, Random random) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("resourceId", id.toString());
    o.put("resourcePoolId", pool.toString());
    o.put("description", "d" + random.nextInt(3));
    ObjectNode ext = o.putObject("extensions");
    switch (random.nextInt(10)) {
      case 0 -> ext.put("nodeName", random.nextInt(4)); // a number: the column loses its index
      case 1 -> {} // no node name
      default -> ext.put("nodeName", "node-" + random.nextInt(12));
    }
    if (random.nextInt(4) > 0) {
      ext.put("ready", random.nextInt(5) > 0);
    }
    ObjectNode labels = ext.putObject("labels");
    for (int l = 0; l < 10; l++) {
      if (random.nextInt(3) > 0) {
        labels.put("l" + l, "v" + random.nextInt(3));
      }
    }
    if (random.nextBoolean()) {
      ext.putArray("tags").add("t" + random.nextInt(3)).add("t" + random.nextInt(3));
    }
    if (random.nextBoolean()) {
      String owner = random.nextBoolean() ? OWNER.toString() : UUID.randomUUID().toString();
      ext.put("owner", random.nextBoolean() ? owner.toUpperCase(Locale.ROOT) : owner);
    }
    return bytes(o);
  }

  static byte[] bytes(ObjectNode o) {
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A random filter of one to three terms over the objects' paths. */
  static String filter(Random random) {
    List<String> terms = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int t = 0; t < n; t++) {
      terms.add(
          switch (random.nextInt(9)) {
            case 0 -> "(eq,extensions/nodeName,node-" + random.nextInt(12) + ")";
            case 1 ->
                "(in,extensions/nodeName,node-"
                    + random.nextInt(12)
                    + ",node-"
                    + random.nextInt(12)
                    + ")";
            case 2 -> "(eq,extensions/ready," + random.nextBoolean() + ")";
            case 3 -> "(neq,extensions/ready,false)";
            case 4 ->
                random.nextBoolean()
                    ? "(eq,extensions/labels/l"
                        + random.nextInt(10)
                        + ",v"
                        + random.nextInt(3)
                        + ")"
                    : "(in,extensions/labels/l"
                        + random.nextInt(10)
                        + ",v"
                        + random.nextInt(3)
                        + ",v"
                        + random.nextInt(3)
                        + ")";
            case 5 -> "(neq,extensions/labels/l" + random.nextInt(10) + ",v0)";
            case 6 -> "(eq,extensions/tags,t" + random.nextInt(3) + ")";
            case 7 ->
                "(eq,extensions/owner,"
                    + (random.nextBoolean() ? OWNER.toString().toUpperCase(Locale.ROOT) : OWNER)
                    + ")";
            default -> "(eq,description,d" + random.nextInt(3) + ")";
          });
    }
    return String.join(";", terms);
  }

  /** Every page of a query, followed by its markers: the ids in order, and the total. */
  List<String> walk(ObjectTable table, UUID pool, Filter filter, int[] total) {
    List<String> ids = new ArrayList<>();
    ListQuery query = new ListQuery(filter, FieldSelector.all(), Optional.empty());
    while (true) {
      Page page = pager.page(table, pool, query, SCHEMA, "/r");
      total[0] = page.total();
      page.items().forEach(item -> ids.add(item.path("resourceId").asText()));
      if (page.nextMarker().isEmpty()) {
        return ids;
      }
      query = new ListQuery(filter, FieldSelector.all(), page.nextMarker());
    }
  }

  /** What the filter selects on the whole objects, in id order. */
  static List<String> expected(
      TreeMap<UUID, byte[]> objects, Map<UUID, UUID> pools, UUID pool, Filter filter) {
    List<String> out = new ArrayList<>();
    objects.forEach(
        (id, json) -> {
          if ((pool == null || pool.equals(pools.get(id)))
              && filter.matches(SnapshotJson.tree(json, MAPPER))) {
            out.add(id.toString());
          }
        });
    return out;
  }

  void assertSameAnswers(
      ObjectTable table, TreeMap<UUID, byte[]> objects, Map<UUID, UUID> pools, Random random) {
    ObjectTable fresh = ObjectTable.of(objects, pools, MAPPER);
    for (int q = 0; q < 6; q++) {
      Filter filter = Filter.parse(filter(random));
      UUID pool = random.nextInt(3) == 0 ? null : POOLS.get(random.nextInt(POOLS.size()));
      int[] total = new int[1];
      int[] freshTotal = new int[1];
      List<String> got = walk(table, pool, filter, total);
      List<String> want = expected(objects, pools, pool, filter);
      assertThat(got).as("%s in pool %s", filter, pool).isEqualTo(want);
      assertThat(total[0]).isEqualTo(want.size());
      assertThat(walk(fresh, pool, filter, freshTotal)).isEqualTo(want);
      assertThat(freshTotal[0]).isEqualTo(want.size());
    }
    assertThat(table.size()).isEqualTo(objects.size());
    assertThat(table.byId().keySet()).containsExactlyElementsOf(objects.keySet());
  }

  @Test
  void aTableDerivedChangeByChangeAnswersAsAFreshBuildAndTheWholeObjects() {
    Random random = new Random(20261206L);
    TreeMap<UUID, byte[]> objects = new TreeMap<>(InventorySnapshot.ID_ORDER);
    Map<UUID, UUID> pools = new HashMap<>();
    for (int i = 0; i < 120; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      UUID pool = POOLS.get(random.nextInt(2)); // the third pool starts empty
      objects.put(id, json(id, pool, random));
      pools.put(id, pool);
    }
    ObjectTable table = ObjectTable.of(objects, pools, MAPPER);
    ObjectTable previous = null;
    TreeMap<UUID, byte[]> previousObjects = null;
    Map<UUID, UUID> previousPools = null;
    for (int step = 0; step < 300; step++) {
      assertSameAnswers(table, objects, pools, random);
      if (previous != null && step % 10 == 0) {
        // an older revision's table keeps answering from its own objects
        assertSameAnswers(previous, previousObjects, previousPools, random);
      }
      previous = table;
      previousObjects = new TreeMap<>(objects);
      previousPools = new HashMap<>(pools);
      Map<UUID, byte[]> changed = new HashMap<>();
      Map<UUID, UUID> changedPools = new HashMap<>();
      List<UUID> removed = new ArrayList<>();
      int k = random.nextInt(step % 50 == 49 ? 60 : 4);
      List<UUID> ids = new ArrayList<>(objects.keySet());
      for (int c = 0; c < k; c++) {
        int what = random.nextInt(10);
        if (what < 2 && !objects.isEmpty()) {
          UUID id = ids.get(random.nextInt(ids.size()));
          if (!changed.containsKey(id) && objects.remove(id) != null) {
            pools.remove(id);
            removed.add(id);
          }
        } else {
          UUID id =
              what < 5 || ids.isEmpty()
                  ? new UUID(random.nextLong(), random.nextLong())
                  : ids.get(random.nextInt(ids.size()));
          if (removed.contains(id)) {
            continue;
          }
          UUID pool = POOLS.get(random.nextInt(POOLS.size()));
          byte[] json = json(id, pool, random);
          objects.put(id, json);
          pools.put(id, pool);
          changed.put(id, json);
          changedPools.put(id, pool);
        }
      }
      table = table.next(changed, changedPools, removed);
    }
  }

  /**
   * The flat arrays a scan reads ({@link ObjectTable.State#scan}) hold exactly the state's rows (of
   * a pool, or all) in id order, whether built before or after the next revision was derived, when
   * one pool holds every row (the array of all rows is shared) and for a pool with no rows.
   */
  @Test
  void aStatesScanArraysHoldItsRowsInIdOrderAcrossRandomChanges() {
    Random random = new Random(61206L);
    TreeMap<UUID, byte[]> objects = new TreeMap<>(InventorySnapshot.ID_ORDER);
    Map<UUID, UUID> pools = new HashMap<>();
    for (int i = 0; i < 80; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      objects.put(id, json(id, POOLS.get(0), random)); // one pool holds every row at first
      pools.put(id, POOLS.get(0));
    }
    ObjectTable table = ObjectTable.of(objects, pools, MAPPER);
    UUID unknown = UUID.fromString("00000000-0000-4000-8000-0000000000ff");
    for (int step = 0; step < 200; step++) {
      ObjectTable.State state = table.state(List.of(List.of("extensions", "ready")), List.of());
      List<UUID> order = new ArrayList<>(List.of(POOLS.get(0), POOLS.get(1), POOLS.get(2)));
      java.util.Collections.shuffle(order, random);
      order.add(random.nextInt(order.size() + 1), null);
      for (int read = 0; read < 2; read++) { // built, then read again
        for (UUID pool : order) {
          List<UUID> want = new ArrayList<>();
          objects.keySet().stream()
              .filter(id -> pool == null || pool.equals(pools.get(id)))
              .forEach(want::add);
          List<UUID> got = new ArrayList<>();
          for (ObjectTable.Row row : state.scan(pool)) {
            got.add(row.id());
            assertThat(row.json()).isSameAs(objects.get(row.id()));
          }
          assertThat(got).as("step %d, pool %s", step, pool).isEqualTo(want);
        }
        assertThat(state.scan(unknown)).isEmpty();
      }
      if (pools.values().stream().distinct().count() == 1) {
        assertThat(state.scan(pools.values().iterator().next())).isSameAs(state.scan(null));
      }
      Map<UUID, byte[]> changed = new HashMap<>();
      Map<UUID, UUID> changedPools = new HashMap<>();
      List<UUID> removed = new ArrayList<>();
      List<UUID> ids = new ArrayList<>(objects.keySet());
      // moves into other pools are rare at first, so one pool keeps every row for some steps
      int k = random.nextInt(4);
      for (int c = 0; c < k; c++) {
        int what = random.nextInt(10);
        if (what < 2 && ids.size() > 1) {
          UUID id = ids.remove(random.nextInt(ids.size()));
          if (!changed.containsKey(id)) {
            objects.remove(id);
            pools.remove(id);
            removed.add(id);
          }
        } else {
          UUID id =
              what < 5
                  ? new UUID(random.nextLong(), random.nextLong())
                  : ids.get(random.nextInt(ids.size()));
          if (removed.contains(id)) {
            continue;
          }
          UUID pool = step < 40 ? POOLS.get(0) : POOLS.get(random.nextInt(POOLS.size()));
          byte[] json = json(id, pool, random);
          objects.put(id, json);
          pools.put(id, pool);
          changed.put(id, json);
          changedPools.put(id, pool);
        }
      }
      ObjectTable nextTable = table.next(changed, changedPools, removed);
      // the previous state's arrays stay those of its own rows
      List<UUID> before = new ArrayList<>();
      for (ObjectTable.Row row : state.scan(null)) {
        before.add(row.id());
      }
      assertThat(before)
          .hasSize(state.rows().size())
          .containsExactlyElementsOf(state.rows().keySet());
      table = nextTable;
    }
  }

  @Test
  void anEmptyTableAnswersNothingAndTakesObjectsLater() {
    ObjectTable empty = ObjectTable.of(Map.of(), Map.of(), MAPPER);
    Filter filter = Filter.parse("(eq,extensions/nodeName,node-1)");
    int[] total = new int[1];
    assertThat(walk(empty, null, filter, total)).isEmpty();
    assertThat(total[0]).isZero();
    UUID id = UUID.fromString("00000000-0000-4000-8000-000000000001");
    byte[] json =
        "{\"resourceId\":\"00000000-0000-4000-8000-000000000001\",\"extensions\":{\"nodeName\":\"node-1\"}}"
            .getBytes(StandardCharsets.UTF_8);
    ObjectTable one = empty.next(Map.of(id, json), Map.of(id, POOLS.get(0)), List.of());
    assertThat(walk(one, POOLS.get(0), filter, total)).containsExactly(id.toString());
    assertThat(walk(one, POOLS.get(1), filter, total)).isEmpty();
    assertThat(walk(empty, null, filter, total)).isEmpty();
  }
}
