package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The O-Cloud in its v2 shape (R005-v11): the SMO-assigned id only as {@code globalCloudId}, never
 * the v1 view's {@code globalcloudId} (DECISIONS, "Spellings"), and {@code extensions} always
 * written. Read by the SDK's v2 view, so that an SMO writing it on (JSON through {@link O2Json})
 * sends the v2 members. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"oCloudId", "globalCloudId", "name", "description", "serviceUri", "extensions"})
public record OCloudInfoV2(
    @JsonProperty("oCloudId") UUID oCloudId,
    UUID globalCloudId,
    String name,
    String description,
    String serviceUri,
    Map<String, Object> extensions)
    implements InventoryObject {

  public OCloudInfoV2 {
    Objects.requireNonNull(oCloudId, "oCloudId");
    Objects.requireNonNull(globalCloudId, "globalCloudId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(serviceUri, "serviceUri");
    extensions = FrozenJson.copyOf(extensions);
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
