package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A resource of a pool (for Kubernetes: a node), possibly composed of child {@code elements}.
 * Absent or {@code null} arrays read as empty, as some reference servers send them.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Resource(
    UUID resourceId,
    UUID resourcePoolId,
    UUID resourceTypeId,
    String globalAssetId,
    String description,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<Resource> elements,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<String> tags,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<String> groups,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Object> extensions)
    implements InventoryObject {

  public Resource {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(resourcePoolId, "resourcePoolId");
    Objects.requireNonNull(resourceTypeId, "resourceTypeId");
    globalAssetId = Objects.requireNonNullElse(globalAssetId, "");
    description = Objects.requireNonNullElse(description, "");
    elements = elements == null ? List.of() : List.copyOf(elements);
    tags = tags == null ? List.of() : List.copyOf(tags);
    groups = groups == null ? List.of() : List.copyOf(groups);
    extensions = FrozenJson.copyOf(extensions);
  }

  @Override
  public UUID id() {
    return resourceId;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.RESOURCE;
  }
}
