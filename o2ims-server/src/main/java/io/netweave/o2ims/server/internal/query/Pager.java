package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.PageMarkerCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Filters, pages (keyset by id string, as the maps iterate) and renders a map of objects. Shared by
 * the inventory, monitoring and subscription services. Thread-safe.
 *
 * <p>The inventory's objects are held as their default JSON bytes ({@link #page(Map, ListQuery,
 * ObjectSchema, String)}): a page without selectors is those bytes concatenated, a filter reads
 * only the members it tests ({@link FilterInput}), and only a page with selectors parses its
 * objects to project them. Objects built per request as trees (subscriptions, alarms) are paged by
 * {@link #pageTrees}.
 */
final class Pager {
  private final PageMarkerCodec markers;
  private final int pageSize;
  private final ObjectMapper mapper;

  Pager(PageMarkerCodec markers, int pageSize, ObjectMapper mapper) {
    this.markers = markers;
    this.pageSize = pageSize;
    this.mapper = mapper;
  }

  /**
   * A page of objects held as JSON bytes.
   *
   * @param objects id-ordered objects keyed by the id's string form order
   * @param path the request path, to which markers are bound
   * @throws io.netweave.o2ims.model.InvalidQueryException for a bad or foreign marker
   */
  Page page(
      Map<? extends Comparable<?>, byte[]> objects,
      ListQuery query,
      ObjectSchema schema,
      String path) {
    FilterInput input = FilterInput.of(query.filter(), mapper);
    Predicate<byte[]> selected =
        input.readsNothing() ? json -> true : json -> query.filter().matches(input.read(json));
    return page(objects, query, path, selected, rendering(query, schema));
  }

  /** A page of objects built as trees; {@code selected} is the caller's filter decision. */
  Page pageTrees(
      Map<? extends Comparable<?>, ObjectNode> objects,
      ListQuery query,
      ObjectSchema schema,
      String path,
      Predicate<ObjectNode> selected) {
    return page(objects, query, path, selected, o -> write(project(o, query, schema)));
  }

  /** A page of objects built as trees, filtered by the query's filter. */
  Page pageTrees(
      Map<? extends Comparable<?>, ObjectNode> objects,
      ListQuery query,
      ObjectSchema schema,
      String path) {
    return pageTrees(objects, query, schema, path, o -> query.filter().matches(o));
  }

  private <T> Page page(
      Map<? extends Comparable<?>, T> objects,
      ListQuery query,
      String path,
      Predicate<T> selected,
      Function<T, byte[]> render) {
    String fingerprint = query.fingerprint(path);
    Optional<String> after = query.marker().map(m -> markers.decode(m, fingerprint));
    List<byte[]> items = new ArrayList<>(Math.min(pageSize, objects.size()));
    int total = 0;
    String lastKey = null;
    boolean more = false;
    for (Map.Entry<? extends Comparable<?>, T> e : objects.entrySet()) {
      T o = e.getValue();
      if (!selected.test(o)) {
        continue;
      }
      total++;
      String key = e.getKey().toString();
      if (after.isPresent() && key.compareTo(after.get()) <= 0) {
        continue;
      }
      if (items.size() < pageSize) {
        items.add(render.apply(o));
        lastKey = key;
      } else {
        more = true;
      }
    }
    Optional<String> next =
        more ? Optional.of(markers.encode(lastKey, fingerprint)) : Optional.empty();
    return new Page(items, total, next);
  }

  /** The bytes to send for an object held as bytes: as held, or parsed and projected. */
  private Function<byte[], byte[]> rendering(ListQuery query, ObjectSchema schema) {
    if (query.selector().selectsAll()) {
      return json -> json;
    }
    return json -> write(query.selector().apply(parse(json), schema));
  }

  /** An object held as bytes, parsed into a new tree the caller may change. */
  ObjectNode parse(byte[] json) {
    return SnapshotJson.tree(json, mapper);
  }

  byte[] write(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an object", e);
    }
  }

  static JsonNode project(ObjectNode o, ListQuery query, ObjectSchema schema) {
    return query.selector().selectsAll() ? o : query.selector().apply(o, schema);
  }
}
