package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The O-Cloud this gateway describes. In the v1 view the SMO-assigned id is written under both
 * spellings the field uses, {@code globalCloudId} (the spec's) and {@code globalcloudId} (the
 * R004-era OpenAPI file's); reading accepts either.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "oCloudId",
  "globalCloudId",
  "globalcloudId",
  "name",
  "description",
  "serviceUri",
  "extensions"
})
public record OCloudInfo(
    @JsonProperty("oCloudId") UUID oCloudId,
    @JsonProperty("globalCloudId") @JsonAlias("globalcloudId") UUID globalCloudId,
    String name,
    String description,
    String serviceUri,
    Map<String, Object> extensions)
    implements InventoryObject {

  public OCloudInfo {
    Objects.requireNonNull(oCloudId, "oCloudId");
    Objects.requireNonNull(globalCloudId, "globalCloudId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(serviceUri, "serviceUri");
    extensions = FrozenJson.copyOf(extensions);
  }

  /** The R004-era spelling of {@link #globalCloudId()}, written for v1 clients. */
  @JsonProperty(value = "globalcloudId", access = JsonProperty.Access.READ_ONLY)
  public UUID globalcloudId() {
    return globalCloudId;
  }

  @Override
  public UUID id() {
    return oCloudId;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.OCLOUD;
  }
}
