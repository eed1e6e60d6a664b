package io.netweave.o2ims.model.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Deep, immutable copies of JSON-like values (maps, lists, strings, numbers, booleans) as held by
 * the {@code extensions} of inventory objects. Insertion order is kept so that serialized output is
 * stable.
 *
 * <p>Design note: a source holding 50,000 nodes keeps one record per node, so frozen objects are
 * compact (one array of keys and values, no entry objects) and a value that is already frozen is
 * shared, never copied again: a source can freeze a node's labels once and hand the same map to
 * every record built from it.
 */
public final class FrozenJson {
  private FrozenJson() {}

  /**
   * Copies a JSON object; returns {@code source} itself when it is already frozen.
   *
   * @throws IllegalArgumentException if a key is null or a value is not JSON-like
   */
  public static Map<String, Object> copyOf(Map<String, ?> source) {
    if (source == null || source.isEmpty()) {
      return Map.of();
    }
    if (source instanceof FrozenMap frozen) {
      return frozen;
    }
    Object[] keysAndValues = new Object[source.size() * 2];
    int i = 0;
    for (Map.Entry<String, ?> e : source.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("JSON object keys must not be null");
      }
      keysAndValues[i++] = e.getKey();
      keysAndValues[i++] = copyValue(e.getValue());
    }
    return new FrozenMap(keysAndValues);
  }

  private static Object copyValue(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number
        || value instanceof FrozenMap) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return Map.of();
      }
      Object[] keysAndValues = new Object[map.size() * 2];
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings: " + e.getKey());
        }
        keysAndValues[i++] = key;
        keysAndValues[i++] = copyValue(e.getValue());
      }
      return new FrozenMap(keysAndValues);
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

  /**
   * An immutable JSON object in insertion order: keys and values alternate in one array. Lookups
   * scan the keys (JSON objects of inventory records hold a few dozen members at most).
   */
  private static final class FrozenMap extends AbstractMap<String, Object> {
    private final Object[] keysAndValues;
    private int hash;

    FrozenMap(Object[] keysAndValues) {
      this.keysAndValues = keysAndValues;
    }

    @Override
    public int size() {
      return keysAndValues.length / 2;
    }

    @Override
    public Object get(Object key) {
      int i = indexOf(key);
      return i < 0 ? null : keysAndValues[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
      return indexOf(key) >= 0;
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
      int i = indexOf(key);
      return i < 0 ? defaultValue : keysAndValues[i + 1];
    }

    private int indexOf(Object key) {
      if (key == null) {
        return -1;
      }
      for (int i = 0; i < keysAndValues.length; i += 2) {
        if (keysAndValues[i] == key) {
          return i;
        }
      }
      for (int i = 0; i < keysAndValues.length; i += 2) {
        if (keysAndValues[i].equals(key)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public int hashCode() {
      int h = hash;
      if (h == 0) {
        h = super.hashCode();
        hash = h;
      }
      return h;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return keysAndValues.length / 2;
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keysAndValues.length;
            }

            @Override
            public Entry<String, Object> next() {
              if (next >= keysAndValues.length) {
                throw new NoSuchElementException();
              }
              Entry<String, Object> e =
                  new SimpleImmutableEntry<>((String) keysAndValues[next], keysAndValues[next + 1]);
              next += 2;
              return e;
            }
          };
        }
      };
    }
  }
}
