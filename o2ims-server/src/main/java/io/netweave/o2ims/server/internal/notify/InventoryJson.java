package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.SiteLayout;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.server.internal.query.ViewJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The v1 JSON view of inventory objects as notifications carry them, and the keys under which the
 * notified baseline stores them. An object's v1 JSON is its record's, except that a deployment
 * manager's {@code supportedLocations} are its sites' locations in the snapshot at hand, as GETs
 * serve them ({@link ViewJson#deploymentManager}). Thread-safe (the mapper is shared read-only).
 */
final class InventoryJson {
  private final ObjectMapper mapper;

  InventoryJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The prefix of the baseline keys of the v2 view (v1 keys have none, as before v2 existed). */
  static final String V2_PREFIX = "v2:";

  static String key(ObjectType type, UUID id) {
    return type.wireName() + "/" + id;
  }

  static String key(ApiView view, ObjectType type, UUID id) {
    return (view == ApiView.V2 ? V2_PREFIX : "") + key(type, id);
  }

  static ApiView viewOfKey(String key) {
    return key.startsWith(V2_PREFIX) ? ApiView.V2 : ApiView.V1;
  }

  /** Whether a baseline key is an inventory object's (others belong to other producer steps). */
  static boolean isInventoryKey(String key) {
    int slash = key.indexOf('/');
    return slash > 0 && ObjectType.fromWireName(key.substring(0, slash)).isPresent();
  }

  static ObjectType typeOfKey(String key) {
    String k = key.startsWith(V2_PREFIX) ? key.substring(V2_PREFIX.length()) : key;
    return ObjectType.fromWireName(k.substring(0, k.indexOf('/'))).orElseThrow();
  }

  static UUID idOfKey(String key) {
    return UUID.fromString(key.substring(key.indexOf('/') + 1));
  }

  /** An object's v1 JSON, {@code layout} being the sites of the snapshot it belongs to. */
  ObjectNode v1(InventoryObject object, SiteLayout layout) {
    ObjectNode tree = mapper.valueToTree(object);
    return object.objectType() == ObjectType.DEPLOYMENT_MANAGER
        ? ViewJson.deploymentManager(tree, object.id(), layout)
        : tree;
  }

  /** A change in v1 JSON, {@code layout} being the sites of the snapshot it led to. */
  ObjectChange toChange(InventoryChange change, SiteLayout layout) {
    return new ObjectChange(
        change.objectType(),
        change.objectId(),
        change.eventType(),
        change.prior().map(o -> v1(o, layout)),
        change.post().map(o -> v1(o, layout)),
        change.revision());
  }

  /** Every object of the snapshot by key, in v1 JSON text. */
  Map<String, String> view(InventorySnapshot snapshot) {
    SiteLayout layout = SiteLayout.of(snapshot);
    Map<String, String> view = new LinkedHashMap<>();
    for (InventoryObject o : snapshot.allObjects()) {
      view.put(key(o.objectType(), o.id()), text(v1(o, layout)));
    }
    return view;
  }

  String text(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether two JSON texts of an object are one state. The texts of one state may list a map's
   * members in different orders: a map built with {@code Map.of} or {@code Map.copyOf} iterates in
   * an order that changes from one JVM to the next (and the model keeps a map's order), so a
   * baseline stored by an earlier run, or a state rebuilt by a backend, may read otherwise for the
   * same content. Texts that differ are therefore compared as JSON trees, whose objects are equal
   * whatever the order of their members.
   */
  boolean sameState(String known, String text) {
    if (known.equals(text)) {
      return true;
    }
    try {
      return mapper.readTree(known).equals(mapper.readTree(text));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The canonical text of a JSON text, what notification ids are derived from: every object's
   * members sorted by name (arrays keep their order), no white space, scalars as the mapper writes
   * them. Two texts of one state, whatever the order their maps listed their members in (see {@link
   * #sameState}), have one canonical text, in every JVM; {@code null} (no state) gives {@code
   * "null"}.
   */
  String canonical(String text) {
    if (text == null) {
      return "null";
    }
    try {
      JsonNode tree = mapper.readTree(text);
      StringWriter out = new StringWriter(text.length());
      try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
        writeSorted(g, tree);
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeSorted(JsonGenerator g, JsonNode node) throws IOException {
    if (node.isObject()) {
      List<String> names = new ArrayList<>(node.size());
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        writeSorted(g, node.get(name));
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode element : node) {
        writeSorted(g, element);
      }
      g.writeEndArray();
    } else {
      mapper.writeTree(g, node);
    }
  }

  Optional<ObjectNode> parse(String text) {
    try {
      return Optional.of((ObjectNode) mapper.readTree(text));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
