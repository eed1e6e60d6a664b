package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/** A deployment manager (for Kubernetes: the cluster itself). Never carries credentials. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentManager(
    UUID deploymentManagerId,
    String name,
    String description,
    @JsonProperty("oCloudId") UUID oCloudId,
    String serviceUri,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<String> supportedLocations,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, String> capabilities,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, String> capacity,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Object> extensions)
    implements InventoryObject {

  public DeploymentManager {
    Objects.requireNonNull(deploymentManagerId, "deploymentManagerId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(oCloudId, "oCloudId");
    Objects.requireNonNull(serviceUri, "serviceUri");
    supportedLocations = supportedLocations == null ? List.of() : List.copyOf(supportedLocations);
    capabilities =
        capabilities == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(capabilities));
    capacity = capacity == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(capacity));
    extensions = FrozenJson.copyOf(extensions);
  }

  @Override
  public UUID id() {
    return deploymentManagerId;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.DEPLOYMENT_MANAGER;
  }
}
