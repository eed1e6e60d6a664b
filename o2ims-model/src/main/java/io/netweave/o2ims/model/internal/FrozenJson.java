package io.netweave.o2ims.model.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, immutable copies of JSON-like values (maps, lists, strings, numbers, booleans) as held by
 * the {@code extensions} of inventory objects. Insertion order is kept so that serialized output is
 * stable.
 */
public final class FrozenJson {
  private FrozenJson() {}

  /**
   * Copies a JSON object.
   *
   * @throws IllegalArgumentException if a key is null or a value is not JSON-like
   */
  public static Map<String, Object> copyOf(Map<String, ?> source) {
    if (source == null || source.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(source.size() * 2);
    for (Map.Entry<String, ?> e : source.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("JSON object keys must not be null");
      }
      copy.put(e.getKey(), copyValue(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
        }
        copy.put(key, copyValue(e.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) {
        copy.add(copyValue(o));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        "not a JSON value: " + value.getClass().getName() + " (" + value + ")");
  }
}
