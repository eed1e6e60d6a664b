package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * The default JSON (UTF-8 bytes, no selector applied) of every object of one snapshot in one API
 * view, serialized once, so a list without selectors is a concatenation and filtering and selecting
 * never re-serialize. Maps iterate in the snapshot's id order. The arrays are shared: callers must
 * not modify them. Immutable once built; thread-safe.
 *
 * <p>Bytes replace the per-object Jackson trees this class used to hold: about 1 KB per node
 * instead of a tree several times that size. The resources' bytes, most of the total, are the same
 * in every view and are passed in by {@link ViewStore}, which reuses an unchanged resource's bytes
 * from one revision to the next. Alarm dictionaries stay trees (one per resource type; the routes
 * embed them in other values).
 *
 * <p>The v1 JSON is the records' own; the v2 JSON is derived from it (DECISIONS, "Versions"): the
 * O-Cloud drops {@code globalcloudId} and always carries {@code extensions}; pools lose {@code
 * oCloudId}, {@code globalLocationId} and {@code location} and gain their site's {@code
 * oCloudSiteId}; types carry {@code alarmDictionaryId} instead of the dictionary; locations and
 * sites come from the {@link SiteLayout}. In both views a deployment manager's {@code
 * supportedLocations} are its sites' locations (R004 describes the v1 member so too), not the
 * record's.
 */
final class SnapshotJson {
  private final InventorySnapshot snapshot;
  private final byte[] ocloud;
  private final Map<ObjectType, ObjectTable> byType = new EnumMap<>(ObjectType.class);
  private final ObjectMapper mapper;
  private final Map<UUID, ObjectNode> dictionaries = new LinkedHashMap<>();

  /**
   * @param resources the resources' JSON of this snapshot, in the snapshot's order (the same in
   *     every view)
   */
  SnapshotJson(
      InventorySnapshot snapshot, ObjectMapper mapper, ApiView view, ObjectTable resources) {
    this.snapshot = snapshot;
    this.mapper = mapper;
    ObjectNode cloud = mapper.valueToTree(snapshot.oCloud());
    Map<UUID, ObjectNode> types = toTrees(snapshot.resourceTypes(), mapper);
    types.forEach(
        (id, t) -> {
          if (t.get("alarmDictionary") instanceof ObjectNode d) {
            dictionaries.put(id, d);
          }
        });
    Map<UUID, ObjectNode> pools = toTrees(snapshot.resourcePools(), mapper);
    Map<UUID, ObjectNode> dms = toTrees(snapshot.deploymentManagers(), mapper);
    SiteLayout layout = SiteLayout.of(snapshot);
    dms.replaceAll((id, d) -> withSupportedLocations(d, layout.locationsOf(id)));
    if (view == ApiView.V2) {
      cloud.remove("globalcloudId");
      if (!cloud.has("extensions")) {
        cloud.putObject("extensions");
      }
      types.replaceAll((id, t) -> typeV2(t));
      pools.replaceAll((id, p) -> poolV2(p, layout, id));
      byType.put(ObjectType.LOCATION, table(toTrees(layout.locations(), mapper), mapper));
      byType.put(ObjectType.OCLOUD_SITE, table(toTrees(layout.sites(), mapper), mapper));
    }
    this.ocloud = bytes(cloud, mapper);
    byType.put(ObjectType.RESOURCE_TYPE, table(types, mapper));
    byType.put(ObjectType.RESOURCE_POOL, table(pools, mapper));
    byType.put(ObjectType.RESOURCE, resources);
    byType.put(ObjectType.DEPLOYMENT_MANAGER, table(dms, mapper));
  }

  /** The default JSON of one resource (the same in every view). */
  static byte[] resourceJson(InventoryObject resource, ObjectMapper mapper) {
    return bytes(resource, mapper);
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

  /**
   * A deployment manager's JSON in either view: its {@code supportedLocations} are the
   * globalLocationIds of its sites' locations ({@link SiteLayout#locationsOf}: sorted, each once),
   * whatever the record carries. Changes {@code manager} and returns it.
   */
  static ObjectNode withSupportedLocations(ObjectNode manager, List<String> locations) {
    ArrayNode supported = manager.putArray("supportedLocations");
    locations.forEach(supported::add);
    return manager;
  }

  private static Map<UUID, ObjectNode> toTrees(
      Map<UUID, ? extends InventoryObject> objects, ObjectMapper mapper) {
    Map<UUID, ObjectNode> out = new LinkedHashMap<>();
    objects.forEach((id, o) -> out.put(id, (ObjectNode) mapper.valueToTree(o)));
    return out;
  }

  private static ObjectTable table(Map<UUID, ObjectNode> trees, ObjectMapper mapper) {
    Map<UUID, byte[]> out = new LinkedHashMap<>();
    trees.forEach((id, o) -> out.put(id, bytes(o, mapper)));
    return ObjectTable.of(out, mapper);
  }

  /** JSON held by the engine, parsed into a new tree the caller may change. */
  static ObjectNode tree(byte[] json, ObjectMapper mapper) {
    try {
      return (ObjectNode) mapper.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("the query engine holds JSON that does not parse", e);
    }
  }

  private static byte[] bytes(Object value, ObjectMapper mapper) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an inventory object", e);
    }
  }

  InventorySnapshot snapshot() {
    return snapshot;
  }

  long revision() {
    return snapshot.revision();
  }

  /** The O-Cloud's JSON. */
  byte[] ocloud() {
    return ocloud;
  }

  /** The objects of a type (not the O-Cloud), in id order; empty for a type the view lacks. */
  Map<UUID, byte[]> objects(ObjectType type) {
    ObjectTable t = byType.get(type);
    return t == null ? Map.of() : t.byId();
  }

  /** The table of a type (not the O-Cloud); empty for a type the view lacks. */
  ObjectTable table(ObjectType type) {
    ObjectTable t = byType.get(type);
    return t != null ? t : ObjectTable.of(Map.of(), mapper);
  }

  /** The alarm dictionaries, by resource type id, in type id order. */
  Map<UUID, ObjectNode> dictionaries() {
    return dictionaries;
  }
}
