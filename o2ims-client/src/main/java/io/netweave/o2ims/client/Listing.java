package io.netweave.o2ims.client;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * A list result: its items, streamed across pages, and the size of the whole filtered result as the
 * server announced it in {@code X-Total-Count} ({@code -1} when a server sends none). Obtained from
 * {@code listWithTotal}; the stream is consumed once.
 *
 * @param totalCount the number of objects the filter selects, on every page together
 */
public record Listing<T>(long totalCount, Stream<T> items) {
  public Listing {
    Objects.requireNonNull(items, "items");
  }

  static long totalCount(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
