package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.SiteLayout;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Every object of a snapshot in one API view, rendered exactly as the query engine renders it (so
 * notifications and GETs agree): for the notification producer of a view. Stateless.
 */
public final class ViewJson {
  private ViewJson() {}

  /**
   * A deployment manager's JSON (its record's, {@code manager}, changed and returned) in either
   * view: {@code supportedLocations} set to {@code layout}'s locations of its sites, as GETs serve
   * it.
   */
  public static ObjectNode deploymentManager(ObjectNode manager, UUID id, SiteLayout layout) {
    return SnapshotJson.withSupportedLocations(manager, layout.locationsOf(id));
  }

  /** The objects by type (the O-Cloud first) and id, as new trees. */
  public static Map<ObjectType, Map<UUID, ObjectNode>> of(
      InventorySnapshot snapshot, ObjectMapper mapper, ApiView view) {
    Map<UUID, byte[]> resources = new LinkedHashMap<>();
    snapshot
        .resources()
        .forEach((id, r) -> resources.put(id, SnapshotJson.resourceJson(r, mapper)));
    SnapshotJson json = new SnapshotJson(snapshot, mapper, view, ObjectTable.of(resources, mapper));
    Map<ObjectType, Map<UUID, ObjectNode>> out = new EnumMap<>(ObjectType.class);
    out.put(
        ObjectType.OCLOUD,
        Map.of(snapshot.oCloud().id(), SnapshotJson.tree(json.ocloud(), mapper)));
    for (ObjectType type : view.objectTypes()) {
      if (type != ObjectType.OCLOUD) {
        Map<UUID, ObjectNode> trees = new LinkedHashMap<>();
        json.objects(type).forEach((id, bytes) -> trees.put(id, SnapshotJson.tree(bytes, mapper)));
        out.put(type, trees);
      }
    }
    return out;
  }
}
