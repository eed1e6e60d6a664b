package io.netweave.o2ims.cache.internal;

import io.netweave.o2ims.cache.CachedResponse;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Packs a {@link CachedResponse} and its expiry time into one Redis value:
 *
 * <pre>
 * byte   version (1)
 * long   expires at, epoch milliseconds
 * int    status
 * int    header count, then per header: int length, UTF-8 name, int length, UTF-8 value
 * int    body length, body bytes
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class ResponseCodec {

  private static final byte VERSION = 1;

  /** A decoded value. */
  record Decoded(CachedResponse response, long expiresAtMillis) {}

  private ResponseCodec() {}

  static byte[] encode(CachedResponse response, long expiresAtMillis) {
    int size = 1 + 8 + 4 + 4 + 4 + response.body().length;
    Map<byte[], byte[]> headers = new HashMap<>();
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      byte[] name = h.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = h.getValue().getBytes(StandardCharsets.UTF_8);
      headers.put(name, value);
      size += 8 + name.length + value.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).putLong(expiresAtMillis).putInt(response.status()).putInt(headers.size());
    for (Map.Entry<byte[], byte[]> h : headers.entrySet()) {
      out.putInt(h.getKey().length).put(h.getKey()).putInt(h.getValue().length).put(h.getValue());
    }
    out.putInt(response.body().length).put(response.body());
    return out.array();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a value this codec wrote
   */
  static Decoded decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown cache value version " + version);
      }
      long expiresAt = in.getLong();
      int status = in.getInt();
      int count = in.getInt();
      if (count < 0 || count > in.remaining() / 8) {
        throw new IllegalArgumentException("corrupt cache value: header count " + count);
      }
      Map<String, String> headers = new HashMap<>();
      for (int i = 0; i < count; i++) {
        headers.put(string(in), string(in));
      }
      byte[] body = bytes(in);
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("corrupt cache value: trailing bytes");
      }
      return new Decoded(new CachedResponse(status, headers, body), expiresAt);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("corrupt cache value: truncated", e);
    }
  }

  private static String string(ByteBuffer in) {
    return new String(bytes(in), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("corrupt cache value: length " + length);
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }
}
