package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A flavour of resource (for Kubernetes: a node flavour), with its alarm dictionary. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceType(
    UUID resourceTypeId,
    String name,
    String description,
    String vendor,
    String model,
    String version,
    ResourceKind resourceKind,
    ResourceClass resourceClass,
    Map<String, Object> extensions,
    Optional<AlarmDictionary> alarmDictionary)
    implements InventoryObject {

  public ResourceType {
    Objects.requireNonNull(resourceTypeId, "resourceTypeId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    vendor = Objects.requireNonNullElse(vendor, "");
    model = Objects.requireNonNullElse(model, "");
    version = Objects.requireNonNullElse(version, "");
    resourceKind = Objects.requireNonNullElse(resourceKind, ResourceKind.UNDEFINED);
    resourceClass = Objects.requireNonNullElse(resourceClass, ResourceClass.UNDEFINED);
    extensions = FrozenJson.copyOf(extensions);
    alarmDictionary = Objects.requireNonNullElse(alarmDictionary, Optional.empty());
  }

  @Override
  public UUID id() {
    return resourceTypeId;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.RESOURCE_TYPE;
  }

  /** A builder with every optional field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.resourceTypeId = resourceTypeId;
    b.name = name;
    b.description = description;
    b.vendor = vendor;
    b.model = model;
    b.version = version;
    b.resourceKind = resourceKind;
    b.resourceClass = resourceClass;
    b.extensions = extensions;
    b.alarmDictionary = alarmDictionary;
    return b;
  }

  /**
   * Builds a {@link ResourceType}. Not thread-safe; {@link #build()} fails fast, naming every
   * missing required field.
   */
  public static final class Builder {
    private UUID resourceTypeId;
    private String name;
    private String description = "";
    private String vendor = "";
    private String model = "";
    private String version = "";
    private ResourceKind resourceKind = ResourceKind.UNDEFINED;
    private ResourceClass resourceClass = ResourceClass.UNDEFINED;
    private Map<String, Object> extensions = Map.of();
    private Optional<AlarmDictionary> alarmDictionary = Optional.empty();

    private Builder() {}

    public Builder resourceTypeId(UUID resourceTypeId) {
      this.resourceTypeId = Objects.requireNonNull(resourceTypeId, "resourceTypeId");
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

    public Builder vendor(String vendor) {
      this.vendor = Objects.requireNonNull(vendor, "vendor");
      return this;
    }

    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public Builder resourceKind(ResourceKind resourceKind) {
      this.resourceKind = Objects.requireNonNull(resourceKind, "resourceKind");
      return this;
    }

    public Builder resourceClass(ResourceClass resourceClass) {
      this.resourceClass = Objects.requireNonNull(resourceClass, "resourceClass");
      return this;
    }

    public Builder extensions(Map<String, Object> extensions) {
      this.extensions = Objects.requireNonNull(extensions, "extensions");
      return this;
    }

    public Builder alarmDictionary(AlarmDictionary alarmDictionary) {
      this.alarmDictionary = Optional.of(alarmDictionary);
      return this;
    }

    /**
     * @throws IllegalStateException naming the required fields that were not set
     */
    public ResourceType build() {
      List<String> missing = new ArrayList<>();
      if (resourceTypeId == null) {
        missing.add("resourceTypeId");
      }
      if (name == null) {
        missing.add("name");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "ResourceType is missing required field(s): " + String.join(", ", missing));
      }
      return new ResourceType(
          resourceTypeId,
          name,
          description,
          vendor,
          model,
          version,
          resourceKind,
          resourceClass,
          extensions,
          alarmDictionary);
    }
  }
}
