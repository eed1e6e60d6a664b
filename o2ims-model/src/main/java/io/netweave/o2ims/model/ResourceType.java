package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
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
}
