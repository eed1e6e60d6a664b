package io.netweave.o2ims.server.internal.notify.embedded;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongFunction;

/**
 * The decoded text of the most recently used shared bodies, by body key: a change to 1,000
 * subscriptions stores its body once, and without this every delivery of it decoded the stored
 * UTF-8 bytes again (about 1.5 KB each) and handed the callback client a new {@code String}, so the
 * client encoded it back to UTF-8 again. With it, every delivery of one shared body gets the same
 * {@code String} instance (the producer's own while it is cached), which the callback client's
 * cache of request bytes recognises by identity.
 *
 * <p>Direct-mapped: a key has one slot ({@code key mod size}); body keys are entry sequences, which
 * are assigned in increasing order and never reused, so the queues being delivered (which advance
 * at the same pace) rarely evict each other's bodies. A stored body never changes; {@link #forget}
 * drops a key when its body is removed from the map, so a removed body is not served from here
 * after its removal. Thread-safe, lock-free.
 */
final class RecentBodies {
  private record Slot(long key, String text) {}

  private final AtomicReferenceArray<Slot> slots;
  private final int mask;

  /**
   * @param size slots, a power of two
   */
  RecentBodies(int size) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("size must be a power of two, was " + size);
    }
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  /** Remembers {@code text} as the body stored under {@code key}. */
  void put(long key, String text) {
    slots.set(index(key), new Slot(key, text));
  }

  /**
   * The body under {@code key}: the remembered text, else {@code load}'s (remembered unless null).
   */
  String get(long key, LongFunction<String> load) {
    int i = index(key);
    Slot slot = slots.get(i);
    if (slot != null && slot.key() == key) {
      return slot.text();
    }
    String text = load.apply(key);
    if (text != null) {
      slots.set(i, new Slot(key, text));
    }
    return text;
  }

  /** Forgets {@code key} (its body is being removed). */
  void forget(long key) {
    int i = index(key);
    Slot slot = slots.get(i);
    if (slot != null && slot.key() == key) {
      slots.compareAndSet(i, slot, null);
    }
  }

  private int index(long key) {
    return (int) (key & mask);
  }
}
