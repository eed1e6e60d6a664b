package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.model.O2Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list answer, its objects already in their response JSON.
 *
 * @param itemJson the JSON (UTF-8) of each selected object of this page, in order; the arrays are
 *     shared with the query engine and must not be modified
 * @param total how many objects the whole filtered result holds ({@code X-Total-Count})
 * @param nextMarker the marker of the next page, empty on the last page
 */
public record Page(List<byte[]> itemJson, int total, Optional<String> nextMarker) {
  private static final ObjectMapper INSPECTION = O2Json.newMapper();

  public Page {
    itemJson = List.copyOf(itemJson);
    nextMarker = Objects.requireNonNullElse(nextMarker, Optional.empty());
  }

  /** The response body: the objects as one JSON array, by concatenating their bytes. */
  public byte[] json() {
    int size = 2 + Math.max(0, itemJson.size() - 1);
    for (byte[] item : itemJson) {
      size += item.length;
    }
    byte[] out = new byte[size];
    out[0] = '[';
    int at = 1;
    for (int i = 0; i < itemJson.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      byte[] item = itemJson.get(i);
      System.arraycopy(item, 0, out, at, item.length);
      at += item.length;
    }
    out[at] = ']';
    return out;
  }

  /**
   * The objects parsed into a new tree (for inspection and tests; the server writes {@link #json}).
   */
  public ArrayNode items() {
    try {
      return (ArrayNode) INSPECTION.readTree(json());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a page holds JSON that does not parse", e);
    }
  }
}
