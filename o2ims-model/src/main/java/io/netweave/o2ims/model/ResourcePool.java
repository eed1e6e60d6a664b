package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A pool of resources (for Kubernetes: the nodes of one zone), in its v1 shape. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourcePool(
    UUID resourcePoolId,
    String name,
    String description,
    @JsonProperty("oCloudId") UUID oCloudId,
    String globalLocationId,
    Optional<String> location,
    Map<String, Object> extensions)
    implements InventoryObject {

  public ResourcePool {
    Objects.requireNonNull(resourcePoolId, "resourcePoolId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(oCloudId, "oCloudId");
    Objects.requireNonNull(globalLocationId, "globalLocationId");
    location = Objects.requireNonNullElse(location, Optional.empty());
    extensions = FrozenJson.copyOf(extensions);
  }

  @Override
  public UUID id() {
    return resourcePoolId;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.RESOURCE_POOL;
  }
}
