package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configured details of the O-Cloud site of a cluster (DECISIONS, "Locations and sites (v2)"):
 * every field optional. Published under the deployment manager's {@code extensions.site}, where
 * {@link SiteLayout} reads it. Immutable.
 *
 * @param coordinate a GeoJSON Point ({@code {"type":"Point","coordinates":[lon,lat(,alt)]}})
 * @param civicAddress RFC 4776 elements ({@code [{"caType":1,"caValue":"DE"}]})
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record SiteDetails(
    Optional<String> name,
    Optional<String> globalLocationId,
    Optional<String> address,
    Optional<Map<String, Object>> coordinate,
    Optional<List<Map<String, Object>>> civicAddress) {

  public SiteDetails {
    name = Objects.requireNonNullElse(name, Optional.empty());
    globalLocationId = Objects.requireNonNullElse(globalLocationId, Optional.empty());
    address = Objects.requireNonNullElse(address, Optional.empty());
    coordinate =
        Objects.requireNonNullElse(coordinate, Optional.<Map<String, Object>>empty())
            .map(FrozenJson::copyOf);
    civicAddress =
        Objects.requireNonNullElse(civicAddress, Optional.<List<Map<String, Object>>>empty())
            .map(l -> l.stream().map(FrozenJson::copyOf).toList());
  }

  /** No configured details. */
  public static SiteDetails none() {
    return new SiteDetails(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether nothing is configured. */
  public boolean isEmpty() {
    return equals(none());
  }

  /** The details as an extensions member. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    name.ifPresent(v -> m.put("name", v));
    globalLocationId.ifPresent(v -> m.put("globalLocationId", v));
    address.ifPresent(v -> m.put("address", v));
    coordinate.ifPresent(v -> m.put("coordinate", v));
    civicAddress.ifPresent(v -> m.put("civicAddress", v));
    return m;
  }

  /** Reads details written by {@link #toMap()}; anything else is ignored. */
  @SuppressWarnings("unchecked")
  public static SiteDetails fromMap(Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      return none();
    }
    return new SiteDetails(
        text(m.get("name")),
        text(m.get("globalLocationId")),
        text(m.get("address")),
        m.get("coordinate") instanceof Map<?, ?> c
            ? Optional.of((Map<String, Object>) c)
            : Optional.empty(),
        m.get("civicAddress") instanceof List<?> l
            ? Optional.of((List<Map<String, Object>>) l)
            : Optional.empty());
  }

  private static Optional<String> text(Object o) {
    return o instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
  }
}
