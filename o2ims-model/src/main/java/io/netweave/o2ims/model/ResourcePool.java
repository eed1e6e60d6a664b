package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.ArrayList;
import java.util.List;
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

  /** A builder with every optional field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.resourcePoolId = resourcePoolId;
    b.name = name;
    b.description = description;
    b.oCloudId = oCloudId;
    b.globalLocationId = globalLocationId;
    b.location = location;
    b.extensions = extensions;
    return b;
  }

  /**
   * Builds a {@link ResourcePool}. Not thread-safe; {@link #build()} fails fast, naming every
   * missing required field.
   */
  public static final class Builder {
    private UUID resourcePoolId;
    private String name;
    private String description = "";
    private UUID oCloudId;
    private String globalLocationId;
    private Optional<String> location = Optional.empty();
    private Map<String, Object> extensions = Map.of();

    private Builder() {}

    public Builder resourcePoolId(UUID resourcePoolId) {
      this.resourcePoolId = Objects.requireNonNull(resourcePoolId, "resourcePoolId");
      return this;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public Builder oCloudId(UUID oCloudId) {
      this.oCloudId = Objects.requireNonNull(oCloudId, "oCloudId");
      return this;
    }

    public Builder globalLocationId(String globalLocationId) {
      this.globalLocationId = Objects.requireNonNull(globalLocationId, "globalLocationId");
      return this;
    }

    public Builder location(String location) {
      this.location = Optional.of(location);
      return this;
    }

    public Builder extensions(Map<String, Object> extensions) {
      this.extensions = Objects.requireNonNull(extensions, "extensions");
      return this;
    }

    /**
     * @throws IllegalStateException naming the required fields that were not set
     */
    public ResourcePool build() {
      List<String> missing = new ArrayList<>();
      if (resourcePoolId == null) {
        missing.add("resourcePoolId");
      }
      if (name == null) {
        missing.add("name");
      }
      if (oCloudId == null) {
        missing.add("oCloudId");
      }
      if (globalLocationId == null) {
        missing.add("globalLocationId");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "ResourcePool is missing required field(s): " + String.join(", ", missing));
      }
      return new ResourcePool(
          resourcePoolId, name, description, oCloudId, globalLocationId, location, extensions);
    }
  }
}
