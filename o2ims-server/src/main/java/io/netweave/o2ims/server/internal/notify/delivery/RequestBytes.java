package io.netweave.o2ims.server.internal.notify.delivery;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The UTF-8 encoding of recently posted bodies, found by the identity of the body's {@code String}
 * (never by its content, so a hit is the same immutable text and needs no comparison). A body seen
 * for the first time costs one encoding, as without the cache, plus one slot write.
 *
 * <p>Direct-mapped on the string's identity hash, so two bodies in flight may share a slot and
 * evict each other (then both are encoded each time, as without the cache). Thread-safe, lock-free;
 * the returned arrays are shared and must not be modified.
 */
final class RequestBytes {
  private record Slot(String text, byte[] bytes) {}

  private final AtomicReferenceArray<Slot> slots;
  private final int mask;

  /**
   * @param size slots, a power of two
   */
  RequestBytes(int size) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("size must be a power of two, was " + size);
    }
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  /** {@code body} in UTF-8 (shared; not to be modified). */
  byte[] of(String body) {
    int i = System.identityHashCode(body) & mask;
    Slot slot = slots.get(i);
    if (slot != null && slot.text() == body) {
      return slot.bytes();
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    slots.set(i, new Slot(body, bytes));
    return bytes;
  }
}
