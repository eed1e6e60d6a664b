package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.ArrayList;
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

  /** A builder with every optional field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.resourceId = resourceId;
    b.resourcePoolId = resourcePoolId;
    b.resourceTypeId = resourceTypeId;
    b.globalAssetId = globalAssetId;
    b.description = description;
    b.elements = elements;
    b.tags = tags;
    b.groups = groups;
    b.extensions = extensions;
    return b;
  }

  /**
   * Builds a {@link Resource}. Not thread-safe; {@link #build()} fails fast, naming every missing
   * required field.
   */
  public static final class Builder {
    private UUID resourceId;
    private UUID resourcePoolId;
    private UUID resourceTypeId;
    private String globalAssetId = "";
    private String description = "";
    private List<Resource> elements = List.of();
    private List<String> tags = List.of();
    private List<String> groups = List.of();
    private Map<String, Object> extensions = Map.of();

    private Builder() {}

    public Builder resourceId(UUID resourceId) {
      this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
      return this;
    }

    public Builder resourcePoolId(UUID resourcePoolId) {
      this.resourcePoolId = Objects.requireNonNull(resourcePoolId, "resourcePoolId");
      return this;
    }

    public Builder resourceTypeId(UUID resourceTypeId) {
      this.resourceTypeId = Objects.requireNonNull(resourceTypeId, "resourceTypeId");
      return this;
    }

    public Builder globalAssetId(String globalAssetId) {
      this.globalAssetId = Objects.requireNonNull(globalAssetId, "globalAssetId");
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public Builder elements(List<Resource> elements) {
      this.elements = Objects.requireNonNull(elements, "elements");
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = Objects.requireNonNull(tags, "tags");
      return this;
    }

    public Builder groups(List<String> groups) {
      this.groups = Objects.requireNonNull(groups, "groups");
      return this;
    }

    public Builder extensions(Map<String, Object> extensions) {
      this.extensions = Objects.requireNonNull(extensions, "extensions");
      return this;
    }

    /**
     * @throws IllegalStateException naming the required fields that were not set
     */
    public Resource build() {
      List<String> missing = new ArrayList<>();
      if (resourceId == null) {
        missing.add("resourceId");
      }
      if (resourcePoolId == null) {
        missing.add("resourcePoolId");
      }
      if (resourceTypeId == null) {
        missing.add("resourceTypeId");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "Resource is missing required field(s): " + String.join(", ", missing));
      }
      return new Resource(
          resourceId,
          resourcePoolId,
          resourceTypeId,
          globalAssetId,
          description,
          elements,
          tags,
          groups,
          extensions);
    }
  }
}
