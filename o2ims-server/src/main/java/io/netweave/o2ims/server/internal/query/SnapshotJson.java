package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.SiteLayout;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON of every object of one snapshot in one API view, serialized once (so filtering and
 * selecting never re-serialize). Maps iterate in the snapshot's id order. The nodes are shared:
 * callers must not modify them (selectors return copies). Immutable once built; thread-safe.
 *
 * <p>The v1 JSON is the records' own; the v2 JSON is derived from it (DECISIONS, "Versions"): the
 * O-Cloud drops {@code globalcloudId} and always carries {@code extensions}; pools lose {@code
 * oCloudId}, {@code globalLocationId} and {@code location} and gain their site's {@code
 * oCloudSiteId}; types carry {@code alarmDictionaryId} instead of the dictionary; deployment
 * managers list their sites' locations; locations and sites come from the {@link SiteLayout}.
 */
final class SnapshotJson {
  private final InventorySnapshot snapshot;
  private final ObjectNode ocloud;
  private final Map<ObjectType, Map<UUID, ObjectNode>> byType = new EnumMap<>(ObjectType.class);
  private final Map<UUID, ObjectNode> dictionaries = new LinkedHashMap<>();

  SnapshotJson(InventorySnapshot snapshot, ObjectMapper mapper) {
    this(snapshot, mapper, ApiView.V1);
  }

  SnapshotJson(InventorySnapshot snapshot, ObjectMapper mapper, ApiView view) {
    this.snapshot = snapshot;
    ObjectNode cloud = mapper.valueToTree(snapshot.oCloud());
    Map<UUID, ObjectNode> types = toJson(snapshot.resourceTypes(), mapper);
    types.forEach(
        (id, t) -> {
          if (t.get("alarmDictionary") instanceof ObjectNode d) {
            dictionaries.put(id, d);
          }
        });
    Map<UUID, ObjectNode> pools = toJson(snapshot.resourcePools(), mapper);
    Map<UUID, ObjectNode> dms = toJson(snapshot.deploymentManagers(), mapper);
    if (view == ApiView.V2) {
      SiteLayout layout = SiteLayout.of(snapshot);
      cloud.remove("globalcloudId");
      if (!cloud.has("extensions")) {
        cloud.putObject("extensions");
      }
      types.replaceAll((id, t) -> typeV2(t));
      pools.replaceAll((id, p) -> poolV2(p, layout, id));
      dms.replaceAll((id, d) -> managerV2(d, layout.locationsOf(id)));
      byType.put(ObjectType.LOCATION, toJson(layout.locations(), mapper));
      byType.put(ObjectType.OCLOUD_SITE, toJson(layout.sites(), mapper));
    }
    this.ocloud = cloud;
    byType.put(ObjectType.RESOURCE_TYPE, types);
    byType.put(ObjectType.RESOURCE_POOL, pools);
    byType.put(ObjectType.RESOURCE, toJson(snapshot.resources(), mapper));
    byType.put(ObjectType.DEPLOYMENT_MANAGER, dms);
  }

  private static ObjectNode typeV2(ObjectNode v1) {
    ObjectNode t = v1.objectNode();
    v1.fields()
        .forEachRemaining(
            f -> {
              if (f.getKey().equals("alarmDictionary")) {
                t.set("alarmDictionaryId", f.getValue().get("alarmDictionaryId"));
              } else {
                t.set(f.getKey(), f.getValue());
              }
            });
    return t;
  }

  private static ObjectNode poolV2(ObjectNode v1, SiteLayout layout, UUID id) {
    ObjectNode p = v1.objectNode();
    p.set("resourcePoolId", v1.get("resourcePoolId"));
    p.set("name", v1.get("name"));
    layout.siteOf(id).ifPresent(site -> p.put("oCloudSiteId", site.toString()));
    p.set("description", v1.get("description"));
    if (v1.has("extensions")) {
      p.set("extensions", v1.get("extensions"));
    }
    return p;
  }

  private static ObjectNode managerV2(ObjectNode v1, List<String> locations) {
    if (locations.isEmpty()) {
      return v1;
    }
    ObjectNode d = v1.deepCopy();
    ArrayNode supported = d.putArray("supportedLocations");
    locations.forEach(supported::add);
    return d;
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

  /** The objects of a type (not the O-Cloud), in id order; empty for a type the view lacks. */
  Map<UUID, ObjectNode> objects(ObjectType type) {
    return byType.getOrDefault(type, Map.of());
  }

  /** The alarm dictionaries, by resource type id, in type id order. */
  Map<UUID, ObjectNode> dictionaries() {
    return dictionaries;
  }

  /** Any object's JSON in this view, e.g. for notification states. */
  JsonNode json(ObjectType type, UUID id) {
    return type == ObjectType.OCLOUD ? ocloud : objects(type).get(id);
  }
}
