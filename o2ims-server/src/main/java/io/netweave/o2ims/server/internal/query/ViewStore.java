package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON of the latest snapshot in each view, shared by the query services of one source (one
 * query engine, several views).
 *
 * <p>Design note. A view's {@link SnapshotJson} is built once per snapshot: the first query after a
 * change builds it while concurrent queries of that view wait for it (a lock, not a race in which
 * every request of a miss storm serializes the whole inventory), and later queries read it without
 * locking. The resources' bytes, which dominate, are shared by every view of a snapshot and carried
 * from one snapshot to the next: a resource whose record is the same (or equal) as in the previous
 * snapshot keeps its bytes, so a change re-serializes only what changed. Building for a snapshot
 * older than the latest (a caller that read the source just before a change) answers from a build
 * that is not kept. Thread-safe.
 */
final class ViewStore {
  private final ObjectMapper mapper;
  private final AtomicReferenceArray<SnapshotJson> latest =
      new AtomicReferenceArray<>(ApiView.values().length);
  private InventorySnapshot resourcesOf; // guarded by this
  private ObjectTable resources; // guarded by this

  ViewStore(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** The JSON of {@code snapshot} in {@code view}. */
  SnapshotJson json(InventorySnapshot snapshot, ApiView view) {
    SnapshotJson j = latest.get(view.ordinal());
    if (j != null && j.snapshot() == snapshot) {
      return j;
    }
    synchronized (this) {
      j = latest.get(view.ordinal());
      if (j != null && j.snapshot() == snapshot) {
        return j;
      }
      SnapshotJson fresh = new SnapshotJson(snapshot, mapper, view, resources(snapshot));
      if (j == null || j.revision() <= fresh.revision()) {
        latest.set(view.ordinal(), fresh);
      }
      return fresh;
    }
  }

  /**
   * Whether the latest resources' table built holds the column of every path (the next table
   * carries them, so the first filtered query on those paths after a change parses only what
   * changed). False before any table is built.
   */
  synchronized boolean hasColumns(List<List<String>> paths) {
    if (resources == null) {
      return false;
    }
    for (List<String> path : paths) {
      if (!resources.hasColumn(path)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The resources' table of {@code snapshot}: derived from the previous snapshot's table with the
   * resources whose record changed (not the same record, and not equal to it) re-serialized, so the
   * table's columns and indexes are carried with O(log n) work per changed resource ({@link
   * ObjectTable#next}). Finding the changed resources is one walk of both snapshots' maps in id
   * order comparing records by reference (equal only when they are not the same record).
   */
  private ObjectTable resources(InventorySnapshot snapshot) {
    if (resourcesOf == snapshot) {
      return resources;
    }
    ObjectTable table;
    if (resourcesOf == null) {
      Map<UUID, byte[]> all = new LinkedHashMap<>(snapshot.resources().size() * 4 / 3 + 1);
      Map<UUID, UUID> pools = new HashMap<>(snapshot.resources().size() * 4 / 3 + 1);
      snapshot
          .resources()
          .forEach(
              (id, r) -> {
                all.put(id, SnapshotJson.resourceJson(r, mapper));
                pools.put(id, r.resourcePoolId());
              });
      table = ObjectTable.of(all, pools, mapper);
    } else {
      Map<UUID, byte[]> changed = new LinkedHashMap<>();
      Map<UUID, UUID> pools = new HashMap<>();
      List<UUID> removed = new ArrayList<>();
      Iterator<Map.Entry<UUID, Resource>> before = resourcesOf.resources().entrySet().iterator();
      Iterator<Map.Entry<UUID, Resource>> after = snapshot.resources().entrySet().iterator();
      Map.Entry<UUID, Resource> b = before.hasNext() ? before.next() : null;
      Map.Entry<UUID, Resource> a = after.hasNext() ? after.next() : null;
      while (a != null || b != null) {
        int c =
            a == null
                ? 1
                : b == null ? -1 : InventorySnapshot.ID_ORDER.compare(a.getKey(), b.getKey());
        if (c > 0) {
          removed.add(b.getKey());
          b = before.hasNext() ? before.next() : null;
          continue;
        }
        Resource r = a.getValue();
        if (c < 0 || (b.getValue() != r && !b.getValue().equals(r))) {
          changed.put(a.getKey(), SnapshotJson.resourceJson(r, mapper));
          pools.put(a.getKey(), r.resourcePoolId());
        }
        if (c == 0) {
          b = before.hasNext() ? before.next() : null;
        }
        a = after.hasNext() ? after.next() : null;
      }
      table = resources.next(changed, pools, removed);
    }
    if (resourcesOf == null || resourcesOf.revision() <= snapshot.revision()) {
      resourcesOf = snapshot;
      resources = table;
    }
    return table;
  }
}
