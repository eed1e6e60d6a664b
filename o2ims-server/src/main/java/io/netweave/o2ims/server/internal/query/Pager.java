package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.PageMarkerCodec;
import java.util.Map;
import java.util.Optional;

/**
 * Filters, pages (keyset by id string, as the maps iterate) and projects a map of JSON objects.
 * Shared by the inventory and subscription services. Thread-safe.
 */
final class Pager {
  private final PageMarkerCodec markers;
  private final int pageSize;

  Pager(PageMarkerCodec markers, int pageSize) {
    this.markers = markers;
    this.pageSize = pageSize;
  }

  /**
   * @param objects id-ordered objects keyed by the id's string form order
   * @param path the request path, to which markers are bound
   * @throws io.netweave.o2ims.model.InvalidQueryException for a bad or foreign marker
   */
  Page page(
      Map<? extends Comparable<?>, ObjectNode> objects,
      ListQuery query,
      ObjectSchema schema,
      String path) {
    return page(objects, query, schema, path, o -> query.filter().matches(o));
  }

  /**
   * Pages with a filter decision of the caller's (e.g. one that evaluates an alias view of each
   * object); markers stay bound to the query's filter text.
   */
  Page page(
      Map<? extends Comparable<?>, ObjectNode> objects,
      ListQuery query,
      ObjectSchema schema,
      String path,
      java.util.function.Predicate<ObjectNode> selected) {
    String fingerprint = query.fingerprint(path);
    Optional<String> after = query.marker().map(m -> markers.decode(m, fingerprint));
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    int total = 0;
    String lastKey = null;
    boolean more = false;
    for (Map.Entry<? extends Comparable<?>, ObjectNode> e : objects.entrySet()) {
      ObjectNode o = e.getValue();
      if (!selected.test(o)) {
        continue;
      }
      total++;
      String key = e.getKey().toString();
      if (after.isPresent() && key.compareTo(after.get()) <= 0) {
        continue;
      }
      if (items.size() < pageSize) {
        items.add(project(o, query, schema));
        lastKey = key;
      } else {
        more = true;
      }
    }
    Optional<String> next =
        more ? Optional.of(markers.encode(lastKey, fingerprint)) : Optional.empty();
    return new Page(items, total, next);
  }

  static JsonNode project(ObjectNode o, ListQuery query, ObjectSchema schema) {
    return query.selector().selectsAll() ? o : query.selector().apply(o, schema);
  }
}
