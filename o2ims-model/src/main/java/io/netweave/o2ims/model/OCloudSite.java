package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An O-Cloud site (v2 {@code OCloudSiteInfo}): where a cluster's nodes are, at one location, with
 * the pools there. {@code extensions.deploymentManagerId} names the cluster. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OCloudSite(
    @JsonProperty("oCloudSiteId") UUID oCloudSiteId,
    String globalLocationId,
    String name,
    String description,
    List<UUID> resourcePools,
    Map<String, Object> extensions)
    implements InventoryObject {

  public OCloudSite {
    Objects.requireNonNull(oCloudSiteId, "oCloudSiteId");
    Objects.requireNonNull(globalLocationId, "globalLocationId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    resourcePools = List.copyOf(resourcePools);
    extensions = FrozenJson.copyOf(extensions);
  }

  @Override
  public UUID id() {
    return oCloudSiteId;
  }

  @Override
  @JsonIgnore
  public ObjectType objectType() {
    return ObjectType.OCLOUD_SITE;
  }
}
