package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A resource pool in its v2 shape (R005-v11): part of an O-Cloud site, without the v1 {@code
 * oCloudId}, {@code globalLocationId} and {@code location}. Read by the SDK's v2 view. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourcePoolV2(
    UUID resourcePoolId,
    String name,
    @com.fasterxml.jackson.annotation.JsonProperty("oCloudSiteId") UUID oCloudSiteId,
    String description,
    Map<String, Object> extensions)
    implements InventoryObject {

  public ResourcePoolV2 {
    Objects.requireNonNull(resourcePoolId, "resourcePoolId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(oCloudSiteId, "oCloudSiteId");
    description = Objects.requireNonNullElse(description, "");
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
