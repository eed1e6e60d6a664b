package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list answer.
 *
 * @param items the selected objects of this page
 * @param total how many objects the whole filtered result holds ({@code X-Total-Count})
 * @param nextMarker the marker of the next page, empty on the last page
 */
public record Page(ArrayNode items, int total, Optional<String> nextMarker) {
  public Page {
    Objects.requireNonNull(items, "items");
    nextMarker = Objects.requireNonNullElse(nextMarker, Optional.empty());
  }
}
