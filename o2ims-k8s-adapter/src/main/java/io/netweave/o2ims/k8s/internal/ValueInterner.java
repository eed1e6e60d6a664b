package io.netweave.o2ims.k8s.internal;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Shares equal immutable values between nodes: strings through the JVM's string table, other values
 * (frozen capacity maps, system info, condition maps) through a weak table, so that a value no node
 * holds any more is forgotten. Values must be immutable and have value equality. Thread-safe.
 */
public final class ValueInterner {
  private final Map<Object, WeakReference<Object>> values = new WeakHashMap<>();

  /** The shared instance of a string ({@code null} stays {@code null}). */
  public String string(String s) {
    return s == null ? null : s.intern();
  }

  /** The shared instance equal to {@code value}, which becomes it when there is none. */
  @SuppressWarnings("unchecked")
  public synchronized <T> T value(T value) {
    WeakReference<Object> ref = values.get(value);
    Object shared = ref == null ? null : ref.get();
    if (shared != null) {
      return (T) shared;
    }
    values.put(value, new WeakReference<>(value));
    return value;
  }
}
