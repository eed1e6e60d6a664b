package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The v1 JSON of every object of one snapshot, serialized once (so filtering and selecting never
 * re-serialize). Maps iterate in the snapshot's id order. The nodes are shared: callers must not
 * modify them (selectors return copies). Immutable once built; thread-safe.
 */
final class SnapshotJson {
  private final InventorySnapshot snapshot;
  private final ObjectNode ocloud;
  private final Map<ObjectType, Map<UUID, ObjectNode>> byType = new EnumMap<>(ObjectType.class);

  SnapshotJson(InventorySnapshot snapshot, ObjectMapper mapper) {
    this.snapshot = snapshot;
    this.ocloud = mapper.valueToTree(snapshot.oCloud());
    byType.put(ObjectType.RESOURCE_TYPE, toJson(snapshot.resourceTypes(), mapper));
    byType.put(ObjectType.RESOURCE_POOL, toJson(snapshot.resourcePools(), mapper));
    byType.put(ObjectType.RESOURCE, toJson(snapshot.resources(), mapper));
    byType.put(ObjectType.DEPLOYMENT_MANAGER, toJson(snapshot.deploymentManagers(), mapper));
  }

  private static Map<UUID, ObjectNode> toJson(
      Map<UUID, ? extends InventoryObject> objects, ObjectMapper mapper) {
    Map<UUID, ObjectNode> out = new LinkedHashMap<>();
    objects.forEach((id, o) -> out.put(id, (ObjectNode) mapper.valueToTree(o)));
    return out;
  }

  InventorySnapshot snapshot() {
    return snapshot;
  }

  long revision() {
    return snapshot.revision();
  }

  ObjectNode ocloud() {
    return ocloud;
  }

  /** The objects of a type (not the O-Cloud), in id order. */
  Map<UUID, ObjectNode> objects(ObjectType type) {
    return byType.get(type);
  }
}
