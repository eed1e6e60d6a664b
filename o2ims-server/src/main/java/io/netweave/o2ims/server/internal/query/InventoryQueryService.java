package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiVersion;
import io.netweave.o2ims.model.ApiVersions;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.Location;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.spi.InventorySource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Answers the inventory queries of one API view ({@code /v1} or {@code /v2}) from the current
 * snapshot of an {@link InventorySource}: one query engine, one instance per view. The view's JSON
 * of a snapshot (each object's default JSON as bytes, see {@link SnapshotJson}) is built once per
 * revision and reused by every query until the next change: a list without selectors is a
 * concatenation of those bytes. Knows nothing about HTTP. Thread-safe.
 *
 * <p>Every method throws {@link io.netweave.o2ims.model.InvalidQueryException} for a filter,
 * selector or marker that does not fit the addressed type, and {@link QueryProblem} ({@code
 * NOT_FOUND}) for an unknown id.
 */
public final class InventoryQueryService {
  /** The URI prefix of the inventory API. */
  public static final String PREFIX = "/o2ims-infrastructureInventory";

  private final InventorySource source;
  private final ApiView view;
  private final ObjectMapper mapper;
  private final Pager pager;
  private final ViewStore views;

  public InventoryQueryService(
      InventorySource source, ObjectMapper mapper, PageMarkerCodec markers, int pageSize) {
    this(source, ApiView.V1, mapper, markers, pageSize);
  }

  public InventoryQueryService(
      InventorySource source,
      ApiView view,
      ObjectMapper mapper,
      PageMarkerCodec markers,
      int pageSize) {
    this.source = source;
    this.view = view;
    this.mapper = mapper;
    this.pager = new Pager(markers, pageSize, mapper);
    this.views = new ViewStore(mapper);
  }

  /**
   * A service answering the same source in another view (sharing paging, the mapper and the
   * snapshot's JSON, so the resources' bytes are held once for every view).
   */
  public InventoryQueryService inView(ApiView other) {
    return other == view ? this : new InventoryQueryService(source, other, mapper, pager, views);
  }

  private InventoryQueryService(
      InventorySource source, ApiView view, ObjectMapper mapper, Pager pager, ViewStore views) {
    this.source = source;
    this.view = view;
    this.mapper = mapper;
    this.pager = pager;
    this.views = views;
  }

  /** The view this service answers in. */
  public ApiView view() {
    return view;
  }

  /**
   * The id of the key its paging markers are signed with ({@link PageMarkerCodec#keyId}), the same
   * in every view: cached pages are kept under it.
   */
  public String markerKeyId() {
    return pager.markerKeyId();
  }

  /** This view's URI prefix, e.g. {@code /o2ims-infrastructureInventory/v2}. */
  public String prefix() {
    return PREFIX + "/" + view.segment();
  }

  /** The versions served under the inventory prefix: every view. */
  public ApiVersions apiVersions() {
    List<ApiVersion> all = new java.util.ArrayList<>();
    for (ApiView v : ApiView.values()) {
      all.add(new ApiVersion(v.version()));
    }
    return new ApiVersions(PREFIX, all);
  }

  /** The versions of this view. */
  public ApiVersions viewVersions() {
    return new ApiVersions(prefix(), List.of(new ApiVersion(view.version())));
  }

  /** The minor versions of v1. */
  public ApiVersions v1Versions() {
    return new ApiVersions(PREFIX + "/v1", List.of(new ApiVersion(ApiView.V1.version())));
  }

  /** The revision of the snapshot queries currently answer from. */
  public long revision() {
    return json().revision();
  }

  /**
   * Builds now, for the current snapshot, what the first filtered list of resources on each of
   * {@code paths} would otherwise build inside its request (the view's JSON, each path's column and
   * its {@code eq}/{@code in} index), unless the engine's latest table already holds those columns
   * (a later snapshot's table then carries them, re-reading only changed objects). For a caller off
   * the request path ({@link FilterColumns}).
   *
   * @param paths attribute paths of resources, as {@link Filter.Term#path()} holds them
   * @return whether anything was built
   */
  public boolean prepareFilters(List<List<String>> paths) {
    if (paths.isEmpty() || views.hasColumns(paths)) {
      return false;
    }
    ObjectTable table = json().table(ObjectType.RESOURCE);
    for (List<String> path : paths) {
      table.prepare(path);
    }
    return true;
  }

  /** The O-Cloud description. */
  public JsonNode ocloud(FieldSelector selector) {
    ObjectSchema schema = view.schema(ObjectType.OCLOUD);
    selector.validate(schema);
    ObjectNode o = pager.parse(json().ocloud());
    return selector.selectsAll() ? o : selector.apply(o, schema);
  }

  /** A page of the objects of one type (resource types, pools, resources, deployment managers). */
  public Page list(ObjectType type, ListQuery query, String path) {
    ObjectSchema schema = validated(type, query);
    return pager.page(json().table(type), null, query, schema, path);
  }

  /** A page of the resources of one pool. */
  public Page resourcesOf(UUID poolId, ListQuery query, String path) {
    ObjectSchema schema = validated(ObjectType.RESOURCE, query);
    SnapshotJson j = json();
    if (!j.objects(ObjectType.RESOURCE_POOL).containsKey(poolId)) {
      throw QueryProblem.notFound("resource pool", poolId);
    }
    return pager.page(j.table(ObjectType.RESOURCE), poolId, query, schema, path);
  }

  /** One location by its {@code globalLocationId} (a free string, matched exactly). */
  public JsonNode location(String globalLocationId, FieldSelector selector) {
    ObjectSchema schema = view.schema(ObjectType.LOCATION);
    selector.validate(schema);
    byte[] o = json().objects(ObjectType.LOCATION).get(Location.keyOf(globalLocationId));
    if (o == null) {
      throw new QueryProblem(
          QueryProblem.Kind.NOT_FOUND,
          "location " + globalLocationId + " does not exist",
          Map.of("globalLocationId", globalLocationId));
    }
    return selected(o, selector, schema);
  }

  /** One object by type and id. */
  public JsonNode get(ObjectType type, UUID id, FieldSelector selector) {
    ObjectSchema schema = view.schema(type);
    selector.validate(schema);
    byte[] o = json().objects(type).get(id);
    if (o == null) {
      throw QueryProblem.notFound(what(type), id);
    }
    return selected(o, selector, schema);
  }

  /** One resource, addressed under its pool; under any other pool it does not exist. */
  public JsonNode resource(UUID poolId, UUID resourceId, FieldSelector selector) {
    ObjectSchema schema = view.schema(ObjectType.RESOURCE);
    selector.validate(schema);
    SnapshotJson j = json();
    if (!j.objects(ObjectType.RESOURCE_POOL).containsKey(poolId)) {
      throw QueryProblem.notFound("resource pool", poolId);
    }
    var r = j.snapshot().resources().get(resourceId);
    byte[] o = j.objects(ObjectType.RESOURCE).get(resourceId);
    if (r == null || o == null || !poolId.equals(r.resourcePoolId())) {
      throw QueryProblem.notFound("resource", resourceId);
    }
    return selected(o, selector, schema);
  }

  /**
   * A page of the alarm dictionaries (one per resource type that has one), in dictionary id order,
   * filtered and projected like any other collection.
   */
  public Page alarmDictionaries(ListQuery query, String path) {
    ObjectSchema schema = ObjectSchema.ALARM_DICTIONARY;
    query.filter().validate(schema);
    query.selector().validate(schema);
    Map<String, ObjectNode> all = new java.util.TreeMap<>();
    for (ObjectNode d : json().dictionaries().values()) {
      all.put(d.path("alarmDictionaryId").asText(), d);
    }
    return pager.pageTrees(all, query, schema, path);
  }

  /** One alarm dictionary by its id. */
  public JsonNode alarmDictionary(UUID dictionaryId, FieldSelector selector) {
    selector.validate(ObjectSchema.ALARM_DICTIONARY);
    String wanted = dictionaryId.toString();
    for (ObjectNode d : json().dictionaries().values()) {
      if (wanted.equals(d.path("alarmDictionaryId").asText())) {
        return dictionarySelected(d, selector);
      }
    }
    throw QueryProblem.notFound("alarm dictionary", dictionaryId);
  }

  /** The alarm dictionary of a resource type. */
  public JsonNode alarmDictionaryOf(UUID resourceTypeId, FieldSelector selector) {
    selector.validate(ObjectSchema.ALARM_DICTIONARY);
    SnapshotJson j = json();
    if (!j.objects(ObjectType.RESOURCE_TYPE).containsKey(resourceTypeId)) {
      throw QueryProblem.notFound("resource type", resourceTypeId);
    }
    ObjectNode d = j.dictionaries().get(resourceTypeId);
    if (d == null) {
      throw new QueryProblem(
          QueryProblem.Kind.NOT_FOUND,
          "resource type " + resourceTypeId + " has no alarm dictionary",
          Map.of("resourceTypeId", resourceTypeId.toString()));
    }
    return dictionarySelected(d, selector);
  }

  private static JsonNode dictionarySelected(ObjectNode d, FieldSelector selector) {
    return selector.selectsAll() ? d : selector.apply(d, ObjectSchema.ALARM_DICTIONARY);
  }

  private JsonNode selected(byte[] json, FieldSelector selector, ObjectSchema schema) {
    ObjectNode o = pager.parse(json);
    return selector.selectsAll() ? o : selector.apply(o, schema);
  }

  private ObjectSchema validated(ObjectType type, ListQuery query) {
    ObjectSchema schema = view.schema(type);
    query.filter().validate(schema);
    query.selector().validate(schema);
    return schema;
  }

  private static String what(ObjectType type) {
    return switch (type) {
      case OCLOUD -> "O-Cloud";
      case RESOURCE_TYPE -> "resource type";
      case RESOURCE_POOL -> "resource pool";
      case RESOURCE -> "resource";
      case DEPLOYMENT_MANAGER -> "deployment manager";
      case LOCATION -> "location";
      case OCLOUD_SITE -> "O-Cloud site";
    };
  }

  private SnapshotJson json() {
    return views.json(source.snapshot(), view);
  }
}
