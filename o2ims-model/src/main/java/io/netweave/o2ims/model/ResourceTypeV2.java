package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A resource type in its v2 shape (R005-v11): its alarm dictionary referenced by {@code
 * alarmDictionaryId} (fetch it with the v2 view's {@code alarmDictionary(typeId)}) instead of
 * embedded. Read by the SDK's v2 view. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceTypeV2(
    UUID resourceTypeId,
    String name,
    String description,
    String vendor,
    String model,
    String version,
    Optional<UUID> alarmDictionaryId,
    ResourceKind resourceKind,
    ResourceClass resourceClass,
    Map<String, Object> extensions)
    implements InventoryObject {

  public ResourceTypeV2 {
    Objects.requireNonNull(resourceTypeId, "resourceTypeId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    vendor = Objects.requireNonNullElse(vendor, "");
    model = Objects.requireNonNullElse(model, "");
    version = Objects.requireNonNullElse(version, "");
    alarmDictionaryId = Objects.requireNonNullElse(alarmDictionaryId, Optional.empty());
    Objects.requireNonNull(resourceKind, "resourceKind");
    Objects.requireNonNull(resourceClass, "resourceClass");
    extensions = FrozenJson.copyOf(extensions);
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
