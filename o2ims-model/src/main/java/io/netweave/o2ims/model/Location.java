package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A location (v2 {@code LocationInfo}): where O-Cloud sites are, identified by the SMO's free-form
 * {@code globalLocationId} (matched exactly). Carries at least one of {@code address}, {@code
 * coordinate} and {@code civicAddress}. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Location(
    String globalLocationId,
    String name,
    String description,
    List<UUID> oCloudSiteIds,
    Optional<Map<String, Object>> coordinate,
    Optional<List<Map<String, Object>>> civicAddress,
    Optional<String> address,
    Map<String, Object> extensions)
    implements InventoryObject {

  /** The namespace of the internal keys of locations. */
  private static final UUID KEYS = UUID.fromString("0c1f4e8a-57d2-5b8e-8a41-6e0f2b3c9d17");

  public Location {
    Objects.requireNonNull(globalLocationId, "globalLocationId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    oCloudSiteIds = List.copyOf(oCloudSiteIds);
    coordinate =
        Objects.requireNonNullElse(coordinate, Optional.<Map<String, Object>>empty())
            .map(FrozenJson::copyOf);
    civicAddress =
        Objects.requireNonNullElse(civicAddress, Optional.<List<Map<String, Object>>>empty())
            .map(l -> l.stream().map(FrozenJson::copyOf).toList());
    address = Objects.requireNonNullElse(address, Optional.empty());
    extensions = FrozenJson.copyOf(extensions);
  }

  /** The internal key of a location: a name-based UUID of its {@code globalLocationId}. */
  public static UUID keyOf(String globalLocationId) {
    return NameBasedUuid.v5(KEYS, globalLocationId);
  }

  /** {@link #keyOf} this location's id (the API id is the string {@code globalLocationId}). */
  @Override
  public UUID id() {
    return keyOf(globalLocationId);
  }

  @Override
  @JsonIgnore
  public ObjectType objectType() {
    return ObjectType.LOCATION;
  }
}
