package io.netweave.o2ims.cache;

import java.util.Map;
import java.util.Objects;

/**
 * Ready-to-write response bytes and the headers that go with them (e.g. {@code X-Total-Count},
 * {@code Link}). The body array must not be modified after construction.
 */
public record CachedResponse(int status, Map<String, String> headers, byte[] body) {
  public CachedResponse {
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** Bytes held, for the cache's weigher. */
  public int weight() {
    int weight = body.length + 64;
    for (Map.Entry<String, String> e : headers.entrySet()) {
      weight += e.getKey().length() + e.getValue().length();
    }
    return weight;
  }
}
